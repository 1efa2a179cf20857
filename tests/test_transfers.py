"""Transfers between teams, through the API: the receiving team asks by NHS number, the
holding team's facilitator (or a commissioner of the organisation) agrees or refuses with a
reason, and the person moves with their plans and history."""

import os
import threading
import time
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from careplans import drafting
from careplans.models import CarePlanVersion, PlanStatus
from participants import transfers
from participants.models import Participant, TransferRequest
from people.models import Role
from tests.builders import signed_off_appendix_1
from tests.conftest import require
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "9990000018"
REASON = "Moved to Riverside's area; her GP is now in our patch."


@pytest.fixture
def hillside(people):
    """Hillside's facilitator and their person, Bea, with an approved plan and a new draft."""
    facilitator = UserFactory(username="hana", role=Role.FACILITATOR, team=people.other_team)
    person = ParticipantFactory(
        nhs_number=NHS_NUMBER,
        team=people.other_team,
        care_coordinator=people.other_coordinator,
        given_name="Bea",
        family_name="Moving",
    )
    return facilitator, person


@pytest.fixture
def with_plan(people, hillside, pilot_tariffs):
    """Bea's signed-off plan, written by Hillside, and a new draft of it."""
    facilitator, person = hillside
    hillside_people = SimpleNamespace(coordinator=people.other_coordinator, facilitator=facilitator)
    version = signed_off_appendix_1(hillside_people, person, pilot_tariffs["cmht"].intervention)
    drafting.draft_start(user=people.other_coordinator, plan=version.plan)
    return version.plan


def ask(api, user, nhs_number=NHS_NUMBER, reason=REASON):
    api.force_authenticate(user)
    return api.post("/api/v1/transfers/", {"nhs_number": nhs_number, "reason": reason})


def decide(api, user, pk, decision, reason=""):
    api.force_authenticate(user)
    return api.post(f"/api/v1/transfers/{pk}/decision/", {"decision": decision, "reason": reason})


def test_the_whole_transfer(api, people, hillside, with_plan):
    facilitator, person = hillside

    asked = ask(api, people.coordinator, nhs_number="999 000 0018")
    assert asked.status_code == 201, asked.json()
    body = asked.json()
    assert body["status"] == "waiting"
    assert body["nhs_number"] == NHS_NUMBER
    assert (body["participant"], body["participant_name"], body["holding_team"]) == (
        None,
        None,
        None,
    )
    assert people.other_team.name not in asked.text
    assert "Bea" not in asked.text
    # The asking team still cannot see the person, nor their plan.
    assert api.get(f"/api/v1/participants/{person.pk}/").status_code == 404
    assert api.get(f"/api/v1/care-plans/{with_plan.pk}/").status_code == 404

    api.force_authenticate(facilitator)
    [waiting] = api.get("/api/v1/transfers/").json()["results"]
    assert (waiting["participant_name"], waiting["holding_team"], waiting["asking_team"]) == (
        "Bea Moving",
        people.other_team.name,
        people.team.name,
    )
    assert waiting["reason"] == REASON

    agreed = decide(api, facilitator, body["id"], "agree", "Handed over at the team meeting.")
    assert agreed.status_code == 200, agreed.json()
    assert agreed.json()["status"] == "agreed"

    person.refresh_from_db()
    assert (person.team, person.care_coordinator) == (people.team, people.coordinator)
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/participants/{person.pk}/").status_code == 200
    plan = api.get(f"/api/v1/care-plans/{with_plan.pk}/")
    assert plan.status_code == 200
    assert [
        v["status"] for v in api.get(f"/api/v1/care-plans/{with_plan.pk}/versions/").json()
    ] == [
        "draft",
        "signed_off",
    ]
    mine = api.get("/api/v1/transfers/").json()["results"][0]
    assert mine["participant"] == person.pk
    # The team that held the person no longer sees them.
    api.force_authenticate(people.other_coordinator)
    assert api.get(f"/api/v1/participants/{person.pk}/").status_code == 404
    assert api.get(f"/api/v1/care-plans/{with_plan.pk}/").status_code == 404


