"""The decisions report, on a small hand-worked set: plans waiting today, time from
submission to decision (median and 90th percentile, PERCENTILE.INC) by route and month,
the share decided within the target, the share returned, and reconsiderations."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus, Reconsideration
from reports.core.charts import CHAR_WIDTH, WIDTH, draw
from reports.core.periods import Period
from reports.filters import ReportScope
from reports.sections.decisions import decisions_report
from reviews.models import Review
from tests.approved_plans import at_noon
from tests.factories import ParticipantFactory
from tests.test_settings import django_setting, start_django

pytestmark = pytest.mark.django_db

YEAR = "2024-25"
TODAY = date(2025, 6, 2)
KINDS = {
    "sign_off": PlanStatus.SIGNED_OFF,
    "approve": PlanStatus.APPROVED,
    "return": PlanStatus.RETURNED,
}


def submitted(team, by, on: date, *, route: str = "facilitator", option: str = "notional"):
    """Version 1 of a new person's plan, submitted at noon on ``on`` and waiting."""
    plan = CarePlan.objects.create(participant=ParticipantFactory(team=team), created_by=by)
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=1,
        drafted_by=by,
        last_edited_by=by,
        management_option=option,
        route=route,
    )
    CarePlanVersion.objects.filter(pk=version.pk).update(
        status=PlanStatus.SUBMITTED,
        submitted_at=at_noon(on),
        submitted_total=Decimal("4800.00"),
        submitted_indicative=Decimal("4800.00"),
    )
    return version


def decided(team, by, on: date, then: date, *, kind: str = "sign_off", **options) -> Decision:
    """A version submitted on ``on`` and decided (``kind``) at noon on ``then``."""
    version = submitted(team, by, on, **options)
    CarePlanVersion.objects.filter(pk=version.pk).update(status=KINDS[kind])
    decision = Decision.objects.create(version=version, kind=kind, decided_by=by, reason="Why")
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(then))
    decision.refresh_from_db()
    return decision


def reconsidered(decision=None, review=None, *, by, on: date, outcome: str = ""):
    asked = Reconsideration.objects.create(
        decision=decision, review=review, reasons="Please look again", requested_by=by
    )
    Reconsideration.objects.filter(pk=asked.pk).update(
        requested_at=at_noon(on), outcome=outcome, answered_at=at_noon(on) if outcome else None
    )
    return asked


@pytest.fixture
def decisions(people):
    """In June and July 2024 (the financial year 2024-25), Riverside's facilitator route:
    1 (Friday 7 to Monday 10 June), 2, 3, 10 and 20 working days, the 20-day one returned;
    Hillside's commissioner route: 4 and 12 working days, the 12-day one returned. Outside
    the count: a decision in March 2024 (the year before) and one of another
    organisation."""
    team, other, by = people.team, people.other_team, people.facilitator
    monday = date(2024, 6, 3)
    made = {
        "friday": decided(team, by, date(2024, 6, 7), date(2024, 6, 10)),
        "two": decided(team, by, monday, date(2024, 6, 5)),
        "three": decided(team, by, monday, date(2024, 6, 6)),
        "ten": decided(team, by, monday, date(2024, 6, 17)),
        "twenty": decided(team, by, monday, date(2024, 7, 1), kind="return"),
        "four": decided(other, by, monday, date(2024, 6, 7), route="commissioner", kind="approve"),
        "twelve": decided(
            other, by, monday, date(2024, 6, 19), route="commissioner", kind="return"
        ),
        "before": decided(team, by, date(2024, 3, 1), date(2024, 3, 29), kind="return"),
        "elsewhere": decided(people.foreign_team, by, monday, date(2024, 8, 30)),
    }
    return made


def report(people, *, team=None, option="", today=TODAY):
    scope = ReportScope(
        user=people.commissioner,
        period=Period.parse(YEAR),
        team=team,
        management_option=option,
        today=today,
    )
    return decisions_report(scope)


def rows(table, key: str) -> dict:
    return {row[key]: row for row in (*table.rows, *table.footer)}


def figures(row: dict, *keys: str) -> tuple:
    return tuple(row[key] for key in keys)


