"""Decisions: plans waiting for one today, how long plans decided in the period waited
(median and 90th percentile, by route and by month), the share decided within the target
and the share returned, and the reconsiderations asked.

Times are counted from the day a version was submitted to the day it was decided (London
days): in working days (Monday to Friday; bank holidays are not taken off) and in calendar
days. Every decision of the period is read as one row (a few thousand a year at most); the
medians are worked out here, as no database gives PERCENTILE.INC on both SQLite and
PostgreSQL.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from careplans.models import Decision, PlanStatus, Reconsideration
from costing.core.signoff import Route
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.core.stats import median, percentile, share, working_days_between
from reports.filters import ReportScope

ROUTE_NAMES = {Route.FACILITATOR: "Facilitator", Route.COMMISSIONER: "Commissioner"}
ALL_ROUTES = "All routes"
WORKING_DAYS_NOTE = (
    "Working days are Monday to Friday, counted from the day after submission to the day of "
    "the decision; bank holidays are not taken off. A plan submitted on a Friday and decided "
    "on the Monday took 1 working day."
)
SHORT_NOTE = "Working days are Monday to Friday; bank holidays are not taken off."
ROUTE = ReportColumn("route", "Route")
TIMES = (
    ReportColumn("decisions", "Decisions", Kind.COUNT),
    ReportColumn("median", "Median", Kind.DAYS),
    ReportColumn("p90", "90th percentile", Kind.DAYS),
    ReportColumn("median_calendar", "Median (calendar days)", Kind.DAYS),
    ReportColumn("p90_calendar", "90th percentile (calendar days)", Kind.DAYS),
)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _route_name(route: str) -> str:
    return ROUTE_NAMES.get(route, "Not known")


def _today(scope: ReportScope) -> date:
    return scope.today or timezone.localdate()


@dataclass(frozen=True)
class Decided:
    """One decision of the period: its route, month, kind and how long it took."""

    route: str
    month: str
    kind: str
    working_days: int | None
    calendar_days: int | None


def decided_in_period(scope: ReportScope) -> list[Decided]:
    """The decisions taken on a day of the period on versions in scope (the times None for a
    version with no submission time)."""
    found = Decision.objects.filter(
        version__in=scope.versions(),
        decided_at__gte=_midnight(scope.start),
        decided_at__lt=_midnight(scope.end + timedelta(days=1)),
    ).values_list("version__route", "version__submitted_at", "decided_at", "kind")
    decided = []
    for route, submitted_at, decided_at, kind in found:
        day = timezone.localdate(decided_at)
        submitted = timezone.localdate(submitted_at) if submitted_at else None
        decided.append(
            Decided(
                route=route,
                month=f"{day:%Y-%m}",
                kind=kind,
                working_days=working_days_between(submitted, day) if submitted else None,
                calendar_days=max((day - submitted).days, 0) if submitted else None,
            )
        )
    return decided


def _times(decided: list[Decided]) -> dict:
    working = [d.working_days for d in decided if d.working_days is not None]
    calendar = [d.calendar_days for d in decided if d.calendar_days is not None]
    return {
        "decisions": len(decided),
        "median": median(working),
        "p90": percentile(working, 90),
        "median_calendar": median(calendar),
        "p90_calendar": percentile(calendar, 90),
    }


def _by_route(decided: list[Decided]) -> list[tuple[str, list[Decided]]]:
    order = list(ROUTE_NAMES)
    routes = sorted(
        {d.route for d in decided},
        key=lambda route: (order.index(route) if route in order else len(order), route),
    )
    return [(route, [d for d in decided if d.route == route]) for route in routes]


def _waiting(scope: ReportScope) -> ReportTable:
    today = _today(scope)
    found = (
        scope.versions()
        .filter(status=PlanStatus.SUBMITTED)
        .values("route")
        .annotate(waiting=Count("pk"), oldest=Min("submitted_at"))
        .order_by("route")
    )

    def row(route: str, waiting: int, oldest: datetime | None) -> dict:
        day = timezone.localdate(oldest) if oldest else None
        return {
            "route": route,
            "waiting": waiting,
            "oldest_submitted": day,
            "oldest_wait": (today - day).days if day else None,
            "oldest_wait_working": working_days_between(day, today) if day else None,
        }

    rows = [row(_route_name(r["route"]), r["waiting"], r["oldest"]) for r in found]
    oldest = [r["oldest"] for r in found if r["oldest"]]
    total = row(ALL_ROUTES, sum(r["waiting"] for r in found), min(oldest) if oldest else None)
    return ReportTable(
        "waiting",
        "Plans waiting for a decision today, by route, and the longest wait",
        (
            ROUTE,
            ReportColumn("waiting", "Waiting", Kind.COUNT),
            ReportColumn("oldest_submitted", "Longest waiting since", Kind.DATE),
            ReportColumn("oldest_wait", "Longest wait (calendar days)", Kind.DAYS),
            ReportColumn("oldest_wait_working", "Longest wait (working days)", Kind.DAYS),
        ),
        tuple(rows),
        footer=(total,) if rows else (),
        chart=Chart("bars", "route", ("waiting",)),
        note="Today, whatever the period chosen. " + WORKING_DAYS_NOTE,
    )


def _times_by_route(decided: list[Decided], period: str) -> ReportTable:
    rows = [{"route": _route_name(route), **_times(group)} for route, group in _by_route(decided)]
    return ReportTable(
        "times_by_route",
        f"Working days from submission to decision of the plans decided in {period}, by route",
        (ROUTE, *TIMES),
        tuple(rows),
        footer=({"route": ALL_ROUTES, **_times(decided)},) if rows else (),
        chart=Chart(
            "bars",
            "route",
            ("median", "p90"),
            description="Grouped bar chart of the median and the 90th percentile of the "
            "working days from submission to decision, for each route. The table beside it "
            "gives the figures.",
        ),
        note=WORKING_DAYS_NOTE
        + " The 90th percentile is the time within which 9 decisions in 10 were taken "
        "(interpolated as a spreadsheet's PERCENTILE.INC).",
    )


def _times_by_month(decided: list[Decided], period: str) -> ReportTable:
    rows = []
    for month in sorted({d.month for d in decided}):
        for route, group in _by_route([d for d in decided if d.month == month]):
            rows.append({"month": f"{month} {_route_name(route).lower()}", **_times(group)})
    return ReportTable(
        "times_by_month",
        f"Working days from submission to decision of the plans decided in {period}, by month "
        "and route",
        (ReportColumn("month", "Month and route"), *TIMES),
        tuple(rows),
        chart=Chart("bars", "month", ("median", "p90")),
        note=SHORT_NOTE,
    )


def _within_target(decided: list[Decided], period: str, target: int) -> ReportTable:
    def row(route: str, group: list[Decided]) -> dict:
        timed = [d for d in group if d.working_days is not None]
        within = sum(1 for d in timed if d.working_days <= target)
        return {"route": route, "decisions": len(timed), "within": within}

    rows = [row(_route_name(route), group) for route, group in _by_route(decided)]
    footer = (row(ALL_ROUTES, decided),) if rows else ()
    for each in (*rows, *footer):
        each["share"] = share(each["within"], each["decisions"])
    return ReportTable(
        "within_target",
        f"Plans decided in {period} within {target} working days of submission, by route",
        (
            ROUTE,
            ReportColumn("decisions", "Decisions", Kind.COUNT),
            ReportColumn("within", f"Within {target} working days", Kind.COUNT),
            ReportColumn("share", "Share within the target", Kind.PERCENT),
        ),
        tuple(rows),
        footer=footer,
        chart=Chart("bars", "route", ("share",)),
        note=f"The target is {target} working days (the setting DECISION_TARGET_WORKING_DAYS). "
        + SHORT_NOTE,
    )


def _returned(decided: list[Decided], period: str) -> ReportTable:
    def row(route: str, group: list[Decided]) -> dict:
        returned = sum(1 for d in group if d.kind == Decision.Kind.RETURN)
        return {
            "route": route,
            "decisions": len(group),
            "agreed": len(group) - returned,
            "returned": returned,
            "share": share(returned, len(group)),
        }

    rows = [row(_route_name(route), group) for route, group in _by_route(decided)]
    return ReportTable(
        "returned",
        f"Plans decided in {period}: agreed (signed off or approved) and returned, by route",
        (
            ROUTE,
            ReportColumn("decisions", "Decisions", Kind.COUNT),
            ReportColumn("agreed", "Signed off or approved", Kind.COUNT),
            ReportColumn("returned", "Returned", Kind.COUNT),
            ReportColumn("share", "Share returned", Kind.PERCENT),
        ),
        tuple(rows),
        footer=(row(ALL_ROUTES, decided),) if rows else (),
        chart=Chart("bars", "route", ("share",)),
    )


RECONSIDERATION_OUTCOMES = (
    (Reconsideration.Outcome.UPHELD, "The decision stands"),
    (Reconsideration.Outcome.CHANGED, "The decision is changed"),
    ("", "Not answered yet"),
)


def _reconsiderations(scope: ReportScope, period: str) -> ReportTable:
    versions = scope.versions()
    found = {
        row["outcome"]: row
        for row in Reconsideration.objects.filter(
            Q(decision__version__in=versions) | Q(review__version__in=versions),
            requested_at__gte=_midnight(scope.start),
            requested_at__lt=_midnight(scope.end + timedelta(days=1)),
        )
        .values("outcome")
        .annotate(
            returned=Count("pk", filter=Q(decision__isnull=False)),
            reduced=Count("pk", filter=Q(review__isnull=False)),
        )
        .order_by("outcome")
    }
    rows = []
    for outcome, label in RECONSIDERATION_OUTCOMES:
        counted = found.get(outcome, {})
        returned, reduced = counted.get("returned", 0), counted.get("reduced", 0)
        rows.append(
            {
                "outcome": label,
                "returned": returned,
                "reduced": reduced,
                "asked": returned + reduced,
            }
        )
    totals = {key: sum(row[key] for row in rows) for key in ("returned", "reduced", "asked")}
    asked = totals["asked"] > 0
    return ReportTable(
        "reconsiderations",
        f"Reconsiderations asked in {period}, by their outcome",
        (
            ReportColumn("outcome", "Outcome"),
            ReportColumn("returned", "Of a returned plan", Kind.COUNT),
            ReportColumn("reduced", "Of a budget reduced at a review", Kind.COUNT),
            ReportColumn("asked", "All", Kind.COUNT),
        ),
        tuple(rows) if asked else (),
        footer=({"outcome": "Asked", **totals},) if asked else (),
        chart=Chart("bars", "outcome", ("asked",)),
        note="Counted by the day the person asked; the outcome is as it stands today.",
    )


def _summary(waiting: ReportTable, within: ReportTable, returned: ReportTable, target: int):
    total = waiting.footer[0] if waiting.footer else {"waiting": 0, "oldest_wait": None}
    figure = format_value(Kind.COUNT, total["waiting"])
    if total["oldest_wait"] is not None:
        figure += f" (oldest {format_value(Kind.DAYS, total['oldest_wait'])})"
    within_share = within.footer[0]["share"] if within.footer else None
    returned_share = returned.footer[0]["share"] if returned.footer else None
    return (
        ("Waiting for a decision", figure),
        (f"Decided within {target} working days", format_value(Kind.PERCENT, within_share)),
        ("Returned", format_value(Kind.PERCENT, returned_share)),
    )


def decisions_report(scope: ReportScope) -> Report:
    target = settings.DECISION_TARGET_WORKING_DAYS
    period = scope.period.name
    decided = decided_in_period(scope)
    waiting = _waiting(scope)
    within = _within_target(decided, period, target)
    returned = _returned(decided, period)
    return Report(
        "decisions",
        "Decisions",
        (
            waiting,
            _times_by_route(decided, period),
            _times_by_month(decided, period),
            within,
            returned,
            _reconsiderations(scope, period),
        ),
        summary=_summary(waiting, within, returned, target),
    )