def test_the_move_is_in_the_history(api, people, hillside):
    facilitator, person = hillside
    pk = ask(api, people.coordinator).json()["id"]
    decide(api, facilitator, pk, "agree")

    moved = person.history.first()
    assert (moved.team_id, moved.history_user) == (people.team.pk, facilitator)
    assert moved.prev_record.team_id == people.other_team.pk
    request = TransferRequest.objects.get(pk=pk)
    assert [(h.history_type, h.status, h.history_user) for h in request.history.all()] == [
        ("~", "agreed", facilitator),
        ("+", "waiting", people.coordinator),
    ]


def test_the_open_draft_follows_with_the_new_coordinator(api, people, hillside, with_plan):
    facilitator, _ = hillside
    pk = ask(api, people.coordinator).json()["id"]
    decide(api, facilitator, pk, "agree")

    draft = CarePlanVersion.objects.get(plan=with_plan, status=PlanStatus.DRAFT)
    assert draft.care_coordinator == people.coordinator
    api.force_authenticate(people.coordinator)
    changed = api.patch(
        f"/api/v1/care-plans/{with_plan.pk}/", {"review_dates": "Every three months"}
    )
    assert changed.status_code == 200, changed.json()


def test_refusing_needs_a_reason_and_leaves_the_person_where_they_are(api, people, hillside):
    facilitator, person = hillside
    pk = ask(api, people.coordinator).json()["id"]

    no_reason = decide(api, facilitator, pk, "refuse")
    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Say why the transfer is refused."]}

    refused = decide(api, facilitator, pk, "refuse", "She is staying with us until March.")
    assert refused.status_code == 200
    person.refresh_from_db()
    assert person.team == people.other_team
    api.force_authenticate(people.coordinator)
    seen = api.get(f"/api/v1/transfers/{pk}/").json()
    assert (seen["status"], seen["decision_reason"]) == (
        "refused",
        "She is staying with us until March.",
    )
    assert (seen["participant"], seen["holding_team"], seen["decided_by"]) == (None, None, None)
    assert api.get(f"/api/v1/participants/{person.pk}/").status_code == 404


def test_a_commissioner_of_the_organisation_may_decide(api, people, hillside):
    _, person = hillside
    pk = ask(api, people.coordinator).json()["id"]
    assert decide(api, people.commissioner, pk, "agree").status_code == 200
    person.refresh_from_db()
    assert person.team == people.team


def test_the_asking_team_cannot_decide_its_own_request(api, people, hillside):
    pk = ask(api, people.coordinator).json()["id"]
    assert decide(api, people.facilitator, pk, "agree").status_code == 403
    assert decide(api, people.coordinator, pk, "agree").status_code == 403
    assert TransferRequest.objects.get(pk=pk).status == "waiting"


@pytest.mark.parametrize(
    "who", ["other_coordinator", "foreign_commissioner", "peer_reviewer", "administrator"]
)
def test_anyone_outside_the_rule_gets_404(api, people, hillside, who):
    pk = ask(api, people.coordinator).json()["id"]
    api.force_authenticate(getattr(people, who))
    assert api.get(f"/api/v1/transfers/{pk}/").status_code == 404
    assert api.get("/api/v1/transfers/").json()["results"] == []
    assert decide(api, getattr(people, who), pk, "agree").status_code == 404


def test_a_third_team_sees_nothing_of_the_request(api, people, hillside):
    third = UserFactory(role=Role.FACILITATOR, team__organisation=people.team.organisation)
    pk = ask(api, people.coordinator).json()["id"]
    api.force_authenticate(third)
    assert api.get(f"/api/v1/transfers/{pk}/").status_code == 404
    assert decide(api, third, pk, "agree").status_code == 404


def test_a_second_decision_is_told_the_first_won(api, people, hillside):
    facilitator, _ = hillside
    pk = ask(api, people.coordinator).json()["id"]
    assert decide(api, facilitator, pk, "refuse", "Not yet").status_code == 200
    late = decide(api, people.commissioner, pk, "agree")
    assert late.status_code == 409
    assert "already been refused" in late.json()["detail"]


