"""Deciding a care plan: what stops a draft being submitted, submitting it, signing it
off, approving or returning it (four eyes: not by the facilitator who drafted it), and
asking for and answering a reconsideration.

Exactly one decision per version: the version's row is locked before it is checked
(``careplans.locking``).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from careplans import notifying
from careplans.drafting import copy_version, higher_risk_message
from careplans.locking import AlreadyDecided, lock_draft, lock_version, require_team, save_status
from careplans.models import (
    DECIDED,
    CarePlanVersion,
    Decision,
    FundingRoute,
    ManagementOption,
    PlanStatus,
    Reconsideration,
)
from careplans.pricing import SpendingPlan, spending_plan
from careplans.selectors import budget_reduced_by
from costing.core import schedule
from costing.core.signoff import Route
from costing.core.years import FinancialYear
from people.models import Role, User

FIRST_REVIEW_WITHIN = schedule.FIRST_WITHIN_MONTHS  # months after the plan starts


class FourEyes(PermissionDenied):
    """A facilitator may not decide a version they drafted, edited or submitted."""


# -- Submission -----------------------------------------------------------------------------------

REQUIRED = {
    "what_matters_to_person": "Write what matters to the person, in their own words.",
    "what_matters_for_health": "Write what matters for the person’s health.",
    "contingency_plan": "Write the contingency or crisis plan.",
    "management_option": "Choose how the budget is managed.",
    "managed_by": "Choose who manages the budget.",
    "care_coordinator": "Name the care coordinator.",
    "health_monitored_by": "Say who monitors the person’s health.",
    "start_date": "Give the date the plan starts.",
    "first_review_date": "Give the date of the first review.",
    "first_review_arrangements": "Say how the first review will be held.",
    "reduction_notice": "Say what notice will be given before any reduction of the budget.",
    "review_dates": "Give the later review dates.",
    "indicative_budget": "The plan needs an indicative budget to plan against.",
}


def submission_problems(
    version: CarePlanVersion, plan: SpendingPlan | None = None
) -> dict[str, list[str]]:
    """Everything that stops the version being submitted, by field (empty: it can go)."""
    problems: dict[str, list[str]] = {}
    for field, message in REQUIRED.items():
        if not getattr(
            version, field if not field.endswith(("budget", "coordinator")) else f"{field}_id"
        ):
            problems.setdefault(field, []).append(message)
    outcomes = list(version.outcomes.all())
    if not outcomes:
        problems.setdefault("outcomes", []).append(
            "Add at least one outcome, in the person’s words."
        )
    if not version.risks.exists():
        problems.setdefault("risks", []).append(
            "Write down the risks, how each is managed and by whom (or that there are none)."
        )
    year_problem = budget_year_problem(version)
    if year_problem:
        problems.setdefault("indicative_budget", []).append(year_problem)
    plan = plan or spending_plan(version)
    _spending_problems(version, plan, problems)
    start, first_review = version.start_date, version.first_review_date
    if start and first_review and first_review > schedule.add_months(start, FIRST_REVIEW_WITHIN):
        problems.setdefault("first_review_date", []).append(
            "The first review falls within 3 months of the plan’s start."
        )
    return problems


def budget_year_problem(version: CarePlanVersion) -> str:
    """Why the indicative budget does not fit the plan's start date ("" when it does): a
    plan is drawn up against the budget of the financial year it starts in."""
    budget, start = version.indicative_budget, version.start_date
    if budget is None or start is None:
        return ""
    starts_in = FinancialYear.of(start)
    if starts_in == budget.financial_year:
        return ""
    return (
        f"The indicative budget is for {budget.financial_year} but the plan starts on "
        f"{start.day} {start:%B %Y} ({starts_in}): choose a budget for {starts_in} or "
        "change the start date"
    )


def _spending_problems(
    version: CarePlanVersion, plan: SpendingPlan, problems: dict[str, list[str]]
) -> None:
    if not plan.lines:
        problems.setdefault("lines", []).append("Add the spending plan’s lines.")
    for priced in plan.lines:
        if priced.line.restriction:
            problems.setdefault("lines", []).append(
                f"“{priced.line.description}”: {priced.problems[0]}"
            )
    participant = version.plan.participant
    if participant.higher_financial_risk and (
        version.management_option == ManagementOption.DIRECT_PAYMENT
        or any(p.line.funding_route == FundingRoute.DIRECT_PAYMENT for p in plan.lines)
    ):
        problems.setdefault("lines", []).append(higher_risk_message(participant))


@dataclass(frozen=True)
class Submitted:
    version: CarePlanVersion
    route: Route
    total: Decimal
    indicative: Decimal
    limit: Decimal


@transaction.atomic
def submit(*, user: User, version: CarePlanVersion, revision: int | None = None) -> Submitted:
    """Freeze the draft and send it to the facilitator (within 15% of the indicative
    budget) or a commissioner (above)."""
    locked = lock_draft(version, revision)
    require_team(user, locked.plan.participant)
    plan = spending_plan(locked)
    problems = submission_problems(locked, plan)
    if problems:
        raise ValidationError(problems)
    totals = plan.totals
    locked.status = PlanStatus.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.route = totals.route.value
    locked.submitted_total = totals.total
    locked.submitted_indicative = totals.indicative
    save_status(locked)
    locked.contributors.add(user)
    notifying.plan_submitted(locked)
    return Submitted(locked, totals.route, totals.total, totals.indicative, totals.limit)


# -- Decisions ------------------------------------------------------------------------------------


FOUR_EYES_MESSAGE = (
    "You drafted, edited or submitted this version: another facilitator of the team, "
    "or a commissioner, must decide it."
)


def is_four_eyes(user: User, version: CarePlanVersion) -> bool:
    """A facilitator who shaped the version (drafted, edited any part of it, or submitted
    it) may not decide it, even if someone else edited it after them."""
    return user.role == Role.FACILITATOR and any(
        person.pk == user.pk for person in version.contributors.all()
    )


def _check_decider(user: User, version: CarePlanVersion, kind: str) -> None:
    participant = version.plan.participant
    same_org = user.organisation_id == participant.team.organisation_id
    if kind == Decision.Kind.RETURN:
        allowed = (user.role == Role.FACILITATOR and user.team_id == participant.team_id) or (
            user.role == Role.COMMISSIONER and same_org
        )
        if not allowed:
            raise PermissionDenied(
                "Only the team’s facilitator or a commissioner can return a plan."
            )
    elif kind == Decision.Kind.SIGN_OFF:
        if user.role != Role.FACILITATOR or user.team_id != participant.team_id:
            raise PermissionDenied("Only a facilitator of the person’s team signs off a plan.")
        if version.route != Route.FACILITATOR:
            raise PermissionDenied(
                "This plan is more than 15% above the indicative budget: "
                "a commissioner must approve it."
            )
    elif kind == Decision.Kind.APPROVE:
        if user.role != Role.COMMISSIONER or not same_org:
            raise PermissionDenied("Only a commissioner of the organisation approves a plan.")
    else:
        raise ValidationError({"decision": "Choose sign_off, approve or return."})
    if is_four_eyes(user, version):
        raise FourEyes(FOUR_EYES_MESSAGE)


@transaction.atomic
def decide(*, user: User, version: CarePlanVersion, kind: str, reason: str = "") -> Decision:
    """Sign off, approve or return a submitted version. Exactly one decision per version:
    a second, even at the same moment, gets ``AlreadyDecided``."""
    if kind == Decision.Kind.RETURN and not reason.strip():
        raise ValidationError({"reason": "Say why the plan is returned."})
    locked = lock_version(version.pk)
    if locked.status != PlanStatus.SUBMITTED:
        raise AlreadyDecided(
            f"This version has already been decided ({locked.get_status_display().lower()})."
            if locked.status in DECIDED
            else "This version is not waiting for a decision."
        )
    _check_decider(user, locked, kind)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                version=locked, kind=kind, reason=reason.strip(), decided_by=user
            )
    except IntegrityError:
        raise AlreadyDecided("This version has already been decided.") from None
    locked.status = {
        Decision.Kind.SIGN_OFF: PlanStatus.SIGNED_OFF,
        Decision.Kind.APPROVE: PlanStatus.APPROVED,
        Decision.Kind.RETURN: PlanStatus.RETURNED,
    }[kind]
    save_status(locked)
    if kind == Decision.Kind.RETURN:
        copy_version(locked, locked.drafted_by)
    else:
        plan = locked.plan
        plan.review_due, plan.review_due_rule = first_review_due(locked, timezone.localdate())
        plan.save(update_fields=["review_due", "review_due_rule"])
    notifying.plan_decided(decision)
    return decision


def first_review_due(version: CarePlanVersion, decided_on: date) -> tuple[date, str]:
    """When the first review falls after approval, and which rule set it."""
    cluster = version.plan.participant.cluster
    due = schedule.first_review(
        decided_on,
        planned=version.first_review_date,
        cluster_weeks=cluster.review_period_weeks if cluster else None,
        cluster=str(cluster.number) if cluster else "",
    )
    return due.on, due.rule


# -- Reconsideration ------------------------------------------------------------------------------


@transaction.atomic
def reconsideration_request(
    *, user: User, reasons: str, decision: Decision | None = None, review=None
) -> Reconsideration:
    """The person asks for a decision to be looked at again: a plan returned
    (``decision``) or a budget reduced at a review (``review``)."""
    if (decision is None) == (review is None):
        raise ValueError("Reconsider a decision or a review, one of them")
    plan = decision.version.plan if decision is not None else review.plan
    require_team(user, plan.participant)
    errors = {}
    if not reasons.strip():
        errors["reasons"] = "Give the person’s reasons."
    if decision is not None and decision.kind != Decision.Kind.RETURN:
        errors["reasons"] = "Only a returned plan, or a reduced budget, is reconsidered."
    if review is not None and not budget_reduced_by(review):
        errors["reasons"] = "This review did not reduce the budget: there is nothing to reconsider."
    subject = {"decision": decision} if decision is not None else {"review": review}
    if Reconsideration.objects.filter(answered_at__isnull=True, **subject).exists():
        errors["reasons"] = "A reconsideration of this decision is already open."
    if errors:
        raise ValidationError(errors)
    reconsideration = Reconsideration.objects.create(
        reasons=reasons.strip(), requested_by=user, **subject
    )
    notifying.reconsideration_asked(reconsideration)
    return reconsideration


@transaction.atomic
def reconsideration_answer(
    *, user: User, reconsideration: Reconsideration, outcome: str, answer: str
) -> Reconsideration:
    """A commissioner other than the one who decided answers, with reasons."""
    locked = (
        Reconsideration.objects.select_for_update(of=("self",))
        .select_related(
            "decision__version__plan__participant__team", "review__plan__participant__team"
        )
        .get(pk=reconsideration.pk)
    )
    participant = locked.plan.participant
    if user.role != Role.COMMISSIONER or user.organisation_id != participant.team.organisation_id:
        raise PermissionDenied("Only a commissioner of the organisation answers a reconsideration.")
    if user.pk == locked.decided_by_id:
        raise PermissionDenied("A commissioner other than the one who decided must answer.")
    if locked.answered_at is not None:
        raise AlreadyDecided("This reconsideration has already been answered.")
    errors = {}
    if outcome not in Reconsideration.Outcome.values:
        errors["outcome"] = "Choose whether the decision stands or is changed."
    if not answer.strip():
        errors["answer"] = "Give the reasons for the answer."
    if errors:
        raise ValidationError(errors)
    locked.outcome = outcome
    locked.answer = answer.strip()
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save()
    notifying.reconsideration_answered(locked)
    return locked
