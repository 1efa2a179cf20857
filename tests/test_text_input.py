"""Names and free text refuse control characters and the characters that change which
way text runs, with a message on the field, everywhere text comes in; and change nothing."""

import pytest

from common.text import unsafe_character
from participants.models import DirectPayment, Participant
from tests.factories import ParticipantFactory
from tests.participant_pages_helpers import add_form, url

RLO = "\u202e"  # right-to-left override


@pytest.mark.parametrize(
    ("text", "multiline", "named"),
    [
        ("Ann\u202eEvans", True, "U+202E (right-to-left override)"),
        ("Ann\u2066Evans", True, "U+2066 (left-to-right isolate)"),
        ("Bell\x07", True, "U+0007"),
        ("Null\x00", True, "U+0000"),
        ("C1\x85control", True, "U+0085"),
        ("Two\nlines", False, "one line"),
        ("A\ttab", False, "tab"),
    ],
)
def test_unsafe_characters_are_named(text, multiline, named):
    assert named in unsafe_character(text, multiline=multiline)


@pytest.mark.parametrize(
    "text",
    ["Zoë Ó Súilleabháin", "Siân ap Gwilym", "Łucja Wójcik", "张伟", "محمد الأحمد", "דוד", "A\nB"],
)
def test_names_in_any_script_and_lines_in_free_text_are_kept(text):
    assert unsafe_character(text) is None


def test_a_name_with_a_direction_override_is_refused_on_the_page(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(family_name=f"Evans{RLO}"))
    assert response.status_code == 200
    assert "U+202E" in response.context["form"].errors["family_name"][0]
    assert 'href="#id_family_name"' in response.text
    assert not Participant.objects.exists()


def test_a_name_with_a_control_character_is_refused_by_the_api(api, people, db):
    api.force_authenticate(people.coordinator)
    response = api.post(
        "/api/v1/participants/",
        {
            "nhs_number": "999 000 0018",
            "given_name": "Morwenna\x07",
            "family_name": "Treloar",
            "date_of_birth": "1979-05-04",
        },
    )
    assert response.status_code == 400
    assert "U+0007" in response.json()["given_name"][0]
    assert not Participant.objects.exists()


def test_a_list_names_the_item_at_fault_and_records_nothing(api, people, db):
    person = ParticipantFactory(team=people.team)
    api.force_authenticate(people.coordinator)
    response = api.post(
        f"/api/v1/participants/{person.pk}/direct-payments/",
        [
            {"date": "2011-06-01", "amount": "3800.00", "description": "Gym"},
            {
                "date": "2011-06-01",
                "amount": "10.00",
                "description": f"Lap{RLO}",
            },
        ],
    )
    assert response.status_code == 400
    body = response.json()
    assert body[0] == {}
    assert "U+202E" in body[1]["description"][0]
    assert not DirectPayment.objects.exists()


def test_an_imported_row_with_a_control_character_is_a_problem_on_its_line(client, people):
    person = ParticipantFactory(team=people.team)
    text = (
        "nhs_number,date,amount,description\n"
        f"{person.nhs_number},01/09/2011,3800,Laptop\n"
        f"{person.nhs_number},01/09/2011,10,Gym\x1b[31m\n"
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_direct_payments"), {"text": text})
    problems = response.context["problems"]
    assert [p.row for p in problems] == [3]
    assert problems[0].message.startswith("description: Remove the invisible character U+001B")
    assert not DirectPayment.objects.exists()