@pytest.mark.parametrize(
    ("nhs_number", "reason", "field", "message"),
    [
        ("999 000 0019", REASON, "nhs_number", "not a valid NHS number"),
        ("999 000 0026", REASON, "nhs_number", "No team holds a person with this NHS number"),
        (NHS_NUMBER, "  ", "reason", "Say why the person is moving to your team."),
    ],
)
def test_a_bad_request_says_why_on_its_field(
    api, people, hillside, nhs_number, reason, field, message
):
    response = ask(api, people.coordinator, nhs_number=nhs_number, reason=reason)
    assert response.status_code == 400
    assert message in response.json()[field][0]
    assert not TransferRequest.objects.exists()


def test_the_team_asks_once_while_it_waits(api, people, hillside):
    assert ask(api, people.coordinator).status_code == 201
    again = ask(api, people.facilitator)
    assert again.status_code == 400
    assert "already asked" in again.json()["nhs_number"][0]


def test_the_own_team_s_person_is_not_a_transfer(api, people, hillside):
    ParticipantFactory(nhs_number="9990000026", team=people.team)
    response = ask(api, people.coordinator, nhs_number="9990000026")
    assert response.json()["nhs_number"] == ["This person is already on your team’s caseload."]


def test_a_person_of_another_organisation_is_not_transferred_and_the_attempt_is_kept(api, people):
    ParticipantFactory(nhs_number="9990000026", team=people.foreign_team)
    response = ask(api, people.coordinator, nhs_number="9990000026")
    assert response.status_code == 400
    assert "outside your organisation" in response.json()["nhs_number"][0]
    assert people.foreign_team.name not in response.text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.KNOWN_ELSEWHERE).count() == 1
    assert not TransferRequest.objects.exists()


@pytest.mark.parametrize("who", ["commissioner", "peer_reviewer", "administrator"])
def test_only_care_teams_ask(api, people, hillside, who):
    assert ask(api, getattr(people, who)).status_code == 403


def test_other_requests_for_the_person_lapse_when_one_is_agreed(api, people, hillside):
    facilitator, _ = hillside
    third = UserFactory(role=Role.COORDINATOR, team__organisation=people.team.organisation)
    ours = ask(api, people.coordinator).json()["id"]
    theirs = ask(api, third).json()["id"]

    decide(api, facilitator, ours, "agree")

    lapsed = TransferRequest.objects.get(pk=theirs)
    assert lapsed.status == "lapsed"
    api.force_authenticate(third)
    seen = api.get(f"/api/v1/transfers/{theirs}/").json()
    assert seen["status"] == "lapsed"
    assert people.team.name not in str(seen)
    late = decide(api, facilitator, theirs, "agree")
    assert late.status_code == 409
    assert "the person moved to another team" in late.json()["detail"]


def test_the_schema_describes_the_transfer_endpoints(api, people):
    api.force_authenticate(people.coordinator)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/transfers/"])
    assert "post" in paths["/api/v1/transfers/{id}/decision/"]


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_wins(people, hillside, monkeypatch):
    """Two real connections on PostgreSQL decide one request at the same moment."""
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: row locks are what this test is about",
    )
    facilitator, person = hillside
    pk = transfers.transfer_ask(user=people.coordinator, nhs_number=NHS_NUMBER, reason=REASON).pk
    check = transfers._check_decider

    def slow_check(*args, **kwargs):
        check(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(transfers, "_check_decider", slow_check)
    start = threading.Barrier(2)
    answers = {}

    def decide_now(user, decision):
        from django.db import connection

        client = APIClient()
        client.force_authenticate(user)
        start.wait()
        response = client.post(
            f"/api/v1/transfers/{pk}/decision/", {"decision": decision, "reason": "Not yet"}
        )
        answers[decision] = (response.status_code, response.json())
        connection.close()

    threads = [
        threading.Thread(target=decide_now, args=(facilitator, "agree")),
        threading.Thread(target=decide_now, args=(people.commissioner, "refuse")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _ in answers.values()) == [200, 409], answers
    request = TransferRequest.objects.get(pk=pk)
    person.refresh_from_db()
    expected_team = people.team if request.status == "agreed" else people.other_team
    assert person.team == expected_team
    assert request.history.count() == 2


def test_nothing_of_the_person_is_in_the_asking_teams_list_of_people(api, people, hillside):
    ask(api, people.coordinator)
    api.force_authenticate(people.coordinator)
    assert api.get("/api/v1/participants/").json()["results"] == []
    assert Participant.objects.get(nhs_number=NHS_NUMBER).team == people.other_team
