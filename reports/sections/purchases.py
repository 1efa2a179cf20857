"""Purchases by category (the pilot's Table 4): for each category of purchase, the lines
of the spending plans in force in the period, the people who have them and what they cost
a year. Aggregates only: what anyone bought is never listed."""

from django.db.models import Count

from careplans.choices import PurchaseCategory
from careplans.models import SpendingLine
from costing.core.money import ZERO
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.filters import ReportScope
from reports.sections.budgets import budgets_in_force
from reports.sections.line_costs import yearly_cost_by

PERSON = "version__plan__participant"
NO_CATEGORY = "No category"


def purchases_report(scope: ReportScope) -> Report:
    """Three queries: lines and people per category, cost per category and frequency, and
    the people with any purchase."""
    lines = SpendingLine.objects.filter(
        version__in=budgets_in_force(scope), kind=SpendingLine.Kind.PURCHASE
    )
    counted = {
        row["category"]: row
        for row in lines.values("category")
        .annotate(lines=Count("pk"), people=Count(PERSON, distinct=True))
        .order_by()
    }
    costs = yearly_cost_by(lines, "category")
    people = lines.aggregate(people=Count(PERSON, distinct=True))["people"]
    categories = list(PurchaseCategory.choices)
    known = dict(categories)
    categories += [(value, value or NO_CATEGORY) for value in counted if value not in known]
    rows = sorted(
        (
            {
                "category": label,
                "lines": counted.get(value, {}).get("lines", 0),
                "people": counted.get(value, {}).get("people", 0),
                "cost": costs.get(value, ZERO),
            }
            for value, label in categories
        ),
        key=lambda row: -row["cost"],
    )
    total_lines = sum(row["lines"] for row in rows)
    total_cost = sum((row["cost"] for row in rows), ZERO)
    period = scope.period.name
    table = ReportTable(
        "by_category",
        f"Purchases in the spending plans in force in {period}, by category",
        (
            ReportColumn("category", "Category"),
            ReportColumn("lines", "Purchases", Kind.COUNT),
            ReportColumn("people", "People", Kind.COUNT),
            ReportColumn("cost", "Cost a year", Kind.MONEY),
        ),
        tuple(rows),
        footer=(
            {
                "category": "All purchases",
                "lines": total_lines,
                "people": people,
                "cost": total_cost,
            },
        ),
        chart=Chart("bars", "category", ("cost",)),
        default_sort="",
        note=(
            "A purchase's cost a year is its unit cost × quantity × 52 if weekly, × 12 if "
            "monthly, once if yearly; a one-off counts once. A person counts once in a "
            "category, and once in all purchases. Each plan counts with its version in force "
            "last in the period."
        ),
    )
    summary = (
        ("Purchases in plans in force", format_value(Kind.COUNT, total_lines)),
        ("Their cost a year", format_value(Kind.MONEY, total_cost)),
    )
    return Report("purchases", "Purchases by category", (table,), summary=summary)
