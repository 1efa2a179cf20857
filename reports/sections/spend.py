"""Spend: the approved budgets in force in the period against their planned spend (the
spending plans' lines) and against the spending recorded at reviews, with the underspend,
by team and by how budgets are managed.

Spending recorded at a review is each line's "spent so far". For each plan the report
takes its latest review held in the period and adds what that review recorded; a plan
with no review in the period has no spending recorded. The underspend is the budgets of
the plans reviewed less what their reviews recorded, so plans not yet reviewed are never
counted as underspent."""

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from careplans.choices import ManagementOption
from careplans.models import CarePlanVersion, SpendingLine
from costing.core.money import ZERO
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.core.stats import share
from reports.filters import ReportScope
from reports.sections.budgets import budgets_in_force
from reports.sections.line_costs import yearly_cost_by
from reviews.models import Review

MONEY = DecimalField(max_digits=20, decimal_places=2)
THIS_YEAR = "Spend against budget this year"
FIGURES = ("plans", "approved", "planned", "reviewed", "reviewed_budgets", "spent")
COLUMNS = (
    ReportColumn("plans", "Budgets", Kind.COUNT),
    ReportColumn("approved", "Approved a year", Kind.MONEY),
    ReportColumn("planned", "Planned spend a year", Kind.MONEY),
    ReportColumn("reviewed", "Reviewed in the period", Kind.COUNT),
    ReportColumn("reviewed_budgets", "Their budgets", Kind.MONEY),
    ReportColumn("spent", "Spent, at their latest review", Kind.MONEY),
    ReportColumn("underspend", "Underspend", Kind.MONEY),
)


def _money(expression) -> Coalesce:
    return Coalesce(expression, Value(ZERO), output_field=MONEY)


def latest_reviews(scope: ReportScope, versions: QuerySet[CarePlanVersion]) -> QuerySet[Review]:
    """Each plan's latest review held in the period (the later recorded of two on a day)."""
    in_period = Review.objects.filter(held_on__range=(scope.start, scope.end))
    later = in_period.filter(plan=OuterRef("plan")).filter(
        Q(held_on__gt=OuterRef("held_on")) | Q(held_on=OuterRef("held_on"), pk__gt=OuterRef("pk"))
    )
    return in_period.filter(plan__in=versions.values("plan")).filter(~Exists(later))


TEAM, OPTION = "plan__participant__team__name", "management_option"


def _figures(
    versions: QuerySet[CarePlanVersion], reviews: QuerySet[Review]
) -> dict[str, dict[object, dict]]:
    """The figures of each team and of each management option. Three queries, each over the
    budgets in force once: the budgets, their latest reviews' spending, and their lines."""
    spent = dict(
        reviews.values("plan_id")
        .annotate(spent=_money(Sum("spending__spent")))
        .order_by()
        .values_list("plan_id", "spent")
    )
    planned = yearly_cost_by(
        SpendingLine.objects.filter(version__in=versions), f"version__{TEAM}", f"version__{OPTION}"
    )
    figures: dict[str, dict[object, dict]] = {TEAM: {}, OPTION: {}}
    for budget in versions.values("plan_id", TEAM, OPTION, "submitted_total").order_by():
        reviewed = budget["plan_id"] in spent
        total = budget["submitted_total"] or ZERO
        for group in (TEAM, OPTION):
            row = figures[group].setdefault(
                budget[group], {key: 0 if key in ("plans", "reviewed") else ZERO for key in FIGURES}
            )
            row["plans"] += 1
            row["approved"] += total
            if reviewed:
                row["reviewed"] += 1
                row["reviewed_budgets"] += total
                row["spent"] += spent[budget["plan_id"]]
    for (team, option), cost in planned.items():
        for group, value in ((TEAM, team), (OPTION, option)):
            if value in figures[group]:
                figures[group][value]["planned"] += cost
    for rows in figures.values():
        for row in rows.values():
            row["underspend"] = row["reviewed_budgets"] - row["spent"]
    return figures


def _total(rows: list[dict], label_key: str, label: str) -> dict:
    total: dict = {label_key: label}
    for key in FIGURES:
        total[key] = sum((row[key] for row in rows), 0 if key in ("plans", "reviewed") else ZERO)
    total["underspend"] = total["reviewed_budgets"] - total["spent"]
    return total


NOTE = (
    "Each plan counts with its version in force last in the period: its approved total a "
    "year, and its spending plan's lines (weekly × 52, monthly × 12, yearly and one-offs "
    "once). Spent is what each plan's latest review in the period recorded as spent so far; "
    "the underspend is the reviewed plans' budgets less that."
)


def _table(
    name: str, caption: str, label: ReportColumn, rows: list[dict], note: str = ""
) -> ReportTable:
    return ReportTable(
        name,
        caption,
        (label, *COLUMNS),
        tuple(rows),
        footer=(_total(rows, label.key, "All"),) if rows else (),
        chart=Chart(
            "bars",
            label.key,
            ("approved", "planned", "spent"),
            names=("Approved", "Planned", "Spent"),
        ),
        note=note,
    )


def spend_report(scope: ReportScope) -> Report:
    """Three queries (see ``_figures``); the totals add up the teams'."""
    versions = budgets_in_force(scope)
    figures = _figures(versions, latest_reviews(scope, versions))
    by_team = sorted(
        ({**row, "team": team} for team, row in figures[TEAM].items()),
        key=lambda row: row["team"].casefold(),
    )
    option_names = dict(ManagementOption.choices)
    by_option = sorted(
        (
            {**row, "management_option": option_names.get(option, "Not chosen")}
            for option, row in figures[OPTION].items()
        ),
        key=lambda row: row["management_option"].casefold(),
    )
    period = scope.period.name
    tables = (
        _table(
            "by_team",
            f"Approved budgets in force in {period}, planned and recorded spend, by team",
            ReportColumn("team", "Team"),
            by_team,
            NOTE,
        ),
        _table(
            "by_management_option",
            f"Approved budgets in force in {period}, planned and recorded spend, by how they "
            "are managed",
            ReportColumn("management_option", "How the budget is managed"),
            by_option,
        ),
    )
    total = _total(by_team, "team", "All")
    return Report("spend", "Spend", tables, summary=_summary(scope, total))


def _summary(scope: ReportScope, total: dict) -> tuple[tuple[str, str], ...]:
    """The spend against budget first: the home page shows it."""
    whole_year_now = (
        scope.period.quarter is None and scope.today is not None and scope.today in scope.period
    )
    label = THIS_YEAR if whole_year_now else f"Spend against budget in {scope.period.name}"
    spent, budgets = total["spent"], total["reviewed_budgets"]
    against = (
        f"{format_value(Kind.MONEY, spent)} spent of {format_value(Kind.MONEY, budgets)} "
        f"reviewed ({format_value(Kind.PERCENT, share(spent, budgets))})"
        if budgets
        else "No spending recorded at a review yet"
    )
    return (
        (label, against),
        ("Approved budgets in force", format_value(Kind.MONEY, total["approved"])),
        ("Planned spend a year", format_value(Kind.MONEY, total["planned"])),
        ("Underspend at reviews", format_value(Kind.MONEY, total["underspend"])),
    )
