"""The budgets report on a hand-worked set (``tests.budget_plans.budgets_in_2012_13``):
approved budgets in force in the period by team, cluster and management option, their
range, plans by status, and the filters narrowing each."""

from datetime import date
from decimal import Decimal

import pytest

from careplans.models import CarePlanVersion
from costing.models import Cluster
from reports.core.periods import Period
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report
from tests.approved_plans import approved_plan
from tests.budget_plans import budget, budget_again, budgets_in_2012_13

pytestmark = pytest.mark.django_db


@pytest.fixture
def budgets(people):
    return budgets_in_2012_13(people)


def _report(people, period="2012-13", **filters):
    scope = ReportScope(
        user=filters.pop("user", people.commissioner),
        period=Period.parse(period),
        today=date(2026, 11, 30),
        **filters,
    )
    return budgets_report(scope)


def _by(report, table: str, key: str) -> dict:
    return {row[key]: (row["budgets"], row["total"]) for row in report.table(table).rows}


def test_budgets_in_force_by_team_count_each_plan_once_at_its_latest_version(people, budgets):
    report = _report(people)
    assert _by(report, "by_team", "team") == {
        "Riverside CMHT": (3, Decimal("13800.00")),
        "Hillside CMHT": (2, Decimal("3500.00")),
    }
    assert report.summary == (
        ("Approved budgets in force", "5"),
        ("Their total a year", "£17,300.00"),
    )


def test_budgets_by_cluster_and_by_how_they_are_managed(people, budgets):
    report = _report(people)
    assert _by(report, "by_cluster", "cluster") == {
        "Cluster 4": (2, Decimal("7800.00")),
        "Cluster 11": (2, Decimal("7500.00")),
        "No cluster": (1, Decimal("2000.00")),
    }
    assert _by(report, "by_management_option", "management_option") == {
        "Notional budget (services the Trust provides)": (3, Decimal("8300.00")),
        "Direct payment": (1, Decimal("3000.00")),
        "Third-party budget": (1, Decimal("6000.00")),
    }


def test_the_range_of_budgets_for_all_teams_and_each_team(people, budgets):
    table = _report(people).table("range")
    rows = {row["team"]: row for row in [*table.rows, *table.footer]}
    # Each team, and all teams as the table's last row whatever its sort.
    assert [row["team"] for row in table.rows] == ["Hillside CMHT", "Riverside CMHT"]
    assert [row["team"] for row in table.footer] == ["All teams"]
    figures = ("count", "minimum", "lower_quartile", "median", "upper_quartile", "maximum")

    def of(team):
        return tuple(rows[team][key] for key in figures)

    # 1,500, 2,000, 3,000, 4,800, 6,000: quartiles at ranks 1 and 3.
    assert of("All teams") == (5, *(Decimal(n) for n in ("1500", "2000", "3000", "4800", "6000")))
    # 3,000, 4,800, 6,000: quartiles half way between neighbours.
    assert of("Riverside CMHT") == (3, *map(Decimal, ("3000", "3900", "4800", "5400", "6000")))
    assert of("Hillside CMHT") == (2, *map(Decimal, ("1500", "1625", "1750", "1875", "2000")))


def test_plans_by_the_status_of_their_latest_version_today(people, budgets):
    rows = {
        row["status"]: (row["plans"], row["total"])
        for row in _report(people).table("by_status").rows
    }
    assert rows == {
        "Draft": (1, None),
        "Waiting for a decision": (1, Decimal("2500.00")),
        # Plans 1, 2, 5 (its second version) and 6.
        "Signed off by a facilitator": (4, Decimal("18300.00")),
        "Approved by a commissioner": (1, Decimal("6000.00")),
        "Returned": (1, Decimal("700.00")),
        "Ended": (2, None),
    }


