"""Cluster cost against indicative budget (the pilot's Table 11): for each person in a
care cluster with an indicative budget for the year, the cluster's annual cost for that
year against the budget, and the difference; and for each cluster, the mean."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Q, Subquery

from budgets.models import IndicativeBudget
from costing.core.money import PENNY
from costing.models import Cluster, ClusterCost
from participants.models import ClusterAssignment
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.filters import ReportScope

NUMBER = ReportColumn("number", "Cluster", Kind.COUNT)
COST = ReportColumn("cluster_cost", "Cluster cost a year", Kind.MONEY)


def _people(scope: ReportScope) -> list[tuple[int, str, str, int, Decimal]]:
    """(id, given name, family name, cluster id, budget) of each person in scope who was in
    a cluster in the period (the latest they were in) and has a budget for its year (the
    newest set, the one in force). One query."""
    in_period = (
        ClusterAssignment.objects.filter(participant=OuterRef("pk"), start__lte=scope.end)
        .filter(Q(end__isnull=True) | Q(end__gte=scope.start))
        .order_by("-start")
        .values("cluster_id")[:1]
    )
    budget = (
        IndicativeBudget.objects.filter(
            participant=OuterRef("pk"), year=scope.period.year.start_year
        )
        .order_by("-set_at", "-pk")
        .values("amount")[:1]
    )
    return list(
        scope.participants()
        .annotate(period_cluster=Subquery(in_period), budget=Subquery(budget))
        .filter(period_cluster__isnull=False, budget__isnull=False)
        .order_by("pk")
        .values_list("pk", "given_name", "family_name", "period_cluster", "budget")
    )


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(PENNY, rounding=ROUND_HALF_UP)


def cluster_budgets_report(scope: ReportScope) -> Report:
    """Three queries: the people, the clusters' names and the year's cluster costs."""
    year = scope.period.year
    people = _people(scope)
    clusters = {
        pk: (number, name)
        for pk, number, name in Cluster.objects.values_list("pk", "number", "name")
    }
    costs = dict(
        ClusterCost.objects.filter(year=year.start_year).values_list("cluster_id", "annual_cost")
    )
    rows = []
    by_cluster: dict[int, list[dict]] = defaultdict(list)
    for _, given, family, cluster_id, budget in people:
        cost = costs.get(cluster_id)
        row = {
            "name": f"{given} {family}",
            "number": clusters[cluster_id][0],
            "cluster_cost": cost,
            "budget": budget,
            "difference": None if cost is None else budget - cost,
        }
        rows.append(row)
        by_cluster[cluster_id].append(row)
    rows.sort(key=lambda row: (row["number"], row["name"].casefold()))
    means = [
        {
            "number": clusters[cluster_id][0],
            "cluster": f"{clusters[cluster_id][0]} – {clusters[cluster_id][1]}",
            "people": len(members),
            "cluster_cost": costs.get(cluster_id),
            "budget": _mean([row["budget"] for row in members]),
            "difference": _mean(
                [row["difference"] for row in members if row["difference"] is not None]
            ),
        }
        for cluster_id, members in sorted(by_cluster.items(), key=lambda item: clusters[item[0]])
    ]
    difference = ReportColumn("difference", "Budget less cluster cost", Kind.MONEY)
    note = (
        f"Each person's cluster is the latest they were in during {scope.period.name}; their "
        f"indicative budget is the newest set for {year.label}, the one in force. People "
        "without a budget for the year are left out. A negative difference is a budget below "
        "the cluster's cost."
    )
    if scope.management_option:
        note += " How budgets are managed does not narrow this report: it compares budgets "
        note += "set before any plan."
    tables = (
        ReportTable(
            "by_cluster",
            f"Mean indicative budget against the cluster's annual cost, {year.label}",
            (
                NUMBER,
                ReportColumn("cluster", "Name"),
                ReportColumn("people", "People", Kind.COUNT),
                COST,
                ReportColumn("budget", "Mean indicative budget", Kind.MONEY),
                ReportColumn("difference", "Mean budget less cluster cost", Kind.MONEY),
            ),
            tuple(means),
            chart=Chart("bars", "cluster", ("cluster_cost", "budget"), names=("Cost", "Budget")),
            default_sort="number",
            note=note,
        ),
        ReportTable(
            "by_person",
            f"Each person's indicative budget against their cluster's annual cost, {year.label}",
            (
                ReportColumn("name", "Name"),
                NUMBER,
                COST,
                ReportColumn("budget", "Indicative budget", Kind.MONEY),
                difference,
            ),
            tuple(rows),
            chart=Chart("bars", "name", ("cluster_cost", "budget"), names=("Cost", "Budget")),
            default_sort="number",
        ),
    )
    over = sum(1 for row in rows if row["difference"] is not None and row["difference"] > 0)
    under = sum(1 for row in rows if row["difference"] is not None and row["difference"] < 0)
    summary = (
        ("People with a cluster and an indicative budget", format_value(Kind.COUNT, len(rows))),
        ("Budgets above their cluster's cost", format_value(Kind.COUNT, over)),
        ("Budgets below their cluster's cost", format_value(Kind.COUNT, under)),
    )
    return Report(
        "cluster-budgets",
        "Cluster cost against indicative budget",
        tables,
        summary=summary,
        people_shown=tuple(pk for pk, *_ in people),
    )
