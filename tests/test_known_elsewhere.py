"""An NHS number already recorded by another team: no team is named, the user is told the
person is known to another team and how to ask for a transfer, and the attempt is logged."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from participants.imports import check_service_use
from participants.models import Participant
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

KNOWN_ELSEWHERE = (
    "This person is already known to another team. "
    "To take over their care, ask that team for a transfer."
)
NHS_NUMBER = "9990000018"


@pytest.fixture
def elsewhere(people):
    """A person of Hillside, the other team of the organisation."""
    return ParticipantFactory(
        nhs_number=NHS_NUMBER, team=people.other_team, given_name="Bea", family_name="Hidden"
    )


def _person_form(**changes) -> dict:
    return {
        "nhs_number": "999 000 0018",
        "given_name": "Bea",
        "family_name": "Hidden",
        "date_of_birth": "03/02/1980",
        "phb_category": "mental_health",
        "cohort": "none",
        **changes,
    }


def _attempts():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.KNOWN_ELSEWHERE)


def test_adding_on_the_page_says_known_to_another_team_and_logs_it(client, people, elsewhere):
    client.force_login(people.coordinator)
    response = client.post(reverse("participants:add"), _person_form())

    assert response.status_code == 200
    assert response.context["form"].errors["nhs_number"] == [KNOWN_ELSEWHERE]
    assert people.other_team.name not in response.text
    assert Participant.objects.count() == 1
    [attempt] = _attempts()
    assert (attempt.user, attempt.channel, attempt.object_id) == (
        people.coordinator,
        AuditEvent.Channel.PAGE,
        str(elsewhere.pk),
    )


def test_adding_through_the_api_says_the_same_and_the_log_is_kept(api, people, elsewhere):
    api.force_authenticate(people.coordinator)
    response = api.post(
        "/api/v1/participants/",
        {
            "nhs_number": NHS_NUMBER,
            "given_name": "Bea",
            "family_name": "Hidden",
            "date_of_birth": "1980-02-03",
        },
        format="json",
    )

    assert response.status_code == 400
    [message] = response.json()["nhs_number"]
    assert message.startswith(KNOWN_ELSEWHERE)
    assert "/api/v1/transfers/" in message
    assert people.other_team.name not in response.text
    assert Participant.objects.count() == 1
    [attempt] = _attempts()
    assert (attempt.user, attempt.channel) == (people.coordinator, AuditEvent.Channel.API)


def test_a_person_of_another_organisation_is_known_elsewhere_too(api, people):
    ParticipantFactory(nhs_number=NHS_NUMBER, team=people.foreign_team)
    api.force_authenticate(people.coordinator)
    response = api.post(
        "/api/v1/participants/",
        {
            "nhs_number": NHS_NUMBER,
            "given_name": "Bea",
            "family_name": "Hidden",
            "date_of_birth": "1980-02-03",
        },
        format="json",
    )
    assert response.json()["nhs_number"][0].startswith(KNOWN_ELSEWHERE)
    assert people.foreign_team.name not in response.text
    assert _attempts().count() == 1


def test_changing_a_person_s_nhs_number_to_another_team_s_is_refused_and_logged(
    client, people, elsewhere
):
    mine = ParticipantFactory(team=people.team)
    client.force_login(people.coordinator)
    response = client.post(
        reverse("participants:edit", args=[mine.pk]), _person_form(given_name="Mine")
    )
    assert response.context["form"].errors["nhs_number"] == [KNOWN_ELSEWHERE]
    mine.refresh_from_db()
    assert mine.nhs_number != NHS_NUMBER
    assert _attempts().count() == 1


def test_a_number_already_on_the_team_s_own_caseload_is_not_a_transfer(client, people):
    ParticipantFactory(nhs_number=NHS_NUMBER, team=people.team)
    client.force_login(people.coordinator)
    response = client.post(reverse("participants:add"), _person_form())
    assert response.context["form"].errors["nhs_number"] == [
        "A person with this NHS number is already recorded."
    ]
    assert not _attempts().exists()


def test_an_import_names_another_team_s_person_as_it_names_nobody(people, elsewhere, pilot_tariffs):
    """The imports add no one: a row of another team's person reads as a row of no one."""
    text = "nhs_number,intervention,date,quantity\n{},cmht,2011-05-04,1\n"
    theirs = check_service_use(user=people.coordinator, text=text.format("999 000 0018"))
    nobody = check_service_use(user=people.coordinator, text=text.format("999 000 0026"))
    [theirs_problem] = theirs.problems
    [nobody_problem] = nobody.problems
    assert theirs_problem.message.replace("0018", "0026") == nobody_problem.message
