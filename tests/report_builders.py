"""Approved plans with outcomes, spending lines and reviews, written straight into the
database for the reports' tests (``tests.approved_plans`` makes the plan; its parts are
added in bulk, since an approved version's parts cannot be saved one by one)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from careplans.models import CarePlanVersion, Outcome, SpendingLine
from costing.models import Intervention
from people.models import Team, User
from reports.core.periods import Period
from reports.filters import ReportScope
from reviews.models import Review, SpendingProgress
from tests.approved_plans import approved_again, approved_plan

# (category, unit cost, quantity, frequency); a category of "" is a clinical line.
LineSpec = tuple[str, str, int, str]


def with_parts(
    version: CarePlanVersion,
    *,
    outcomes: Sequence[str] = (),
    lines: Sequence[LineSpec] = (),
    total: str | None = None,
) -> CarePlanVersion:
    """``version`` with outcomes of these categories, these lines and a submitted total."""
    Outcome.objects.bulk_create(
        Outcome(version=version, position=n, in_their_words=f"Outcome {n}", category=category)
        for n, category in enumerate(outcomes)
    )
    clinical = None
    if any(not category for category, *_ in lines):
        clinical, _ = Intervention.objects.get_or_create(
            code="cmht", defaults={"name": "CMHT contact", "unit": "contact"}
        )
    SpendingLine.objects.bulk_create(
        SpendingLine(
            version=version,
            position=n,
            kind=SpendingLine.Kind.PURCHASE if category else SpendingLine.Kind.CLINICAL,
            description=f"Line {n}",
            intervention=None if category else clinical,
            category=category,
            unit_cost=Decimal(unit_cost),
            quantity=quantity,
            frequency=frequency,
            funding_route="direct_payment" if category else "notional",
        )
        for n, (category, unit_cost, quantity, frequency) in enumerate(lines)
    )
    if total is not None:
        CarePlanVersion.objects.filter(pk=version.pk).update(submitted_total=Decimal(total))
    version.refresh_from_db()
    return version


def plan_with(
    team: Team,
    by: User,
    *,
    on: date,
    outcomes: Sequence[str] = (),
    lines: Sequence[LineSpec] = (),
    total: str | None = None,
    management_option: str = "notional",
) -> CarePlanVersion:
    """A new person of ``team`` with a plan approved on ``on`` holding these parts."""
    version = approved_plan(team, by, on=on, management_option=management_option)
    return with_parts(version, outcomes=outcomes, lines=lines, total=total)


def next_version(
    version: CarePlanVersion,
    by: User,
    *,
    on: date,
    outcomes: Sequence[str] = (),
    lines: Sequence[LineSpec] = (),
    total: str | None = None,
) -> CarePlanVersion:
    """The plan's next version, signed off on ``on``, holding these parts."""
    again = approved_again(version, by, on=on)
    return with_parts(again, outcomes=outcomes, lines=lines, total=total)


def reviewed(version: CarePlanVersion, by: User, *, on: date, spent: Sequence[str]) -> Review:
    """A review of ``version`` held on ``on`` recording ``spent`` for its lines, in order."""
    review = Review.objects.create(
        plan=version.plan,
        version=version,
        held_on=on,
        attendees="The person and their coordinator",
        decision=Review.Decision.CONTINUE,
        recorded_by=by,
    )
    lines = list(version.lines.order_by("position"))
    SpendingProgress.objects.bulk_create(
        SpendingProgress(review=review, line=line, planned=line.unit_cost, spent=Decimal(amount))
        for line, amount in zip(lines, spent, strict=True)
    )
    return review


def scope_of(user: User, period: str, **filters) -> ReportScope:
    return ReportScope(user=user, period=Period.parse(period), today=date(2026, 6, 1), **filters)
