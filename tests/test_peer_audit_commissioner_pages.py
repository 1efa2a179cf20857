"""The commissioner's peer audit pages: the rounds, opening one, preview, draw, assign,
progress and open actions, sorting and downloading their tables; only a commissioner of the
round's organisation reaches them (404 for anyone else). The checklist and reassigning
have files of their own; the results are in ``test_peer_audit_results``."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from peer_audit import rounds
from peer_audit.models import AuditAction, AuditRound, Checklist, PeerAudit
from people.models import Role
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FEB = date(2013, 2, 1)
ALL_MET = ["met"] * 12


@pytest.fixture
def plans(people):
    """Five plans of Riverside and three of Hillside, signed off on 1 February 2013."""
    return approved_plans(people.team, people.facilitator, 5, on=FEB) + approved_plans(
        people.other_team, people.facilitator, 3, on=FEB
    )


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


def opened(people, **settings) -> AuditRound:
    return rounds.round_open(
        user=people.commissioner,
        name="Q4 2012-13",
        period_start=date(2013, 1, 1),
        period_end=date(2013, 3, 31),
        **settings,
    )


def csv_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


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


# -- Who may -------------------------------------------------------------------------------------


def _addresses(audit_round, audit) -> list[tuple[str, str]]:
    return [
        ("get", reverse("peer_audit:rounds")),
        ("get", reverse("peer_audit:checklist")),
        ("post", reverse("peer_audit:checklist")),
        ("get", reverse("peer_audit:round_new")),
        ("post", reverse("peer_audit:round_new")),
        ("get", reverse("peer_audit:results")),
        ("get", reverse("peer_audit:round", args=[audit_round.pk])),
        ("post", reverse("peer_audit:round_draw", args=[audit_round.pk])),
        ("post", reverse("peer_audit:round_assign", args=[audit_round.pk])),
        ("get", reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])),
        ("post", reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])),
    ]


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "peer_reviewer", "administrator"])
def test_anyone_but_a_commissioner_gets_404_everywhere(client, people, plans, role):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round).first()
    client.force_login(getattr(people, role))
    for method, address in _addresses(audit_round, audit):
        assert getattr(client, method)(address).status_code == 404, (method, address)
    assert not AuditRound.objects.exclude(pk=audit_round.pk).exists()
    assert PeerAudit.objects.filter(reviewer__isnull=False).count() == 0
    assert Checklist.objects.count() == 1


def test_a_commissioner_of_another_organisation_sees_none_of_it(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round).first()
    client.force_login(people.foreign_commissioner)
    for method, address in _addresses(audit_round, audit)[6:]:
        assert getattr(client, method)(address).status_code == 404, (method, address)
    listed = client.get(reverse("peer_audit:rounds"))
    assert audit_round.name not in listed.text
    results = client.get(reverse("peer_audit:results"))
    assert results.context["quarters"] == []
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED)
    assert refused.filter(object_id=f"pk={audit_round.pk}").exists()


def test_an_audit_of_another_round_is_not_found_under_this_one(client, people, plans):
    first = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    second = opened(people)
    audit = PeerAudit.objects.filter(round=first).first()
    client.force_login(people.commissioner)
    address = reverse("peer_audit:audit_reassign", args=[second.pk, audit.pk])
    assert client.get(address).status_code == 404


# -- Tables: sorted and downloaded --------------------------------------------------------------


def test_the_rounds_sort_by_any_column_and_download(client, people, plans):
    drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    rounds.round_open(
        user=people.commissioner,
        name='=HYPERLINK("http://x")',
        period_start=date(2013, 4, 1),
        period_end=date(2013, 6, 30),
    )
    client.force_login(people.commissioner)
    latest_first = client.get(reverse("peer_audit:rounds")).context["table"].rows
    assert [r.period_end for r in latest_first] == [date(2013, 6, 30), date(2013, 3, 31)]
    by_drawn = client.get(reverse("peer_audit:rounds"), {"rounds_sort": "-drawn"})
    assert [r.drawn_count for r in by_drawn.context["table"].rows] == [4, 0]
    assert 'aria-sort="descending"' in by_drawn.text
    rows = csv_of(client.get(reverse("peer_audit:rounds"), {"csv": "rounds"}))
    assert rows[0] == ["Round", "Period", "Status", "Drawn", "Submitted", "Passed"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][3:] == ["4", "0", "0"]


def test_a_sort_the_table_does_not_have_falls_back_to_its_default(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    client.force_login(people.commissioner)
    page = client.get(
        reverse("peer_audit:round", args=[audit_round.pk]), {"audits_sort": "password"}
    )
    assert page.status_code == 200
    teams = [audit.team.name for audit in page.context["audits"].rows]
    assert teams == sorted(teams, key=str.casefold)


def test_the_audits_download_as_csv_and_the_download_is_in_the_trail(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    client.force_login(people.commissioner)
    response = client.get(reverse("peer_audit:round", args=[audit_round.pk]), {"csv": "audits"})
    assert f"peer-audit-round-{audit_round.pk}-audits.csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_of(response)
    assert rows[0] == ["Team", "Plan", "Reviewer", "Assigned on", "Status"]
    assert sorted(int(row[1]) for row in rows[1:]) == sorted(
        PeerAudit.objects.values_list("plan_id", flat=True)
    )
    downloaded = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert downloaded.content_type.model == "peeraudit"
    assert len(downloaded.object_ids) == 4
    viewed = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW)
    assert [event.content_type.model for event in viewed] == ["auditround"]


def test_the_round_pages_queries_do_not_grow_with_its_audits(client, people):
    """The rounds list and a drawn, assigned round with an audit submitted: as many queries
    with 4 audits as with 16."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count: int) -> tuple[int, int]:
        plans = approved_plans(people.team, people.facilitator, count, on=FEB)
        opened = drawn_round(
            people.commissioner,
            start=FEB,
            end=FEB,
            sample_percent=Decimal("100"),
        )
        rounds.round_assign(user=people.commissioner, audit_round=opened)
        audit = PeerAudit.objects.get(round=opened, plan=plans[0].plan)
        submitted_audit(audit, people.peer_reviewer, ["not_met", *ALL_MET[1:]], "good")
        client.force_login(people.commissioner)
        counted = []
        for url in (reverse("peer_audit:rounds"), reverse("peer_audit:round", args=[opened.pk])):
            client.get(url)  # the content types the audit trail names, cached
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted.append(len(captured))
        return tuple(counted)

    few = queries(4)
    PeerAudit.objects.all().delete()
    AuditRound.objects.all().delete()
    assert (
        queries(12) == few
    )  # 4 plans more than 12: all 16 are drawn  # 4 plans more than 12: all 16 are drawn
