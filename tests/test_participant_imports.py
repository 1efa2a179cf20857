"""Importing service use and direct payments from CSV: preview, then import."""

from decimal import Decimal

import pytest

from participants.models import DirectPayment, ServiceEvent
from tests import participant_pages_helpers
from tests.factories import ParticipantFactory
from tests.participant_pages_helpers import url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


# -- CSV imports ---------------------------------------------------------------------------------


def test_a_good_service_use_file_previews_every_row_then_imports_them(
    client, people, person, pilot_tariffs
):
    text = (
        "nhs_number,intervention,date,quantity\n"
        f"{person.nhs_number_display},cmht,2010-06-01,49\n"
        f"{person.nhs_number},crisis,01/07/2010,5\n"
    )
    client.force_login(people.coordinator)
    preview = client.post(url("import_service_use"), {"text": text})
    assert preview.status_code == 200
    assert [row["line"] for row in preview.context["rows"]] == [2, 3]
    for figure in ("£202.04", "£9,899.96", "£180.71", "£903.55", "Import 2 rows"):
        assert figure in preview.text
    assert not ServiceEvent.objects.exists()

    done = client.post(url("import_service_use"), {"csv_text": text, "confirm": "1"}, follow=True)
    assert "Imported 2 rows of service use." in done.text
    assert ServiceEvent.objects.filter(participant=person).count() == 2


def test_an_uploaded_file_is_read_too(client, people, person, pilot_tariffs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"\ufeffnhs_number,intervention,date,quantity\n{person.nhs_number},cmht,2010-06-01,1\n"
    upload = SimpleUploadedFile("use.csv", text.encode(), content_type="text/csv")
    client.force_login(people.coordinator)
    preview = client.post(url("import_service_use"), {"file": upload})
    assert len(preview.context["rows"]) == 1


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(
    client, people, person, pilot_tariffs
):
    text = (
        "nhs_number,intervention,date,quantity\n"
        f"{person.nhs_number},cmht,2010-06-01,1\n"
        f"{person.nhs_number},cmht,2009-03-01,1\n"
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": text})
    assert [(p.row, p.message) for p in response.context["problems"]] == [
        (3, "There is no cmht tariff in force on 01 March 2009")
    ]
    assert "Nothing has been imported" in response.text
    assert "rows" not in response.context or not response.context["rows"]
    # Posting the text straight to the import refuses it as well.
    client.post(url("import_service_use"), {"csv_text": text, "confirm": "1"})
    assert not ServiceEvent.objects.exists()


def test_every_kind_of_bad_row_is_listed_with_its_line(client, people, person, pilot_tariffs):
    stranger = ParticipantFactory(team=people.other_team)
    text = "\n".join(
        [
            "nhs_number,intervention,date,quantity",
            f"{person.nhs_number},cmht,2010-06-01,1",  # 2: good
            "999 000 0026,cmht,2010-06-01,1",  # 3: valid number, no such person
            f"{stranger.nhs_number},cmht,2010-06-01,1",  # 4: another team's person
            f"{person.nhs_number},dentist,2010-06-01,1",  # 5: unknown intervention
            f"{person.nhs_number},cmht,2009-06-01,1",  # 6: no tariff on that date
            f"{person.nhs_number},cmht,31/02/2011,1",  # 7: bad date
            f"{person.nhs_number},cmht,2010-06-01,0",  # 8: quantity 0
            "nhs_number,intervention,date,quantity",  # 9: repeated header
            "123,cmht,2010-06-01,1",  # 10: not an NHS number
        ]
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": text})
    problems = response.context["problems"]
    assert [p.row for p in problems] == [3, 4, 5, 6, 7, 8, 9, 10]
    messages = {p.row: p.message for p in problems}
    assert messages[3].startswith("Unknown NHS number 999 000 0026")
    assert messages[5] == "Unknown intervention “dentist”."
    assert messages[6] == "There is no cmht tariff in force on 01 June 2009"
    assert messages[7].startswith("Bad date")
    assert messages[8] == "Quantity “0” must be a whole number more than 0."
    assert messages[9] == "This row repeats the header."
    for problem in problems:
        assert problem.message in response.text
    assert "8 problems" in response.text
    assert not ServiceEvent.objects.exists()


def test_a_good_direct_payments_file_previews_then_imports(client, people, person):
    text = (
        "nhs_number,date,amount,description\n"
        f"{person.nhs_number},01/09/2011,3800,Laptop and college course\n"
    )
    client.force_login(people.coordinator)
    preview = client.post(url("import_direct_payments"), {"text": text})
    assert "£3,800.00" in preview.text
    assert "Import 1 row" in preview.text
    assert not DirectPayment.objects.exists()
    done = client.post(
        url("import_direct_payments"), {"csv_text": text, "confirm": "1"}, follow=True
    )
    assert "Imported 1 direct payment." in done.text
    assert DirectPayment.objects.get().amount == Decimal("3800.00")


def test_a_direct_payments_file_with_bad_rows_imports_nothing(client, people, person):
    text = (
        "nhs_number,date,amount,description\n"
        f"{person.nhs_number},01/09/2011,3800,Laptop\n"
        f"{person.nhs_number},01/09/2011,12.345,Gym\n"
        f"{person.nhs_number},2011-13-01,10,Gym\n"
        f"{person.nhs_number},01/09/2011,10,\n"
    )
    client.force_login(people.coordinator)
    response = client.post(url("import_direct_payments"), {"text": text})
    assert [p.row for p in response.context["problems"]] == [3, 4, 5]
    assert "An amount of money has at most two decimal places" in response.text
    assert not DirectPayment.objects.exists()


def test_an_empty_import_form_is_an_error_on_the_file(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("import_service_use"), {"text": "  "})
    assert response.context["form"].errors["file"] == [
        "Choose a CSV file to upload, or paste its rows."
    ]


def test_the_import_pages_say_which_columns_and_dates_they_expect(client, people):
    client.force_login(people.coordinator)
    service_use = client.get(url("import_service_use")).text
    assert "nhs_number, intervention, date, quantity" in service_use
    assert "2011-04-01 or 01/04/2011" in service_use
    payments = client.get(url("import_direct_payments")).text
    assert "nhs_number, date, amount, description" in payments


@pytest.mark.parametrize("who", ["commissioner", "peer_reviewer", "administrator"])
def test_only_care_teams_import(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(url("import_service_use")).status_code == 403
    assert client.post(url("import_direct_payments"), {"text": "x"}).status_code == 403
