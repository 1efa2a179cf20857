"""Reviews: those held in the period against the date each was due, the national quality
standard's measure (of the plans held more than 12 months, the share reviewed within the
last 12 months), the reviews overdue today by team, and the progress on outcomes recorded
at reviews."""

from datetime import date, datetime, time

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from careplans.choices import OutcomeCategory
from careplans.in_force import DECIDED_IN_FAVOUR, versions_in_force
from careplans.models import CarePlan, Decision
from costing.core.schedule import add_months
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.core.stats import share
from reports.filters import ReportScope
from reviews.models import OutcomeProgress, Review
from reviews.services import overdue_reviews

TEAM = ReportColumn("team", "Team")
ALL_TEAMS = "All teams"
HELD_FOR_MONTHS = 12


def _today(scope: ReportScope) -> date:
    return scope.today or timezone.localdate()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def reviews_in_period(scope: ReportScope) -> QuerySet[Review]:
    """Reviews held on a day of the period, of the versions in scope."""
    return Review.objects.filter(
        version__in=scope.versions(), held_on__gte=scope.start, held_on__lte=scope.end
    )


def _with_shares(rows: list[dict], part: str, whole: str) -> list[dict]:
    for row in rows:
        row["share"] = share(row[part], row[whole])
    return rows


def _total(rows: list[dict], keys: tuple[str, ...]) -> dict:
    return {"team": ALL_TEAMS, **{key: sum(row[key] for row in rows) for key in keys}}


