"""Reviews: recording one, calling one, what falls due, and what is overdue."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from budgets.models import IndicativeBudget
from budgets.services import indicative_budget_set
from careplans.drafting import draft_start
from careplans.models import CarePlan, Outcome, SpendingLine
from careplans.pricing import spending_plan
from careplans.selectors import approved_version, plans_visible_to
from costing.core import schedule
from costing.core.care import CostLine
from costing.core.money import MoneyError, parse_amount
from costing.core.years import EARLIEST_DAY, LATEST_DAY, FinancialYear
from participants.cost_of_care import service_use_between
from people.models import User
from reviews.models import BudgetChange, OutcomeProgress, Review, SpendingProgress

NO_SUCH_PLAN = "There is no such care plan."
NO_SUCH_OUTCOME = "There is no such outcome on this plan."
NO_SUCH_LINE = "There is no such spending line on this plan."
NO_SUCH_REVIEW = "There is no such review of this plan."


def _require_team(user: User, plan: CarePlan) -> None:
    if not user.has_perm("participants.change_participant", plan.participant):
        raise PermissionDenied("Only the person’s own team records their reviews.")


def reviews_visible_to(user: User) -> QuerySet[Review]:
    return Review.objects.filter(plan__in=plans_visible_to(user))


def _cluster(plan: CarePlan) -> tuple[int | None, str]:
    cluster = plan.participant.cluster
    return (cluster.review_period_weeks, str(cluster.number)) if cluster else (None, "")


@dataclass(frozen=True)
class Progress:
    outcome: Outcome
    rating: int
    comment: str = ""


@dataclass(frozen=True)
class Spent:
    line: SpendingLine
    spent: Decimal | str


def last_reviewed_on(plan: CarePlan) -> date | None:
    return plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()


def service_use_since_last_review(plan: CarePlan, until: date) -> tuple[date, tuple[CostLine, ...]]:
    """Service use since the last review (or since the plan was approved), priced."""
    since = last_reviewed_on(plan)
    if since is None:
        version = approved_version(plan)
        decided = version.decision.decided_at if version and hasattr(version, "decision") else None
        since = timezone.localdate(decided) if decided else plan.created_at.date()
    return since, service_use_between(plan.participant_id, since, until)


def _locked_for_review(plan: CarePlan) -> CarePlan:
    """The plan, locked until the transaction ends, with its person's cluster."""
    return (
        CarePlan.objects.select_for_update(of=("self",))
        .select_related("participant__cluster")
        .get(pk=plan.pk)
    )


