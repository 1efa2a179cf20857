"""The commissioner's peer audit way in, opening a round, its draw and assigning."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from peer_audit import rounds
from peer_audit.models import AuditAction, AuditRound, PeerAudit
from people.models import Role
from tests import peer_audit_commissioner_helpers
from tests.approved_plans import drawn_round, submitted_audit
from tests.factories import UserFactory
from tests.peer_audit_commissioner_helpers import csv_of, opened

pytestmark = pytest.mark.django_db
plans = peer_audit_commissioner_helpers.plans  # the fixture, found by pytest here


@pytest.fixture
def reviewers(people):
    """Priya (no home team) and Rhys, whose home team is Riverside."""
    rhys = UserFactory(
        username="rhys",
        first_name="Rhys",
        last_name="Jones",
        role=Role.PEER_REVIEWER,
        organisation=people.team.organisation,
        home_team=people.team,
    )
    return people.peer_reviewer, rhys


def round_form(**changes) -> dict:
    data = {
        "name": "Q4 2012-13",
        "basis": "approved",
        "period_start": "1",
        "period_start_month": "1",
        "period_start_year": "2013",
        "period_end": "31",
        "period_end_month": "3",
        "period_end_year": "2013",
        "sample_percent": "10",
        "minimum_per_team": "2",
    }
    data.update(changes)
    return data


# -- The way in ---------------------------------------------------------------------------------


def test_a_commissioner_finds_the_peer_audit_from_home_and_the_menu(client, people):
    client.force_login(people.commissioner)
    home = client.get(reverse("home"))
    assert reverse("peer_audit:rounds") in home.text
    assert "Peer audit" in [item["text"] for item in home.context["nav_items"]]
    page = client.get(reverse("peer_audit:rounds"))
    assert page.status_code == 200
    assert "No round has been opened yet." in page.text
    for name in ("peer_audit:round_new", "peer_audit:checklist", "peer_audit:results"):
        assert reverse(name) in page.text


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "peer_reviewer", "administrator"])
def test_nobody_else_has_it_in_their_menu(client, people, role):
    client.force_login(getattr(people, role))
    items = [item["text"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Peer audit" not in items


# -- Opening a round ---------------------------------------------------------------------------


def test_opening_a_round_with_dates_as_day_month_and_year(client, people):
    client.force_login(people.commissioner)
    form = client.get(reverse("peer_audit:round_new"))
    assert 'class="nhsuk-date-input"' in form.text
    assert 'name="period_start"' in form.text
    assert form.context["form"]["sample_percent"].value() == Decimal("10")
    assert form.context["form"]["minimum_per_team"].value() == 2

    sent = client.post(
        reverse("peer_audit:round_new"),
        round_form(include_direct_payment="on", sample_percent="12.5", minimum_per_team="3"),
    )
    audit_round = AuditRound.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("peer_audit:round", args=[audit_round.pk])
    assert (audit_round.period_start, audit_round.period_end) == (
        date(2013, 1, 1),
        date(2013, 3, 31),
    )
    assert audit_round.sample_percent == Decimal("12.5")
    assert audit_round.minimum_per_team == 3
    assert audit_round.include_direct_payment
    assert not audit_round.include_over_limit
    assert audit_round.status == AuditRound.Status.OPEN
    assert audit_round.checklist.version == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"period_start_month": ""},
            "period_start",
            "The date must include a month",
        ),
        (
            {"period_start": "31", "period_start_month": "2"},
            "period_start",
            "Enter a real date",
        ),
        ({"period_end_year": "13"}, "period_end", "Enter the year in full"),
        ({"period_end": "x"}, "period_end", "Enter the day in numbers"),
        (
            {"period_end_month": "", "period_end": "", "period_end_year": ""},
            "period_end",
            "Enter the day the period ends",
        ),
        ({"period_end_year": "2012"}, "period_end", "ends on or after the day it starts"),
        ({"sample_percent": "101"}, "sample_percent", "less than or equal to 100"),
        ({"minimum_per_team": "-1"}, "minimum_per_team", "Enter a whole number"),
        ({"name": ""}, "name", "Enter the name of the round"),
    ],
)
def test_a_bad_round_is_refused_on_its_field(client, people, changes, field, message):
    client.force_login(people.commissioner)
    sent = client.post(reverse("peer_audit:round_new"), round_form(**changes))
    assert sent.status_code == 400
    assert message in " ".join(sent.context["form"].errors[field])
    assert f'href="#id_{field}' in sent.text  # the error summary links to the field
    assert f'id="id_{field}' in sent.text
    assert sent.text.count("<title>Error:") == 1
    assert not AuditRound.objects.exists()


# -- Preview, draw and assign -----------------------------------------------------------------


def test_the_preview_shows_per_team_what_a_draw_would_take(client, people, plans):
    audit_round = opened(people, minimum_per_team=2)
    client.force_login(people.commissioner)
    page = client.get(reverse("peer_audit:round", args=[audit_round.pk]))
    assert page.status_code == 200
    lines = {line.team_name: line for line in page.context["preview"].rows}
    assert (lines["Riverside CMHT"].qualifying, lines["Riverside CMHT"].to_draw) == (5, 2)
    assert (lines["Hillside CMHT"].qualifying, lines["Hillside CMHT"].to_draw) == (3, 2)
    assert "Draw the sample" in page.text
    assert "Seed of the draw" not in page.text
    assert not PeerAudit.objects.exists()


def test_drawing_then_assigning_from_the_round_page(client, people, plans, reviewers):
    priya, rhys = reviewers
    audit_round = opened(people)
    client.force_login(people.commissioner)
    drawn = client.post(reverse("peer_audit:round_draw", args=[audit_round.pk]))
    assert drawn.status_code == 302
    assert PeerAudit.objects.filter(round=audit_round).count() == 4
    audit_round.refresh_from_db()

    page = client.get(reverse("peer_audit:round", args=[audit_round.pk]))
    assert "4 plans drawn for audit." in page.text
    assert audit_round.seed in page.text
    assert "Assign audits" in page.text
    population = {line.team_name: line for line in page.context["population"].rows}
    assert (population["Riverside CMHT"].qualifying, population["Riverside CMHT"].drawn) == (5, 2)

    assigned = client.post(reverse("peer_audit:round_assign", args=[audit_round.pk]))
    assert assigned.status_code == 302
    audits = list(PeerAudit.objects.filter(round=audit_round).select_related("team"))
    assert all(a.reviewer_id for a in audits)
    assert not [a for a in audits if a.reviewer == rhys and a.team == people.team]
    page = client.get(reverse("peer_audit:round", args=[audit_round.pk]))
    assert "4 audits assigned." in page.text
    by_reviewer = {p.name: p for p in page.context["by_reviewer"].rows}
    assert by_reviewer[str(priya)].assigned + by_reviewer[str(rhys)].assigned == 4
    assert "Assign audits" not in page.text  # none is left to assign


def test_drawing_twice_is_refused_and_changes_nothing(client, people, plans):
    audit_round = opened(people)
    client.force_login(people.commissioner)
    client.post(reverse("peer_audit:round_draw", args=[audit_round.pk]))
    first = set(PeerAudit.objects.values_list("pk", flat=True))
    again = client.post(reverse("peer_audit:round_draw", args=[audit_round.pk]), follow=True)
    assert "This round has been drawn already." in again.text
    assert set(PeerAudit.objects.values_list("pk", flat=True)) == first


def test_the_population_downloads_as_csv_to_check_the_draw(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    client.force_login(people.commissioner)
    response = client.get(reverse("peer_audit:round", args=[audit_round.pk]), {"csv": "plans"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"population-{audit_round.seed}.csv" in response["Content-Disposition"]
    rows = csv_of(response)
    assert rows[0] == ["Team id", "Team", "Plan", "Always included", "Drawn"]
    assert len(rows) == 1 + 8
    drawn = {int(row[2]) for row in rows[1:] if row[4] == "Yes"}
    assert drawn == set(PeerAudit.objects.values_list("plan_id", flat=True))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert len(event.object_ids) == 8


def test_the_round_page_flags_audits_open_more_than_14_days_and_open_actions(
    client, people, plans, reviewers
):
    priya, _ = reviewers
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    rounds.round_assign(user=people.commissioner, audit_round=audit_round)
    late = PeerAudit.objects.filter(round=audit_round, reviewer=priya).first()
    PeerAudit.objects.filter(pk=late.pk).update(assigned_at=timezone.now() - timedelta(days=15))
    done = PeerAudit.objects.filter(round=audit_round).exclude(pk=late.pk).first()
    done = submitted_audit(done, done.reviewer, ["not_met"] + ["met"] * 11, "good")
    question = done.round.checklist.questions.get(position=1)
    AuditAction.objects.create(
        audit=done,
        question=question,
        action="Rewrite the outcomes with the person",
        due=timezone.localdate() - timedelta(days=1),
        recorded_by=people.coordinator,
    )
    client.force_login(people.commissioner)
    page = client.get(reverse("peer_audit:round", args=[audit_round.pk]))
    assert "Open more than 14 days" in page.text
    assert page.context["open_too_long"] == 1
    assert "Rewrite the outcomes with the person" in page.text
    assert "Overdue" in page.text
    by_team = {p.name: p for p in page.context["by_team"].rows}
    assert sum(p.submitted for p in by_team.values()) == 1
    assert sum(p.open_too_long for p in by_team.values()) == 1
    read = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW)
    shown = {i for event in read for i in event.object_ids}
    assert {str(a) for a in PeerAudit.objects.values_list("pk", flat=True)} <= shown