def test_median_and_90th_percentile_by_route(people, decisions):
    table = report(people).table("times_by_route")
    by_route = rows(table, "route")
    assert list(by_route) == ["Facilitator", "Commissioner", "All routes"]
    # 1, 2, 3, 10, 20: the median is 3; the 90th percentile 10 + 0.6 × 10 = 16.
    assert by_route["Facilitator"]["decisions"] == 5
    assert figures(by_route["Facilitator"], "median", "p90") == (3, Decimal("16.0"))
    # 4, 12: 8 and 4 + 0.9 × 8 = 11.2.
    assert figures(by_route["Commissioner"], "median", "p90") == (Decimal("8.0"), Decimal("11.2"))
    # 1, 2, 3, 4, 10, 12, 20: 4 and 12 + 0.4 × 8 = 15.2.
    assert figures(by_route["All routes"], "median", "p90") == (4, Decimal("15.2"))
    # Calendar days: 3 (Friday to Monday), 2, 3, 14, 28: the median 3, the 90th 14 + 0.6 × 14.
    assert figures(by_route["Facilitator"], "median_calendar", "p90_calendar") == (
        3,
        Decimal("22.4"),
    )
    assert table.chart.values == ("median", "p90")
    assert "bank holidays are not taken off" in table.note


def test_the_grouped_chart_has_room_for_every_figure(people, decisions):
    svg = draw(report(people).table("times_by_route"), "chart")
    texts = re.findall(r'class="app-chart__value" x="([0-9.]+)"[^>]*>([^<]+)<', svg)
    assert "90th percentile: 16 days" in [text for _, text in texts]
    assert svg.count("app-chart__bar--1") == 3
    for x, text in texts:
        assert float(x) + len(text) * CHAR_WIDTH <= WIDTH


def test_a_friday_to_monday_decision_took_one_working_day(people):
    decided(people.team, people.facilitator, date(2024, 6, 7), date(2024, 6, 10))
    (row,) = report(people).table("times_by_route").rows
    assert (row["median"], row["median_calendar"]) == (1, 3)


def test_times_by_month_and_route(people, decisions):
    by_month = rows(report(people).table("times_by_month"), "month")
    assert list(by_month) == [
        "2024-06 facilitator",
        "2024-06 commissioner",
        "2024-07 facilitator",
    ]
    # June's facilitator decisions: 1, 2, 3, 10: median 2.5, 90th 3 + 0.7 × 7 = 7.9.
    assert figures(by_month["2024-06 facilitator"], "decisions", "median", "p90") == (
        4,
        Decimal("2.5"),
        Decimal("7.9"),
    )
    assert figures(by_month["2024-07 facilitator"], "decisions", "median", "p90") == (1, 20, 20)


def test_share_decided_within_the_target(people, decisions):
    result = report(people)
    within = rows(result.table("within_target"), "route")
    assert (within["Facilitator"]["within"], within["Facilitator"]["share"]) == (4, 80)
    assert (within["Commissioner"]["within"], within["Commissioner"]["share"]) == (1, 50)
    assert (within["All routes"]["decisions"], str(within["All routes"]["share"])) == (7, "71.4")
    assert ("Decided within 10 working days", "71.4%") in result.summary


@override_settings(DECISION_TARGET_WORKING_DAYS=3)
def test_the_target_is_a_setting(people, decisions):
    result = report(people)
    within = rows(result.table("within_target"), "route")
    assert (within["All routes"]["within"], str(within["All routes"]["share"])) == (3, "42.9")
    assert ("Decided within 3 working days", "42.9%") in result.summary
    assert result.table("within_target").columns[2].label == "Within 3 working days"


def test_the_target_is_read_strictly_from_the_environment():
    result = start_django(DJANGO_DEBUG="true", DECISION_TARGET_WORKING_DAYS="0")
    assert result.returncode != 0
    assert "DECISION_TARGET_WORKING_DAYS='0' must be at least 1" in result.stderr
    assert django_setting("DECISION_TARGET_WORKING_DAYS", DJANGO_DEBUG="true") == "10"


def test_share_returned(people, decisions):
    result = report(people)
    returned = rows(result.table("returned"), "route")
    assert figures(returned["Facilitator"], "agreed", "returned", "share") == (
        4,
        1,
        Decimal("20.0"),
    )
    assert figures(returned["Commissioner"], "agreed", "returned", "share") == (
        1,
        1,
        Decimal("50.0"),
    )
    assert figures(returned["All routes"], "decisions", "returned", "share") == (
        7,
        2,
        Decimal("28.6"),
    )
    assert ("Returned", "28.6%") in result.summary


def test_filters_narrow_the_count(people, decisions):
    hillside = report(people, team=people.other_team)
    assert [row["route"] for row in hillside.table("times_by_route").rows] == ["Commissioner"]
    assert report(people, option="direct_payment").table("times_by_route").rows == ()


