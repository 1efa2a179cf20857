"""The plan's team sees the findings of a peer audit of its plan (on the plan page and the
findings page), never who the reviewer was unless the checklist says so, and records what it
will do about each question not met or partly met. Everyone else gets 404; a commissioner
reads only."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditEvent
from peer_audit.models import AuditAction, AuditRound, PeerAudit
from peer_audit.rounds import checklist_in_use
from people.models import Role
from tests.factories import UserFactory
from tests.findings_builders import (
    NOT_MET_COMMENT,
    PARTLY_MET_COMMENT,
    REVIEWER_FIRST,
    REVIEWER_LAST,
    audit_round,
    audit_submitted,
    plan_audited,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(people, pilot_tariffs):
    return plan_audited(people, pilot_tariffs, given_name="Ann", family_name="Example")


def findings_url(audited) -> str:
    return reverse("peer_audit:findings", args=[audited.audit.pk])


def action_url(audited, question) -> str:
    return reverse("peer_audit:action", args=[audited.audit.pk, question.pk])


def done_url(audited, question) -> str:
    return reverse("peer_audit:action_done", args=[audited.audit.pk, question.pk])


def in_a_week() -> str:
    due = timezone.localdate() + timedelta(days=7)
    return due


def action_data(question, text="Rewrite the outcomes with Ann, in her words.", due=None):
    due = due or in_a_week()
    prefix = f"q{question.pk}-"
    return {
        f"{prefix}action": text,
        f"{prefix}due": str(due.day),
        f"{prefix}due_month": str(due.month),
        f"{prefix}due_year": str(due.year),
    }


def mentions_the_reviewer(text: str, people) -> bool:
    lowered = text.lower()
    reviewer = people.peer_reviewer
    return any(
        word.lower() in lowered for word in (REVIEWER_FIRST, REVIEWER_LAST, reviewer.username)
    )


# -- What the team sees ------------------------------------------------------------------------


def test_the_plan_page_shows_each_submitted_audit_and_links_to_its_findings(
    client, people, audited
):
    client.force_login(people.coordinator)
    page = client.get(reverse("careplans:detail", args=[audited.version.plan_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Peer audit" in text
    assert "Findings of the Spring round audit" in text
    assert findings_url(audited) in text
    assert "Did not pass" in text
    assert "rated requires improvement" in text
    assert "2 questions need an action: 0 recorded, 0 still open." in text
    assert not mentions_the_reviewer(text, people)


def test_the_plan_page_has_no_peer_audit_section_before_an_audit_is_submitted(
    client, people, pilot_tariffs
):
    from tests.findings_builders import approved_plan

    version = approved_plan(people, pilot_tariffs)
    audit_round(people)
    assert PeerAudit.objects.filter(plan=version.plan, status="open").exists()
    client.force_login(people.coordinator)
    page = client.get(reverse("careplans:detail", args=[version.plan_id]))
    assert page.status_code == 200
    assert "Peer audit" not in page.content.decode()
    audit = PeerAudit.objects.get(plan=version.plan)
    assert client.get(reverse("peer_audit:findings", args=[audit.pk])).status_code == 404


def test_the_findings_page_shows_every_answer_and_comment_but_not_the_reviewer(
    client, people, audited
):
    client.force_login(people.facilitator)
    page = client.get(findings_url(audited))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<title>Peer audit findings for Ann Example – Personal health budgets</title>" in text
    assert reverse("careplans:detail", args=[audited.version.plan_id]) in text
    assert "Spring round" in text
    assert timezone.localdate().strftime("%B %Y") in text
    assert "Requires improvement" in text
    assert text.count("nhsuk-card__heading") == audited.audit.round.checklist.questions.count()
    assert "Not met" in text
    assert "Partly met" in text
    assert "Not applicable" in text
    assert escape(NOT_MET_COMMENT) in text
    assert escape(PARTLY_MET_COMMENT) in text
    assert "Audited by" not in text
    assert not mentions_the_reviewer(text, people)
    # The two questions that need one each have a form; the met ones do not.
    assert text.count("Record the action") == 2
    assert action_url(audited, audited.not_met) in text
    assert action_url(audited, audited.met) not in text


def test_the_reviewer_is_named_when_the_checklist_shows_teams(client, people, pilot_tariffs):
    audited = plan_audited(people, pilot_tariffs, show_reviewer_to_team=True)
    client.force_login(people.coordinator)
    text = client.get(findings_url(audited)).content.decode()
    assert f'Audited by</dt><dd class="nhsuk-summary-list__value">{REVIEWER_FIRST} ' in text
    assert REVIEWER_LAST in text
    plan_page = client.get(reverse("careplans:detail", args=[audited.version.plan_id]))
    assert plan_page.status_code == 200


def test_a_commissioner_reads_the_findings_without_forms(client, people, audited):
    client.force_login(people.commissioner)
    page = client.get(findings_url(audited))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Record the action" not in text
    assert "The plan’s team records what it will do" in text
    assert (
        client.post(action_url(audited, audited.not_met), action_data(audited.not_met)).status_code
        == 403
    )
    assert not AuditAction.objects.exists()


@pytest.mark.parametrize(
    "who",
    [
        "other_coordinator",
        "foreign_commissioner",
        "peer_reviewer",
        "administrator",
        "foreign_coordinator",
    ],
)
def test_anyone_outside_the_plan_s_team_and_commissioners_gets_404(client, people, audited, who):
    user = (
        UserFactory(role=Role.COORDINATOR, team=people.foreign_team)
        if who == "foreign_coordinator"
        else getattr(people, who)
    )
    client.force_login(user)
    audit = audited.audit
    for url in (
        findings_url(audited),
        reverse("peer_audit:findings_csv", args=[audit.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(action_url(audited, audited.not_met), action_data(audited.not_met)).status_code
        == 404
    )
    assert client.post(done_url(audited, audited.not_met)).status_code == 404
    plan_page = client.get(reverse("careplans:detail", args=[audited.version.plan_id]))
    assert plan_page.status_code == 404
    assert not AuditAction.objects.exists()
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED, user=user)
    assert refused.filter(content_type__model="peeraudit").exists()


def test_reading_the_findings_is_in_the_audit_trail(client, people, audited):
    client.force_login(people.coordinator)
    page = client.get(findings_url(audited))
    assert "no-store" in page["Cache-Control"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW, content_type__model="peeraudit")
    assert event.object_id == str(audited.audit.pk)
    assert event.user == people.coordinator


# -- Recording actions --------------------------------------------------------------------------


def test_the_team_records_an_action_changes_it_and_marks_it_done(client, people, audited):
    client.force_login(people.coordinator)
    question = audited.not_met
    response = client.post(action_url(audited, question), action_data(question))
    assert response.status_code == 302
    assert response["Location"] == f"{findings_url(audited)}#question-{question.pk}"
    action = AuditAction.objects.get(audit=audited.audit, question=question)
    assert action.due == in_a_week()
    assert action.recorded_by == people.coordinator
    assert action.done_at is None

    later = timezone.localdate() + timedelta(days=30)
    client.post(action_url(audited, question), action_data(question, "Ask Ann first.", later))
    action.refresh_from_db()
    assert (action.action, action.due) == ("Ask Ann first.", later)
    assert AuditAction.objects.count() == 1

    text = client.get(findings_url(audited)).content.decode()
    assert "Ask Ann first." in text
    assert "Mark as done" in text
    assert "2 needed, 1 recorded, 1 still open" in text

    client.force_login(people.facilitator)
    assert client.post(done_url(audited, question)).status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None
    assert action.done_by == people.facilitator
    done_at = action.done_at
    client.post(done_url(audited, question))
    action.refresh_from_db()
    assert action.done_at == done_at
    plan_page = client.get(reverse("careplans:detail", args=[audited.version.plan_id]))
    assert "1 recorded, 0 still open" in plan_page.content.decode()


def test_marking_done_a_question_with_no_action_is_404(client, people, audited):
    client.force_login(people.coordinator)
    assert client.post(done_url(audited, audited.partly_met)).status_code == 404


def test_a_commissioner_cannot_mark_an_action_done(client, people, audited):
    client.force_login(people.coordinator)
    client.post(action_url(audited, audited.partly_met), action_data(audited.partly_met))
    client.force_login(people.commissioner)
    assert client.post(done_url(audited, audited.partly_met)).status_code == 403
    assert AuditAction.objects.get().done_at is None


def test_a_question_that_was_met_takes_no_action(client, people, audited):
    client.force_login(people.coordinator)
    for question in (audited.met, audited.not_applicable):
        response = client.post(action_url(audited, question), action_data(question))
        assert response.status_code == 400
        assert "Only a question not met or partly met needs one." in response.content.decode()
    assert not AuditAction.objects.exists()


def test_a_question_of_another_checklist_is_404(client, people, audited):
    other = checklist_in_use(people.foreign_team.organisation).questions.first()
    client.force_login(people.coordinator)
    url = reverse("peer_audit:action", args=[audited.audit.pk, other.pk])
    assert client.post(url, action_data(audited.not_met)).status_code == 404
    assert (
        client.post(
            reverse("peer_audit:action_done", args=[audited.audit.pk, other.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"action": ""}, "action", "Say what the team will do"),
        ({"due": "", "due_month": "", "due_year": ""}, "due", "Enter the date it is due by"),
        ({"due": "31", "due_month": "2", "due_year": "2030"}, "due", "Enter a real date"),
        ({"due_month": ""}, "due", "The date must include a month"),
        ({"due_year": "٢٠٣٠"}, "due", "Enter the year in numbers"),
        (
            {"due": "1", "due_month": "1", "due_year": "2020"},
            "due",
            "The due date is today or later.",
        ),
    ],
)
def test_an_action_that_is_not_whole_is_refused_with_the_field_named(
    client, people, audited, change, field, message
):
    question = audited.not_met
    data = action_data(question)
    data.update({f"q{question.pk}-{key}": value for key, value in change.items()})
    client.force_login(people.coordinator)
    response = client.post(action_url(audited, question), data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Peer audit findings" in text
    assert "There is a problem" in text
    field_id = f"id_q{question.pk}-{field}"
    assert re.search(rf'<a href="#{field_id}">{re.escape(message)}', text), text
    assert f'id="{field_id}"' in text
    assert "nhsuk-form-group--error" in text
    assert not AuditAction.objects.exists()


def test_every_problem_is_named_at_once(client, people, audited):
    client.force_login(people.coordinator)
    question = audited.partly_met
    data = action_data(question, text=" ")
    data[f"q{question.pk}-due_month"] = ""
    text = client.post(action_url(audited, question), data).content.decode()
    assert "Say what the team will do" in text
    assert "The date must include a month" in text
    past = timezone.localdate() - timedelta(days=1)
    data = action_data(audited.met, due=past)
    text = client.post(action_url(audited, audited.met), data).content.decode()
    assert "Only a question not met or partly met needs one." in text
    assert "The due date is today or later." in text
    assert not AuditAction.objects.exists()


# -- The CSV ------------------------------------------------------------------------------------


def test_the_findings_download_as_csv_safe_to_open_in_a_spreadsheet(client, people, pilot_tariffs):
    from tests.findings_builders import approved_plan

    version = approved_plan(people, pilot_tariffs)
    opened = audit_round(people)
    audit = PeerAudit.objects.get(round=opened, plan=version.plan)
    audited = audit_submitted(people, audit, not_met_comment='=HYPERLINK("http://x.example")')
    client.force_login(people.coordinator)
    client.post(
        action_url(audited, audited.not_met),
        action_data(audited.not_met, text="@SUM(1+1) — and café"),
    )
    response = client.get(reverse("peer_audit:findings_csv", args=[audit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="peer-audit-findings-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Question", "Question text", "Answer"]
    first = rows[1]
    assert first[2] == "Not met"
    assert first[3] == '\'=HYPERLINK("http://x.example")'
    assert first[4] == "'@SUM(1+1) — and café"
    assert first[5] == in_a_week().isoformat()
    assert len(rows) == 1 + audit.round.checklist.questions.count()
    assert not mentions_the_reviewer(response.content.decode("utf-8-sig"), people)
    download = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert download.object_id == str(audit.pk)


# -- Queries ------------------------------------------------------------------------------------


def _another_audit_of(people, audited, name):
    """The plan audited again a year on (the first round drawn over 12 months ago)."""
    AuditRound.objects.filter(audits__plan=audited.version.plan).update(
        drawn_at=timezone.now() - timedelta(days=400)
    )
    opened = audit_round(people, name=name)
    return audit_submitted(people, PeerAudit.objects.get(round=opened))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_ask_the_database_the_same_number_of_times_however_many_audits(
    client, people, audited
):
    client.force_login(people.coordinator)
    plan_url = reverse("careplans:detail", args=[audited.version.plan_id])
    client.post(action_url(audited, audited.not_met), action_data(audited.not_met))
    one = (_queries(client, plan_url), _queries(client, findings_url(audited)))
    second = _another_audit_of(people, audited, "Autumn round")
    _another_audit_of(people, audited, "Winter round")
    for question in (second.not_met, second.partly_met):
        client.post(action_url(second, question), action_data(question))
    assert PeerAudit.objects.filter(plan=audited.version.plan, status="submitted").count() == 3
    three = (_queries(client, plan_url), _queries(client, findings_url(second)))
    assert one == three
    text = client.get(plan_url).content.decode()
    assert text.index("Winter round") < text.index("Autumn round") < text.index("Spring round")