def _on_time(scope: ReportScope, period: str) -> ReportTable:
    keys = ("reviews", "on_time", "late", "not_known")
    rows = [
        {"team": row.pop("plan__participant__team__name"), **row}
        for row in reviews_in_period(scope)
        .values("plan__participant__team__name")
        .annotate(
            reviews=Count("pk"),
            on_time=Count("pk", filter=Q(held_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(held_on__gt=F("due_on"))),
            not_known=Count("pk", filter=Q(due_on__isnull=True)),
        )
        .order_by("plan__participant__team__name")
    ]
    footer = [_total(rows, keys)] if rows else []
    for row in (*rows, *footer):
        row["share"] = share(row["on_time"], row["on_time"] + row["late"])
    return ReportTable(
        "on_time",
        f"Reviews held in {period}, on time or late against the date each was due, by team",
        (
            TEAM,
            ReportColumn("reviews", "Reviews", Kind.COUNT),
            ReportColumn("on_time", "On time", Kind.COUNT),
            ReportColumn("late", "Late", Kind.COUNT),
            ReportColumn("not_known", "Due date not known", Kind.COUNT),
            ReportColumn("share", "Share on time", Kind.PERCENT),
        ),
        tuple(rows),
        footer=tuple(footer),
        chart=Chart("bars", "team", ("share",)),
        note="A review is on time when it is held on or before the date the plan's review was "
        "due when it was held (3 months after approval for the first, 12 months after the last "
        "review, sooner for some care clusters or when a review was called). The share is of "
        "the reviews whose due date is known.",
    )


def _as_of(scope: ReportScope) -> date:
    """The day the 12-month measure is taken: the period's end, or today if sooner."""
    return min(scope.end, _today(scope))


def _twelve_months(scope: ReportScope) -> ReportTable:
    as_of = _as_of(scope)
    since = add_months(as_of, -HELD_FOR_MONTHS)
    in_force = scope.versions(versions_in_force(as_of, as_of)).values("plan")
    first_agreed = (
        Decision.objects.filter(version__plan=OuterRef("pk"), kind__in=DECIDED_IN_FAVOUR)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    reviewed = Review.objects.filter(plan=OuterRef("pk"), held_on__gte=since, held_on__lte=as_of)
    rows = [
        {"team": row.pop("participant__team__name"), **row}
        for row in CarePlan.objects.filter(pk__in=in_force)
        .annotate(first_agreed=Subquery(first_agreed))
        .filter(first_agreed__lt=_midnight(since))
        .values("participant__team__name")
        .annotate(held=Count("pk"), reviewed=Count("pk", filter=Exists(reviewed)))
        .order_by("participant__team__name")
    ]
    footer = [_total(rows, ("held", "reviewed"))] if rows else []
    return ReportTable(
        "twelve_months",
        f"Plans held more than 12 months on {format_value(Kind.DATE, as_of)}: "
        "reviewed within the last 12 months, by team",
        (
            TEAM,
            ReportColumn("held", "Plans held more than 12 months", Kind.COUNT),
            ReportColumn("reviewed", "Reviewed within 12 months", Kind.COUNT),
            ReportColumn("share", "Share reviewed", Kind.PERCENT),
        ),
        tuple(_with_shares(rows, "reviewed", "held")),
        footer=tuple(_with_shares(footer, "reviewed", "held")),
        chart=Chart("bars", "team", ("share",)),
        note="The national quality standard's measure, taken on the period's last day (today "
        "if sooner): of the plans in force that day and first agreed more than 12 months "
        "before, those with a review in the 12 months up to it, so that no plan went more "
        "than 12 months since its approval or its previous review without one.",
    )


def _overdue(scope: ReportScope) -> ReportTable:
    today = _today(scope)
    plans = overdue_reviews(scope.user, today).filter(participant__in=scope.participants())
    if scope.management_option:
        plans = plans.filter(pk__in=scope.versions(versions_in_force(today, today)).values("plan"))
    rows = []
    for row in (
        plans.values("participant__team__name")
        .annotate(overdue=Count("pk"), due=Min("review_due"))
        .order_by("participant__team__name")
    ):
        rows.append(
            {
                "team": row["participant__team__name"],
                "overdue": row["overdue"],
                "longest": (today - row["due"]).days,
            }
        )
    footer = (
        (
            {
                "team": ALL_TEAMS,
                "overdue": sum(r["overdue"] for r in rows),
                "longest": max(r["longest"] for r in rows),
            },
        )
        if rows
        else ()
    )
    return ReportTable(
        "overdue",
        "Reviews overdue today, by team",
        (
            TEAM,
            ReportColumn("overdue", "Plans with a review overdue", Kind.COUNT),
            ReportColumn("longest", "Longest overdue (days)", Kind.DAYS),
        ),
        tuple(rows),
        footer=footer,
        chart=Chart("bars", "team", ("overdue",)),
        note="Today, whatever the period chosen: plans not ended whose review was due before "
        "today and has not been recorded since.",
    )


def _progress(reviews: QuerySet[Review], period: str) -> ReportTable:
    counted = dict(
        OutcomeProgress.objects.filter(review__in=reviews)
        .values("rating")
        .annotate(ratings=Count("pk"))
        .order_by("rating")
        .values_list("rating", "ratings")
    )
    total = sum(counted.values())
    rows = [
        {
            "rating": f"{rating}: {label}",
            "ratings": counted.get(rating, 0),
            "share": share(counted.get(rating, 0), total),
        }
        for rating, label in OutcomeProgress.Rating.choices
    ]
    return ReportTable(
        "progress",
        f"Progress on outcomes recorded at the reviews held in {period}",
        (
            ReportColumn("rating", "Progress"),
            ReportColumn("ratings", "Outcomes rated", Kind.COUNT),
            ReportColumn("share", "Share", Kind.PERCENT),
        ),
        tuple(rows),
        footer=({"rating": "All ratings", "ratings": total, "share": share(total, total)},),
        chart=Chart("bars", "rating", ("ratings",)),
        note="Each outcome of the plan is rated at each review, on a five-point scale from "
        "1 (further away) to 5 (achieved).",
    )


def _progress_by_category(reviews: QuerySet[Review], period: str) -> ReportTable:
    names = dict(OutcomeCategory.choices)
    rows = [
        {
            "category": names.get(row["outcome__category"], row["outcome__category"]),
            "ratings": row["ratings"],
            "good": row["good"],
            "share": share(row["good"], row["ratings"]),
        }
        for row in OutcomeProgress.objects.filter(review__in=reviews)
        .values("outcome__category")
        .annotate(
            ratings=Count("pk"),
            good=Count("pk", filter=Q(rating__gte=OutcomeProgress.Rating.GOOD)),
        )
        .order_by("outcome__category")
    ]
    return ReportTable(
        "progress_by_category",
        f"Outcomes rated at the reviews held in {period} with good progress or achieved, "
        "by outcome category",
        (
            ReportColumn("category", "Outcome category"),
            ReportColumn("ratings", "Outcomes rated", Kind.COUNT),
            ReportColumn("good", "Good progress or achieved", Kind.COUNT),
            ReportColumn("share", "Share", Kind.PERCENT),
        ),
        tuple(rows),
        chart=Chart("bars", "category", ("share",)),
    )


def reviews_report(scope: ReportScope) -> Report:
    period = scope.period.name
    reviews = reviews_in_period(scope)
    on_time = _on_time(scope, period)
    twelve = _twelve_months(scope)
    overdue = _overdue(scope)

    def total(table: ReportTable, key: str):
        return table.footer[0][key] if table.footer else None

    return Report(
        "reviews",
        "Reviews",
        (
            on_time,
            twelve,
            overdue,
            _progress(reviews, period),
            _progress_by_category(reviews, period),
        ),
        summary=(
            ("Reviews overdue", format_value(Kind.COUNT, total(overdue, "overdue") or 0)),
            ("Reviewed within 12 months", format_value(Kind.PERCENT, total(twelve, "share"))),
            ("Reviews on time", format_value(Kind.PERCENT, total(on_time, "share"))),
        ),
    )