def test_a_plan_in_force_for_part_of_the_period_counts_in_the_quarters_it_was_in_force(
    people, budgets
):
    def in_force(quarter):
        report = _report(people, period=f"2012-13-{quarter}")
        return {row["team"]: row["total"] for row in report.table("by_team").rows}

    # The second Hillside plan was £1,000 in Q1; the ended one was in force in Q3 only;
    # the third-party one from Q4.
    assert in_force("Q1") == {
        "Riverside CMHT": Decimal("7800.00"),
        "Hillside CMHT": Decimal("1000.00"),
    }
    assert in_force("Q2") == {
        "Riverside CMHT": Decimal("7800.00"),
        "Hillside CMHT": Decimal("1500.00"),
    }
    assert in_force("Q3") == {
        "Riverside CMHT": Decimal("7800.00"),
        "Hillside CMHT": Decimal("3500.00"),
    }
    assert in_force("Q4") == {
        "Riverside CMHT": Decimal("13800.00"),
        "Hillside CMHT": Decimal("1500.00"),
    }
    next_year = _report(people, period="2013-14")
    assert _by(next_year, "by_team", "team") == {
        "Riverside CMHT": (4, Decimal("22800.00")),
        "Hillside CMHT": (1, Decimal("1500.00")),
    }


def test_a_plan_of_another_organisation_is_never_counted(people, budgets):
    for table in ("by_team", "by_cluster", "by_management_option", "range", "by_status"):
        shown = str(_report(people).table(table).rows)
        assert "Seaview" not in shown
        assert "9999" not in shown
    theirs = _report(people, user=people.foreign_commissioner)
    assert _by(theirs, "by_team", "team") == {"Seaview CMHT": (1, Decimal("9999.00"))}
    assert theirs.summary[1] == ("Their total a year", "£9,999.00")
    # A team of elsewhere named in the filter finds nothing of theirs either.
    assert _report(people, team=people.foreign_team).summary[0] == (
        "Approved budgets in force",
        "0",
    )


def test_the_filters_narrow_every_table(people, budgets):
    hillside = _report(people, team=people.other_team)
    assert _by(hillside, "by_team", "team") == {"Hillside CMHT": (2, Decimal("3500.00"))}
    assert [row["team"] for row in hillside.table("range").rows] == ["Hillside CMHT"]
    statuses = {row["status"]: row["plans"] for row in hillside.table("by_status").rows}
    assert statuses["Draft"] == 1
    assert statuses["Waiting for a decision"] == 0

    cluster_4 = _report(people, cluster=Cluster.objects.get(number=4))
    assert _by(cluster_4, "by_cluster", "cluster") == {"Cluster 4": (2, Decimal("7800.00"))}
    assert _by(cluster_4, "by_team", "team") == {"Riverside CMHT": (2, Decimal("7800.00"))}

    direct = _report(people, management_option="direct_payment")
    assert _by(direct, "by_management_option", "management_option") == {
        "Direct payment": (1, Decimal("3000.00"))
    }
    assert direct.summary[1] == ("Their total a year", "£3,000.00")

    both = _report(people, period="2012-13-Q4", team=people.team, management_option="third_party")
    assert _by(both, "by_team", "team") == {"Riverside CMHT": (1, Decimal("6000.00"))}


def test_a_period_with_no_budgets_has_empty_tables_and_zero_figures(people, budgets):
    report = _report(people, period="2005-06")
    for table in ("by_team", "by_cluster", "by_management_option", "range"):
        assert report.table(table).rows == ()
        assert report.table(table).footer == ()
    assert report.summary == (
        ("Approved budgets in force", "0"),
        ("Their total a year", "£0.00"),
    )


def test_the_latest_version_in_force_in_the_period_is_counted_under_its_option(people):
    first = budget(people.team, people.facilitator, on=date(2012, 5, 1), total="1000.00")
    # A later version managed another way takes over within the year.
    second = budget_again(first, people.facilitator, on=date(2012, 8, 1), total="1200.00")
    CarePlanVersion.objects.filter(pk=second.pk).update(management_option="direct_payment")
    year = _report(people)
    assert _by(year, "by_management_option", "management_option") == {
        "Direct payment": (1, Decimal("1200.00"))
    }
    assert _report(people, management_option="notional").summary[0][1] == "0"
    q1 = _report(people, period="2012-13-Q1", management_option="notional")
    assert q1.summary[1] == ("Their total a year", "£1,000.00")


def test_a_budget_decided_with_no_total_recorded_is_counted_but_has_no_place_in_the_range(people):
    approved_plan(people.team, people.facilitator, on=date(2012, 5, 1))
    budget(people.team, people.facilitator, on=date(2012, 5, 1), total="100.00")
    report = _report(people)
    assert report.summary[0] == ("Approved budgets in force", "2")
    assert [row["count"] for row in report.table("range").rows] == [1]