def test_plans_waiting_today_and_the_oldest_wait(people, decisions):
    by, team = people.facilitator, people.team
    submitted(team, by, date(2025, 5, 19))  # a Monday, 14 days and 10 working days ago
    submitted(team, by, date(2025, 5, 30))
    submitted(people.other_team, by, date(2025, 5, 27), route="commissioner")
    submitted(people.foreign_team, by, date(2024, 1, 1))
    result = report(people)
    waiting = rows(result.table("waiting"), "route")
    assert figures(waiting["Facilitator"], "waiting", "oldest_wait", "oldest_wait_working") == (
        2,
        14,
        10,
    )
    assert waiting["Facilitator"]["oldest_submitted"] == date(2025, 5, 19)
    assert figures(waiting["Commissioner"], "waiting", "oldest_wait") == (1, 6)
    assert figures(waiting["All routes"], "waiting", "oldest_wait") == (3, 14)
    assert ("Waiting for a decision", "3 (oldest 14 days)") in result.summary
    # Waiting is today's, whatever the year asked for.
    scope = ReportScope(people.commissioner, Period.parse("2012-13"), today=TODAY)
    assert decisions_report(scope).table("waiting").footer[0]["waiting"] == 3


def test_nothing_waiting_nor_decided(people):
    result = report(people)
    for name in ("waiting", "times_by_route", "reconsiderations"):
        assert result.table(name).rows == result.table(name).footer == ()
    assert result.summary == (
        ("Waiting for a decision", "0"),
        ("Decided within 10 working days", "–"),
        ("Returned", "–"),
    )


def test_reconsiderations_by_outcome(people, decisions):
    by = people.coordinator
    reconsidered(decisions["twenty"], by=by, on=date(2024, 7, 2), outcome="upheld")
    reconsidered(decisions["twelve"], by=by, on=date(2024, 6, 20), outcome="changed")
    reconsidered(decisions["before"], by=by, on=date(2024, 4, 2))
    reconsidered(decisions["before"], by=by, on=date(2024, 3, 30), outcome="upheld")
    version = decisions["ten"].version
    review = Review.objects.create(
        plan=version.plan,
        version=version,
        held_on=date(2024, 9, 2),
        attendees="The person",
        decision=Review.Decision.CHANGE_BUDGET,
        recorded_by=by,
    )
    reconsidered(review=review, by=by, on=date(2024, 9, 3), outcome="upheld")
    table = report(people).table("reconsiderations")
    by_outcome = rows(table, "outcome")
    assert figures(by_outcome["The decision stands"], "returned", "reduced", "asked") == (1, 1, 2)
    assert figures(by_outcome["The decision is changed"], "returned", "asked") == (1, 1)
    assert figures(by_outcome["Not answered yet"], "returned", "asked") == (1, 1)
    assert figures(by_outcome["Asked"], "returned", "reduced", "asked") == (3, 1, 4)


def test_the_queries_do_not_grow_with_the_data(people, decisions):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report(people)
        return len(captured)

    before = queries()
    for day in range(3, 8):
        decided(people.other_team, people.facilitator, date(2024, 9, 2), date(2024, 9, day))
        submitted(people.team, people.facilitator, date(2025, 5, day))
    reconsidered(decisions["two"], by=people.coordinator, on=date(2024, 9, 9))
    assert queries() == before


def test_the_page_and_the_api_give_the_same_figures(client, api, people, decisions):
    today = timezone.localdate()
    submitted(people.team, people.facilitator, today - timedelta(days=12))
    client.force_login(people.commissioner)
    page = client.get(f"/reports/decisions/?year={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    for figure in ("Waiting for a decision", "1 (oldest 12 days)", "71.4%", "16 days", "<svg"):
        assert figure in text
    assert "bank holidays are not taken off" in text
    page_csv = client.get(f"/reports/decisions/?year={YEAR}&csv=times_by_route")
    page_cells = list(csv.reader(io.StringIO(page_csv.content.decode("utf-8-sig"))))
    assert ["Facilitator", "5", "3.0", "16.0"] in [row[:4] for row in page_cells]

    api.force_authenticate(people.commissioner)
    data = api.get(f"/api/v1/reports/decisions/?year={YEAR}").json()
    assert {"label": "Decided within 10 working days", "value": "71.4%"} in data["summary"]
    tables = {table["name"]: table for table in data["tables"]}
    assert tables["times_by_route"]["footer"][0]["p90"] == "15.2"
    assert tables["within_target"]["rows"][0]["share"] == "80.0"
    answer = api.get(f"/api/v1/reports/decisions/?year={YEAR}&format=csv&table=times_by_route")
    cells = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert cells[0][:4] == ["Route", "Decisions", "Median", "90th percentile"]
    assert cells[1][:4] == ["Facilitator", "5", "3.0", "16.0"]
    assert cells[-1][:4] == ["All routes", "7", "4.0", "15.2"]


def test_only_a_commissioner_sees_it(client, api, people):
    client.force_login(people.coordinator)
    assert client.get(f"/reports/decisions/?year={YEAR}").status_code == 404
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/reports/decisions/?year={YEAR}").status_code == 403
