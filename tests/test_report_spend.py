"""Spend: approved budgets in force against planned spend and the spending recorded at
each plan's latest review in the period; the underspend of the plans reviewed, by team and
by how budgets are managed."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from reports.sections.spend import THIS_YEAR, spend_report
from tests.report_builders import plan_with, reviewed, scope_of

pytestmark = pytest.mark.django_db

IN_YEAR = date(2025, 6, 1)
FIGURES = ("plans", "approved", "planned", "reviewed", "reviewed_budgets", "spent", "underspend")


@pytest.fixture
def spent(people):
    by = people.facilitator
    riverside = plan_with(
        people.team,
        by,
        on=IN_YEAR,
        lines=[("", "202.04", 12, "yearly"), ("exercise", "30.00", 1, "monthly")],  # £2,784.48
        total="2800.00",
    )
    reviewed(riverside, people.coordinator, on=date(2025, 9, 1), spent=["1000.00", "150.00"])
    reviewed(riverside, people.coordinator, on=date(2026, 1, 10), spent=["2000.00", "300.00"])
    paid = plan_with(
        people.team,
        by,
        on=IN_YEAR,
        lines=[("therapies", "7.35", 3, "weekly")],  # £1,146.60
        total="1200.00",
        management_option="direct_payment",
    )
    reviewed(paid, people.coordinator, on=date(2025, 12, 1), spent=["600.00"])
    reviewed(paid, people.coordinator, on=date(2026, 4, 15), spent=["1100.00"])  # next year
    plan_with(
        people.other_team,
        by,
        on=IN_YEAR,
        lines=[("respite", "500.00", 1, "one_off")],
        total="600.00",
        management_option="direct_payment",
    )
    plan_with(people.foreign_team, by, on=IN_YEAR, lines=[("respite", "9.00", 1, "weekly")])


def _figures(row):
    return tuple(row[key] for key in FIGURES)


def D(text: str) -> Decimal:  # noqa: N802
    return Decimal(text)


def test_budgets_planned_and_recorded_spend_by_team_and_option(people, spent):
    report = spend_report(scope_of(people.commissioner, "2025-26"))
    by_team = report.table("by_team")
    assert [(row["team"], *_figures(row)) for row in by_team.rows] == [
        ("Hillside CMHT", 1, D("600.00"), D("500.00"), 0, D("0.00"), D("0.00"), D("0.00")),
        (
            "Riverside CMHT",
            2,
            D("4000.00"),
            D("3931.08"),
            2,
            D("4000.00"),
            D("2900.00"),
            D("1100.00"),
        ),
    ]
    assert _figures(by_team.footer[0]) == (
        3,
        D("4600.00"),
        D("4431.08"),
        2,
        D("4000.00"),
        D("2900.00"),
        D("1100.00"),
    )
    by_option = report.table("by_management_option")
    assert [(row["management_option"], *_figures(row)) for row in by_option.rows] == [
        (
            "Direct payment",
            2,
            D("1800.00"),
            D("1646.60"),
            1,
            D("1200.00"),
            D("600.00"),
            D("600.00"),
        ),
        (
            "Notional budget (services the Trust provides)",
            1,
            D("2800.00"),
            D("2784.48"),
            1,
            D("2800.00"),
            D("2300.00"),
            D("500.00"),
        ),
    ]
    assert report.summary == (
        ("Spend against budget in 2025-26", "£2,900.00 spent of £4,000.00 reviewed (72.5%)"),
        ("Approved budgets in force", "£4,600.00"),
        ("Planned spend a year", "£4,431.08"),
        ("Underspend at reviews", "£1,100.00"),
    )


def test_this_years_figure_is_named_for_the_home_page(people, spent):
    report = spend_report(scope_of(people.commissioner, "2026-27"))
    assert report.summary[0] == (THIS_YEAR, "£1,100.00 spent of £1,200.00 reviewed (91.7%)")
    before = spend_report(scope_of(people.commissioner, "2024-25"))
    assert before.summary[0][1] == "No spending recorded at a review yet"
    assert (before.table("by_team").rows, before.table("by_team").footer) == ((), ())
    quarter = spend_report(scope_of(people.commissioner, "2025-26-Q3"))
    assert quarter.summary[0] == (
        "Spend against budget in Q3 2025-26 (October to December)",
        "£600.00 spent of £1,200.00 reviewed (50.0%)",
    )


def test_the_page_and_the_api(client, api, people, spent):
    client.force_login(people.commissioner)
    page = client.get("/reports/spend/", {"year": "2025-26"})
    assert page.status_code == 200
    assert "£4,431.08" in page.content.decode()
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/spend/", {"year": "2025-26"}).json()
    assert body["summary"][0]["value"] == "£2,900.00 spent of £4,000.00 reviewed (72.5%)"
    answer = api.get(
        "/api/v1/reports/spend/",
        {"year": "2025-26", "format": "csv", "table": "by_management_option"},
    )
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[1] == [
        "Direct payment",
        "2",
        "1800.00",
        "1646.60",
        "1",
        "1200.00",
        "600.00",
        "600.00",
    ]
    assert rows[-1][0] == "All"
