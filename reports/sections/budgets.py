"""Budgets: plans by status today, and the approved budgets in force in the period by
cluster, team and how they are managed, with their range."""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
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


def budgets_in_force(scope: ReportScope) -> QuerySet[CarePlanVersion]:
    """The version of each plan in scope in force last in the period (one a plan): the
    highest numbered of its versions in force then, whatever they are managed as; then
    those of the management option asked for."""
    latest = (
        CarePlanVersion.objects.filter(pk__in=in_force_ids(scope.start, scope.end))
        .annotate(last=Window(Max("number"), partition_by=F("plan_id")))
        .filter(number=F("last"))
        .values("pk")
    )
    return scope.versions(CarePlanVersion.objects.filter(pk__in=latest))


def _totals(versions: QuerySet[CarePlanVersion], group: str) -> list[dict]:
    return list(
        versions.values(group)
        .annotate(
            budgets=Count("pk"),
            total=Coalesce(Sum("submitted_total"), Value(Decimal("0.00")), output_field=MONEY),
        )
        .order_by(group)
    )


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


def _spread_rows(versions: QuerySet[CarePlanVersion]) -> tuple[list[dict], list[dict]]:
    """The range for each team, and for all teams (kept last, as a total is)."""
    amounts: dict[str, list[Decimal]] = {}
    totals = versions.filter(submitted_total__isnull=False)
    for team, total in totals.values_list("plan__participant__team__name", "submitted_total"):
        amounts.setdefault(team, []).append(total)
    everyone = [amount for team_amounts in amounts.values() for amount in team_amounts]
    rows = [{"team": team, **spread(values).__dict__} for team, values in sorted(amounts.items())]
    footer = [{"team": "All teams", **spread(everyone).__dict__}] if everyone else []
    return rows, footer


def _cluster_name(number: int | None) -> str:
    return "No cluster" if number is None else f"Cluster {number}"


def _summary(versions: QuerySet[CarePlanVersion]) -> Figures:
    everyone = versions.aggregate(
        budgets=Count("pk"),
        total=Coalesce(Sum("submitted_total"), Value(Decimal("0.00")), output_field=MONEY),
    )
    return (
        ("Approved budgets in force", format_value(Kind.COUNT, everyone["budgets"])),
        ("Their total a year", format_value(Kind.MONEY, everyone["total"])),
    )


def budgets_summary(scope: ReportScope) -> Figures:
    """The overview's figures: how many approved budgets were in force, and their total."""
    return _summary(budgets_in_force(scope))


def budgets_report(scope: ReportScope) -> Report:
    versions = budgets_in_force(scope)
    option_names = dict(ManagementOption.choices)
    by_option = [
        {**row, "management_option": option_names.get(row["management_option"], "Not chosen")}
        for row in _totals(versions, "management_option")
    ]
    by_cluster = [
        {
            "cluster": _cluster_name(row["plan__participant__cluster__number"]),
            "budgets": row["budgets"],
            "total": row["total"],
        }
        for row in _totals(versions, "plan__participant__cluster__number")
    ]
    by_team = [
        {
            "team": row["plan__participant__team__name"],
            "budgets": row["budgets"],
            "total": row["total"],
        }
        for row in _totals(versions, "plan__participant__team__name")
    ]
    period = scope.period.name
    ranges, everyone = _spread_rows(versions)
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
        summary=_summary(versions),
    )
