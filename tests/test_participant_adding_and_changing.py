"""Adding a person, changing their details and moving them to another cluster."""

from datetime import date

import pytest

from costing.models import Cluster
from participants.models import ClusterAssignment, Participant
from tests import participant_pages_helpers
from tests.dates import date_fields
from tests.participant_pages_helpers import add_form, url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


# 999 000 0018 is valid by Modulus 11; 999 000 0019 has the wrong check digit.
VALID_NHS_NUMBER = "9990000018"


# -- Adding and changing a person ---------------------------------------------------------------


def test_adding_a_person_with_a_wrong_check_digit_shows_the_error_on_the_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(nhs_number="999 000 0019"))
    assert response.status_code == 200
    assert response.context["form"].errors["nhs_number"] == [
        "This is not a valid NHS number: check the digits"
    ]
    assert "There is a problem" in response.text
    assert 'href="#id_nhs_number"' in response.text
    assert not Participant.objects.exists()


def test_adding_a_person_with_their_first_cluster(client, people):
    client.force_login(people.coordinator)
    cluster = Cluster.objects.get(number=11)
    response = client.post(
        url("add"),
        add_form(
            care_coordinator=people.coordinator.pk,
            cluster=cluster.pk,
            **date_fields("cluster_start", date(2012, 4, 1)),
            higher_financial_risk="on",
        ),
    )
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == url("detail", participant)
    assert participant.nhs_number == VALID_NHS_NUMBER
    assert participant.date_of_birth == date(1984, 3, 15)
    assert participant.team == people.team
    assert participant.higher_financial_risk
    assert participant.cluster == cluster
    assert participant.cluster_history.get().start == date(2012, 4, 1)


@pytest.mark.parametrize(
    "typed",
    [
        ("15", "3", "1984"),
        ("15", "March", "1984"),
        ("15", "mar", "1984"),
        ("15 March 1984", "", ""),
        ("15/03/1984", "", ""),
        ("1984-03-15", "", ""),
    ],
)
def test_a_date_of_birth_may_be_typed_in_the_boxes_or_whole_in_the_day_box(client, people, typed):
    client.force_login(people.coordinator)
    day, month, year = typed
    client.post(
        url("add"),
        add_form(date_of_birth=day, date_of_birth_month=month, date_of_birth_year=year),
    )
    assert Participant.objects.get().date_of_birth == date(1984, 3, 15)


def test_a_two_digit_year_is_refused_on_the_date_with_its_boxes_in_error(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(date_of_birth_year="84"))
    assert response.context["form"].errors["date_of_birth"] == [
        "Enter the year in full, with 4 numbers, for example 2027"
    ]
    assert 'href="#id_date_of_birth"' in response.text
    assert (
        response.text.count("nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error") == 2
    )
    assert not Participant.objects.exists()


def test_a_date_of_birth_that_is_not_a_date_is_an_error_on_its_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(date_of_birth="31/2/1984"))
    assert response.context["form"].errors["date_of_birth"]
    assert not Participant.objects.exists()


def test_a_coordinator_of_another_team_cannot_be_chosen(client, people):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(care_coordinator=people.other_coordinator.pk))
    assert "care_coordinator" in response.context["form"].errors
    assert not Participant.objects.exists()


def test_an_nhs_number_already_recorded_is_refused(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(url("add"), add_form(nhs_number=person.nhs_number_display))
    assert response.context["form"].errors["nhs_number"] == [
        "A person with this NHS number is already recorded."
    ]
    assert Participant.objects.count() == 1


def test_the_team_changes_a_person_s_details(client, people, person):
    client.force_login(people.facilitator)
    form = client.get(url("edit", person)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(family_name="Changed", representative="Her sister", care_coordinator="")
    data.pop("higher_financial_risk")
    response = client.post(url("edit", person), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Changed"
    assert person.representative == "Her sister"


def test_a_refused_change_keeps_nothing(client, people, person):
    client.force_login(people.coordinator)
    form = client.get(url("edit", person)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(family_name="Changed", nhs_number="12345")
    response = client.post(url("edit", person), data)
    assert response.context["form"].errors["nhs_number"]
    person.refresh_from_db()
    assert person.family_name == "Example"


def test_changing_the_cluster_keeps_the_history(client, people, person):
    client.force_login(people.coordinator)
    cluster_11 = Cluster.objects.get(number=11)
    response = client.post(
        url("cluster", person), {"cluster": cluster_11.pk, "start": "01/10/2011"}
    )
    assert response.status_code == 302
    history = list(ClusterAssignment.objects.filter(participant=person).order_by("start"))
    assert [(h.cluster.number, h.start, h.end) for h in history] == [
        (8, date(2010, 4, 1), date(2011, 9, 30)),
        (11, date(2011, 10, 1), None),
    ]
    detail = client.get(url("detail", person))
    assert "30 Sep 2011" in detail.text


def test_a_cluster_that_starts_too_early_is_an_error_on_the_date(client, people, person):
    client.force_login(people.coordinator)
    cluster_11 = Cluster.objects.get(number=11)
    response = client.post(
        url("cluster", person), {"cluster": cluster_11.pk, "start": "01/01/2010"}
    )
    assert response.context["form"].errors["start"]
    assert ClusterAssignment.objects.filter(participant=person).count() == 1