def _meeting_errors(held_on: date, attendees: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = [
            "A review is recorded once it has been held: the date is in the future."
        ]
    elif held_on < EARLIEST_DAY:
        errors["held_on"] = [f"A review is held on or after {EARLIEST_DAY:%-d %B %Y}."]
    if not attendees.strip():
        errors["attendees"] = ["Say who attended."]
    return errors


def _progress_errors(
    outcomes: dict[int, Outcome], progress: Sequence[Progress]
) -> dict[str, list[str]]:
    """Each of ``outcomes`` (by pk) rated, on the scale, and nothing else."""
    errors: dict[str, list[str]] = {}
    rated = {p.outcome.pk: p for p in progress}
    if set(rated) - set(outcomes):
        errors["progress"] = [NO_SUCH_OUTCOME]
    missing = [o.in_their_words for pk, o in outcomes.items() if pk not in rated]
    if missing:
        errors.setdefault("progress", []).extend(
            f"Rate the progress on “{text}”." for text in missing
        )
    if any(p.rating not in OutcomeProgress.Rating.values for p in progress):
        errors.setdefault("progress", []).append("Choose a rating from the scale.")
    return errors


def _checked_spending(
    planned: dict[int, Decimal], spending: Sequence[Spent]
) -> tuple[list[tuple[SpendingLine, Decimal, Decimal]], dict[str, list[str]]]:
    """(line, planned, spent) for each line given, and the errors, given the planned
    cost of each line of the plan (by pk)."""
    errors: dict[str, list[str]] = {}
    spent: list[tuple[SpendingLine, Decimal, Decimal]] = []
    for entry in spending:
        if entry.line.pk not in planned:
            errors["spending"] = [NO_SUCH_LINE]
            continue
        try:
            amount = parse_amount(entry.spent, allow_zero=True)
        except MoneyError as error:
            errors.setdefault("spending", []).append(f"“{entry.line.description}”: {error}.")
            continue
        spent.append((entry.line, planned[entry.line.pk], amount))
    return spent, errors


def _decision_errors(
    decision: str, decision_reason: str, taper: Sequence[tuple[FinancialYear, Decimal | str]]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if decision not in Review.Decision.values:
        errors["decision"] = ["Choose what the review decided."]
    if decision == Review.Decision.END and not decision_reason.strip():
        errors["decision_reason"] = ["Say why the budget ends."]
    if decision == Review.Decision.CHANGE_BUDGET and not taper:
        errors["taper"] = ["Give the new budget for at least one year."]
    if decision != Review.Decision.CHANGE_BUDGET and taper:
        errors["taper"] = ["A new budget goes with the decision to change the budget."]
    years = [year for year, _ in taper]
    if len(set(years)) != len(years):
        errors["taper"] = ["Give each year once."]
    return errors


def _record_progress(
    review: Review,
    progress: Sequence[Progress],
    spent: list[tuple[SpendingLine, Decimal, Decimal]],
) -> None:
    OutcomeProgress.objects.bulk_create(
        OutcomeProgress(review=review, outcome=p.outcome, rating=p.rating, comment=p.comment)
        for p in progress
    )
    SpendingProgress.objects.bulk_create(
        SpendingProgress(review=review, line=line, planned=planned, spent=amount)
        for line, planned, amount in spent
    )


def _record_taper(
    user: User,
    plan: CarePlan,
    review: Review,
    held_on: date,
    taper: Sequence[tuple[FinancialYear, Decimal | str]],
) -> None:
    """Set the new indicative budget of each year, earliest first, as the review's changes."""
    for year, amount in sorted(taper, key=lambda item: item[0]):
        budget = indicative_budget_set(
            user=user,
            participant=plan.participant,
            method="manual",
            year=year,
            inputs={"amount": str(amount)},
            reason=f"Agreed at the review on {held_on:%d %B %Y}",
        )
        BudgetChange.objects.create(
            review=review, year=year.start_year, amount=budget.amount, indicative_budget=budget
        )


def _act_on_decision(
    user: User, plan: CarePlan, review: Review, held_on: date, decision: str, decision_reason: str
) -> None:
    """End the budget or set the next review's date; start a new draft to amend the plan."""
    if decision == Review.Decision.END:
        plan.ended_at = timezone.now()
        plan.ended_reason = decision_reason.strip()
        plan.review_due, plan.review_due_rule = None, "The budget has ended."
    else:
        weeks, number = _cluster(plan)
        due = schedule.next_review(held_on, cluster_weeks=weeks, cluster=number)
        plan.review_due, plan.review_due_rule = due.on, due.rule
        review.next_review_due, review.next_review_rule = due.on, due.rule
        review.save(update_fields=["next_review_due", "next_review_rule"])
    plan.save(update_fields=["review_due", "review_due_rule", "ended_at", "ended_reason"])
    if decision == Review.Decision.AMEND:
        draft_start(user=user, plan=plan)


@transaction.atomic
def review_record(
    *,
    user: User,
    plan: CarePlan,
    held_on: date,
    attendees: str,
    what_is_working: str = "",
    what_is_not_working: str = "",
    progress: Sequence[Progress] = (),
    spending: Sequence[Spent] = (),
    decision: str,
    decision_reason: str = "",
    taper: Sequence[tuple[FinancialYear, Decimal | str]] = (),
) -> Review:
    """Record a review of the plan's approved version, act on its decision and set the
    next review's date."""
    plan = _locked_for_review(plan)
    _require_team(user, plan)
    version = approved_version(plan)
    if version is None:
        raise ValidationError("The plan has no approved version to review yet.")
    if plan.ended_at is not None:
        raise ValidationError("The budget has ended: there is nothing more to review.")
    errors = _meeting_errors(held_on, attendees)
    outcomes = {o.pk: o for o in version.outcomes.all()}
    errors.update(_progress_errors(outcomes, progress))
    planned = {p.line.pk: p.cost.total for p in spending_plan(version).lines}
    spent, spending_errors = _checked_spending(planned, spending)
    errors.update(spending_errors)
    errors.update(_decision_errors(decision, decision_reason, taper))
    if errors:
        raise ValidationError(errors)

    review = Review.objects.create(
        plan=plan,
        version=version,
        held_on=held_on,
        due_on=plan.review_due,
        attendees=attendees.strip(),
        what_is_working=what_is_working.strip(),
        what_is_not_working=what_is_not_working.strip(),
        decision=decision,
        decision_reason=decision_reason.strip(),
        recorded_by=user,
    )
    _record_progress(review, progress, spent)
    _record_taper(user, plan, review, held_on, taper)
    _act_on_decision(user, plan, review, held_on, decision, decision_reason)
    return review


@transaction.atomic
def review_call(*, user: User, plan: CarePlan, on: date, reason: str) -> CarePlan:
    """A coordinator calls a review for ``on`` (sooner than it would otherwise fall)."""
    plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
    _require_team(user, plan)
    errors = {}
    if on < timezone.localdate():
        errors["on"] = "A review is called for today or a later date."
    elif on > LATEST_DAY:
        errors["on"] = f"A review is called for a date up to {LATEST_DAY:%-d %B %Y}."
    if not reason.strip():
        errors["reason"] = "Say why the review is called."
    if approved_version(plan) is None:
        errors["on"] = "The plan has no approved version to review yet."
    if errors:
        raise ValidationError(errors)
    plan.review_due = on
    plan.review_due_rule = f"called by {user.get_full_name() or user.username}: {reason.strip()}"
    plan.save(update_fields=["review_due", "review_due_rule"])
    return plan


def overdue_reviews(user: User, today: date | None = None) -> QuerySet[CarePlan]:
    """Plans whose review is overdue, most overdue first: the team's for coordinators and
    facilitators, the organisation's for commissioners."""
    today = today or timezone.localdate()
    return (
        plans_visible_to(user)
        .filter(review_due__lt=today, ended_at__isnull=True)
        .select_related("participant__team", "participant__care_coordinator")
        .order_by("review_due", "pk")
    )


def budget_schedule(plan: CarePlan) -> list[IndicativeBudget]:
    """The indicative budgets in force by year (a taper shows as falling amounts)."""
    latest: dict[int, IndicativeBudget] = {}
    for budget in IndicativeBudget.objects.filter(participant=plan.participant).order_by(
        "year", "set_at", "pk"
    ):
        latest[budget.year] = budget
    return [latest[year] for year in sorted(latest)]


def overdue_count(user: User) -> int:
    """How many reviews are overdue (the menu's count)."""
    return overdue_reviews(user).count()
