"""Budgets: plans by status today, and the approved budgets in force in the period by
cluster, team and how they are managed, with their range."""

from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce

from careplans.choices import ManagementOption, PlanStatus
from careplans.in_force import in_force_ids
from careplans.models import CarePlanVersion
from reports.core.report import (
    Chart,
    Figures,
    Kind,
    Report,
    ReportColumn,
    ReportTable,
    format_value,
)
from reports.core.stats import spread
from reports.filters import ReportScope

MONEY = DecimalField(max_digits=20, decimal_places=2)
ZERO = Value(Decimal("0.00"))
STATUS_NAMES = {
    PlanStatus.DRAFT: "Draft",
    PlanStatus.SUBMITTED: "Waiting for a decision",
    PlanStatus.SIGNED_OFF: "Signed off by a facilitator",
    PlanStatus.APPROVED: "Approved by a commissioner",
    PlanStatus.RETURNED: "Returned",
}
GROUP_COLUMNS = (
    ReportColumn("budgets", "Budgets", Kind.COUNT),
    ReportColumn("total", "Total a year", Kind.MONEY),
)


def _latest_in_force(scope: ReportScope) -> QuerySet[CarePlanVersion]:
    """The highest numbered version in force in the period of each plan of the people in
    scope, whatever it is managed as (a window over them: only ``aggregate`` may be asked
    of it, Django's grouping over such a filter is wrong)."""
    in_force = in_force_ids(scope.start, scope.end, plans=scope.people())
    return (
        CarePlanVersion.objects.filter(pk__in=in_force)
        .annotate(last=Window(Max("number"), partition_by=F("plan_id")))
        .filter(number=F("last"))
    )


def budgets_in_force(scope: ReportScope) -> QuerySet[CarePlanVersion]:
    """The version of each plan in scope in force last in the period (one a plan): the
    highest numbered of its versions in force then, whatever they are managed as; then
    those of the management option asked for."""
    versions = CarePlanVersion.objects.filter(pk__in=_latest_in_force(scope).values("pk"))
    if scope.management_option:
        versions = versions.filter(management_option=scope.management_option)
    return versions


def budget_figures(scope: ReportScope) -> dict[str, Any]:
    """How many budgets ``budgets_in_force`` counts, their total a year and the indicative
    budgets they were approved against: one query, for the overview and the home page."""
    option = Q(management_option=scope.management_option) if scope.management_option else Q()
    return _latest_in_force(scope).aggregate(
        budgets=Count("pk", filter=option),
        total=Coalesce(Sum("submitted_total", filter=option), ZERO, output_field=MONEY),
        indicative=Coalesce(Sum("submitted_indicative", filter=option), ZERO, output_field=MONEY),
    )


TEAM, CLUSTER, OPTION = (
    "plan__participant__team__name",
    "plan__participant__cluster__number",
    "management_option",
)


def _budget_rows(versions: QuerySet[CarePlanVersion]) -> list[dict]:
    """Each budget's team, cluster, option and total: one query, which every table of the
    report then adds up (thousands of rows, not millions: one a plan)."""
    return list(versions.values(TEAM, CLUSTER, OPTION, "submitted_total").order_by())


def _or_blank(value: Any) -> Any:
    return "" if value is None else value


def _totals(rows: list[dict], group: str) -> list[dict]:
    """The count and total for each value of ``group`` (None last)."""
    sums: dict[Any, dict] = {}
    for row in rows:
        found = sums.setdefault(row[group], {group: row[group], "budgets": 0, "total": Decimal(0)})
        found["budgets"] += 1
        found["total"] += row["submitted_total"] or 0
    return sorted(sums.values(), key=lambda row: (row[group] is None, _or_blank(row[group])))


def _group_table(name: str, caption: str, label: ReportColumn, rows: list[dict]) -> ReportTable:
    return ReportTable(
        name,
        caption,
        (label, *GROUP_COLUMNS),
        tuple(rows),
        chart=Chart("bars", label.key, ("total",)),
        default_sort=label.key,
    )


