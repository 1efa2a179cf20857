"""Purchases by category (Table 4): lines, people and cost a year per category, from the
plans in force, at the costing core's rule (weekly × 52, monthly × 12, one-offs once)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from careplans.models import SpendingLine
from costing.core import spending
from reports.sections.line_costs import yearly_cost_by
from reports.sections.purchases import purchases_report
from tests.report_builders import next_version, plan_with, scope_of

pytestmark = pytest.mark.django_db

IN_YEAR = date(2025, 6, 1)


@pytest.fixture
def bought(people):
    by = people.facilitator
    plan_with(
        people.team,
        by,
        on=IN_YEAR,
        lines=[
            ("exercise", "30.00", 1, "monthly"),  # £360.00 a year
            ("exercise", "25.00", 2, "weekly"),  # £2,600.00
            ("it_equipment", "450.00", 1, "one_off"),  # £450.00 once
            ("", "202.04", 12, "yearly"),  # clinical: not a purchase
        ],
    )
    plan_with(
        people.other_team,
        by,
        on=IN_YEAR,
        lines=[("exercise", "20.00", 1, "monthly"), ("education", "300.00", 1, "yearly")],
    )
    first = plan_with(people.team, by, on=IN_YEAR, lines=[("respite", "900.00", 1, "one_off")])
    next_version(first, by, on=date(2025, 8, 1), lines=[("therapies", "7.35", 3, "weekly")])
    plan_with(people.foreign_team, by, on=IN_YEAR, lines=[("transport", "99.00", 1, "weekly")])


def test_lines_people_and_cost_a_year_per_category(people, bought):
    report = purchases_report(scope_of(people.commissioner, "2025-26"))
    (table,) = report.tables
    assert [(r["category"], r["lines"], r["people"], r["cost"]) for r in table.rows] == [
        ("Exercise", 3, 2, Decimal("3200.00")),
        ("Therapies", 1, 1, Decimal("1146.60")),  # £22.05 a week
        ("IT equipment", 1, 1, Decimal("450.00")),
        ("Education", 1, 1, Decimal("300.00")),
        ("Respite", 0, 0, Decimal("0.00")),
        ("Personal assistant", 0, 0, Decimal("0.00")),
        ("Transport", 0, 0, Decimal("0.00")),
        ("Other support", 0, 0, Decimal("0.00")),
    ]
    (total,) = table.footer
    assert (total["lines"], total["people"], total["cost"]) == (6, 3, Decimal("5096.60"))
    assert report.summary == (
        ("Purchases in plans in force", "6"),
        ("Their cost a year", "£5,096.60"),
    )
    assert "description" not in {column.key for column in table.columns}


def test_the_sums_by_group_are_the_cores_line_by_line(people, bought):
    lines = SpendingLine.objects.all()
    by_line: dict[str, Decimal] = {}
    for line in lines:
        core = spending.Line(line.unit_cost, line.quantity, spending.Frequency(line.frequency))
        by_line[line.category] = by_line.get(line.category, Decimal("0.00")) + (
            spending.line_cost(core).total
        )
    assert yearly_cost_by(lines, "category") == by_line


def test_a_team_filter_and_the_page_and_api(client, api, people, bought):
    other = purchases_report(scope_of(people.commissioner, "2025-26", team=people.other_team))
    assert other.tables[0].footer[0]["cost"] == Decimal("540.00")

    client.force_login(people.commissioner)
    page = client.get("/reports/purchases/", {"year": "2025-26"})
    assert page.status_code == 200
    assert "£3,200.00" in page.content.decode()
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/purchases/", {"year": "2025-26"}).json()
    assert body["tables"][0]["rows"][0] == {
        "category": "Exercise",
        "lines": 3,
        "people": 2,
        "cost": "3200.00",
    }
    answer = api.get("/api/v1/reports/purchases/", {"year": "2025-26", "format": "csv"})
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0] == ["Category", "Purchases", "People", "Cost a year"]
    assert rows[-1] == ["All purchases", "6", "3", "5096.60"]
