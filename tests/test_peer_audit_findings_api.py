"""The team's findings through the API: ``care-plans/{id}/peer-audits/`` and the actions
under it, with the same scopes as the pages (404 outside them; 403 for a commissioner, who
reads but does not record)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from peer_audit.models import AuditAction
from peer_audit.rounds import checklist_in_use
from people.models import Role
from tests.factories import UserFactory
from tests.findings_builders import (
    NOT_MET_COMMENT,
    REVIEWER_FIRST,
    REVIEWER_LAST,
    plan_audited,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(people, pilot_tariffs):
    return plan_audited(people, pilot_tariffs)


def findings_url(audited) -> str:
    return f"/api/v1/care-plans/{audited.version.plan_id}/peer-audits/"


def actions_url(audited) -> str:
    return f"{findings_url(audited)}{audited.audit.pk}/actions/"


def done_url(audited, question) -> str:
    return f"{actions_url(audited)}{question.pk}/done/"


def due_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def an_action(asked, /, **changes) -> dict:
    action = {
        "question": asked.pk,
        "action": "Rewrite the outcomes together.",
        "due": due_in(14),
    }
    return action | changes


def test_the_team_gets_the_findings_with_each_answer_and_never_the_reviewer(
    coordinator, people, audited
):
    response = coordinator.get(findings_url(audited))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [findings] = response.json()
    assert findings["id"] == str(audited.audit.pk)
    assert findings["round"] == "Spring round"
    assert findings["submitted"] == timezone.localdate().strftime("%Y-%m")
    assert findings["passed"] is False
    assert findings["overall_rating"] == "requires_improvement"
    assert findings["reviewer"] is None
    assert findings["can_record"] is True
    assert findings["actions"] == {"needed": 2, "recorded": 0, "open": 0}
    first = findings["questions"][0]
    assert first["question"] == audited.not_met.pk
    assert first["position"] == 1
    assert first["answer"] == "not_met"
    assert first["comment"] == NOT_MET_COMMENT
    assert first["needs_action"] is True
    assert first["action"] is None
    assert [q["needs_action"] for q in findings["questions"]].count(True) == 2
    body = json.dumps(response.json()).lower()
    for word in (REVIEWER_FIRST, REVIEWER_LAST, people.peer_reviewer.username):
        assert word.lower() not in body
    read = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW, content_type__model="peeraudit")
    assert read.channel == AuditEvent.Channel.API
    assert read.object_ids == [str(audited.audit.pk)]


def test_the_reviewer_is_named_when_the_checklist_shows_teams(coordinator, people, pilot_tariffs):
    audited = plan_audited(people, pilot_tariffs, show_reviewer_to_team=True)
    [findings] = coordinator.get(findings_url(audited)).json()
    assert findings["reviewer"] == f"{REVIEWER_FIRST} {REVIEWER_LAST}"


def test_a_commissioner_reads_but_cannot_record(commissioner, audited):
    [findings] = commissioner.get(findings_url(audited)).json()
    assert findings["can_record"] is False
    response = commissioner.post(actions_url(audited), an_action(audited.not_met), format="json")
    assert response.status_code == 403
    assert not AuditAction.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_coordinator", "foreign_commissioner", "peer_reviewer", "administrator"]
)
def test_anyone_outside_the_team_and_its_commissioners_gets_404(api, people, audited, who):
    api.force_authenticate(getattr(people, who))
    assert api.get(findings_url(audited)).status_code == 404
    response = api.post(actions_url(audited), an_action(audited.not_met), format="json")
    assert response.status_code == 404
    assert api.post(done_url(audited, audited.not_met)).status_code == 404
    assert not AuditAction.objects.exists()


def test_a_coordinator_of_another_organisation_gets_404(api, people, audited):
    api.force_authenticate(UserFactory(role=Role.COORDINATOR, team=people.foreign_team))
    assert api.get(findings_url(audited)).status_code == 404
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED).exists()


def test_an_audit_of_another_plan_is_404_under_this_plan(coordinator, people, pilot_tariffs):
    first = plan_audited(people, pilot_tariffs)
    second = plan_audited(people, pilot_tariffs)
    url = f"{findings_url(first)}{second.audit.pk}/actions/"
    assert coordinator.post(url, an_action(second.not_met), format="json").status_code == 404


def test_the_team_records_an_action_changes_it_and_marks_it_done(coordinator, people, audited):
    response = coordinator.post(actions_url(audited), an_action(audited.not_met), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["question"] == audited.not_met.pk
    assert body["due"] == due_in(14)
    assert body["done"] is False
    assert body["recorded_by"] == str(people.coordinator)

    again = an_action(audited.not_met, action="Ask the person first.", due=due_in(30))
    assert coordinator.post(actions_url(audited), again, format="json").status_code == 201
    action = AuditAction.objects.get()
    assert (action.action, action.due.isoformat()) == ("Ask the person first.", due_in(30))

    done = coordinator.post(done_url(audited, audited.not_met))
    assert done.status_code == 200
    assert done.json()["done"] is True
    [findings] = coordinator.get(findings_url(audited)).json()
    assert findings["actions"] == {"needed": 2, "recorded": 1, "open": 0}
    assert findings["questions"][0]["action"]["action"] == "Ask the person first."


def test_marking_done_with_no_action_recorded_is_404(coordinator, audited):
    assert coordinator.post(done_url(audited, audited.partly_met)).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": ""}, "action"),
        ({"action": "   "}, "action"),
        ({"due": "2020-01-01"}, "due"),
        ({"due": "31/12/2030"}, "due"),
        ({"question": "met"}, "question"),
        ({"question": "not_applicable"}, "question"),
        ({"question": 10**12}, "question"),
        ({"question": "another checklist"}, "question"),
    ],
)
def test_an_action_that_is_not_whole_is_refused_with_the_field_named(
    coordinator, people, audited, change, field
):
    other = checklist_in_use(people.foreign_team.organisation).questions.first()
    questions = {"met": audited.met.pk, "not_applicable": audited.not_applicable.pk}
    questions["another checklist"] = other.pk
    value = change.get("question")
    data = an_action(audited.not_met, **change)
    if isinstance(value, str):
        data["question"] = questions[value]
    response = coordinator.post(actions_url(audited), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not AuditAction.objects.exists()


def test_every_problem_is_named_at_once(coordinator, audited):
    data = an_action(audited.met, due="2020-01-01")
    response = coordinator.post(actions_url(audited), data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"question", "due"}