def _by_status(scope: ReportScope) -> ReportTable:
    latest = CarePlanVersion.objects.filter(plan=OuterRef("plan"), number__gt=OuterRef("number"))
    current = scope.versions().filter(~Exists(latest), plan__ended_at__isnull=True)
    counted = {
        row["status"]: row
        for row in current.values("status")
        .annotate(
            plans=Count("pk"),
            total=Coalesce(Sum("submitted_total"), Value(Decimal("0.00")), output_field=MONEY),
        )
        .order_by("status")
    }
    ended = scope.versions().filter(~Exists(latest), plan__ended_at__isnull=False).count()
    rows = [
        {
            "status": label,
            "plans": counted.get(status, {}).get("plans", 0),
            "total": counted.get(status, {}).get("total") if status != PlanStatus.DRAFT else None,
        }
        for status, label in STATUS_NAMES.items()
    ]
    rows.append({"status": "Ended", "plans": ended, "total": None})
    return ReportTable(
        "by_status",
        "Plans by the status of their latest version today (the total of those submitted)",
        (
            ReportColumn("status", "Status"),
            ReportColumn("plans", "Plans", Kind.COUNT),
            ReportColumn("total", "Total a year", Kind.MONEY),
        ),
        tuple(rows),
        chart=Chart("bars", "status", ("plans",)),
        default_sort="",
    )


def _spread_rows(budgets: list[dict]) -> tuple[list[dict], list[dict]]:
    """The range for each team, and for all teams (kept last, as a total is)."""
    amounts: dict[str, list[Decimal]] = {}
    for row in budgets:
        if row["submitted_total"] is not None:
            amounts.setdefault(row[TEAM], []).append(row["submitted_total"])
    everyone = [amount for team_amounts in amounts.values() for amount in team_amounts]
    rows = [{"team": team, **spread(values).__dict__} for team, values in sorted(amounts.items())]
    footer = [{"team": "All teams", **spread(everyone).__dict__}] if everyone else []
    return rows, footer


def _cluster_name(number: int | None) -> str:
    return "No cluster" if number is None else f"Cluster {number}"


def _summary(figures: dict[str, Any]) -> Figures:
    return (
        ("Approved budgets in force", format_value(Kind.COUNT, figures["budgets"])),
        ("Their total a year", format_value(Kind.MONEY, figures["total"])),
    )


def budgets_summary(scope: ReportScope) -> Figures:
    """The overview's figures: how many approved budgets were in force, and their total."""
    return _summary(budget_figures(scope))


def budgets_report(scope: ReportScope) -> Report:
    budgets = _budget_rows(budgets_in_force(scope))
    option_names = dict(ManagementOption.choices)
    by_option = [
        {**row, "management_option": option_names.get(row["management_option"], "Not chosen")}
        for row in _totals(budgets, OPTION)
    ]
    by_cluster = [
        {
            "cluster": _cluster_name(row[CLUSTER]),
            "budgets": row["budgets"],
            "total": row["total"],
        }
        for row in _totals(budgets, CLUSTER)
    ]
    by_team = [
        {
            "team": row[TEAM],
            "budgets": row["budgets"],
            "total": row["total"],
        }
        for row in _totals(budgets, TEAM)
    ]
    period = scope.period.name
    ranges, everyone = _spread_rows(budgets)
    tables = (
        _group_table(
            "by_team",
            f"Approved budgets in force in {period}, by team",
            ReportColumn("team", "Team"),
            by_team,
        ),
        _group_table(
            "by_cluster",
            f"Approved budgets in force in {period}, by care cluster",
            ReportColumn("cluster", "Care cluster"),
            by_cluster,
        ),
        _group_table(
            "by_management_option",
            f"Approved budgets in force in {period}, by how they are managed",
            ReportColumn("management_option", "How the budget is managed"),
            by_option,
        ),
        ReportTable(
            "range",
            f"The range of approved budgets in force in {period} (a year)",
            (
                ReportColumn("team", "Team"),
                ReportColumn("count", "Budgets", Kind.COUNT),
                ReportColumn("minimum", "Smallest", Kind.MONEY),
                ReportColumn("lower_quartile", "Lower quartile", Kind.MONEY),
                ReportColumn("median", "Median", Kind.MONEY),
                ReportColumn("upper_quartile", "Upper quartile", Kind.MONEY),
                ReportColumn("maximum", "Largest", Kind.MONEY),
            ),
            tuple(ranges),
            footer=tuple(everyone),
            chart=Chart("spread", "team"),
        ),
        _by_status(scope),
    )
    return Report(
        "budgets",
        "Budgets",
        tables,
        summary=_summary(
            {"budgets": len(budgets), "total": sum((r["total"] for r in by_team), Decimal(0))}
        ),
    )
