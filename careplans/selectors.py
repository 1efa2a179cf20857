"""Reading care plans: who sees which plans and versions, a plan's current and approved
versions, a person's plans for their page, the sign-off queue and reconsiderations.
Nothing here changes anything."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from careplans.models import CarePlan, CarePlanVersion, PlanStatus, Reconsideration
from careplans.pricing import funding_split, spending_plan
from costing.core.signoff import Route
from participants.models import Participant
from people.access import caseload_visible_to
from people.models import Role, User


def plans_visible_to(user: User) -> QuerySet[CarePlan]:
    return caseload_visible_to(user, CarePlan.objects.all(), team_path="participant__team__")


def versions_visible_to(user: User) -> QuerySet[CarePlanVersion]:
    return caseload_visible_to(
        user, CarePlanVersion.objects.all(), team_path="plan__participant__team__"
    )


def current_version(plan: CarePlan) -> CarePlanVersion:
    return plan.versions.order_by("-number").first()


def approved_version(plan: CarePlan) -> CarePlanVersion | None:
    return (
        plan.versions.filter(status__in=[PlanStatus.SIGNED_OFF, PlanStatus.APPROVED])
        .order_by("-number")
        .first()
    )


def plan_waiting_for_decision(participant: Participant) -> CarePlanVersion | None:
    """The person's version waiting for a decision, if any (a submitted version is always
    its plan's latest: no draft can be opened while it waits)."""
    return (
        CarePlanVersion.objects.filter(plan__participant=participant, status=PlanStatus.SUBMITTED)
        .order_by("submitted_at")
        .first()
    )


def plan_summaries(participant: Participant) -> list[dict[str, Any]]:
    """A person's plans for their page: status, and the approved budget with its funding
    routes (a few queries a plan; a person has few plans)."""
    plans = participant.care_plans.prefetch_related(
        Prefetch("versions", CarePlanVersion.objects.select_related("decision"))
    )
    return [_summary(plan) for plan in plans]


def _summary(plan: CarePlan) -> dict[str, Any]:
    versions = list(plan.versions.all())  # latest first
    current = versions[0] if versions else None
    approved = next(
        (v for v in versions if v.status in (PlanStatus.SIGNED_OFF, PlanStatus.APPROVED)),
        None,
    )
    summary = {"plan": plan, "current": current, "approved": approved}
    if approved is not None:
        priced = spending_plan(approved)
        summary["approved_total"] = priced.totals.total
        summary["funding"] = funding_split(priced)
    if plan.review_due is not None:
        summary["review_due"] = {"date": plan.review_due, "rule": plan.review_due_rule}
    return summary


def sign_off_queue(user: User) -> QuerySet[CarePlanVersion]:
    """Versions waiting for this user's decision, oldest first."""
    waiting = versions_visible_to(user).filter(status=PlanStatus.SUBMITTED)
    if user.role == Role.FACILITATOR:
        waiting = waiting.filter(route=Route.FACILITATOR)
    elif user.role != Role.COMMISSIONER:
        return waiting.none()
    return waiting.select_related("plan__participant__team", "submitted_by").order_by(
        "submitted_at", "pk"
    )


def budget_reduced_by(review) -> bool:
    """Whether a review changed the budget to less than the plan was drawn up against."""
    if review.decision != "change_budget" or not review.version.indicative_budget_id:
        return False
    before = review.version.indicative_budget.amount
    return any(change.amount < before for change in review.budget_changes.all())


def reconsiderations_of(plan: CarePlan) -> QuerySet[Reconsideration]:
    """Every request for reconsideration on the plan: of its decisions and its reviews."""
    return (
        Reconsideration.objects.filter(Q(decision__version__plan=plan) | Q(review__plan=plan))
        .select_related("decision__version", "review", "requested_by", "answered_by")
        .order_by("-requested_at")
    )


def queue_count(user: User) -> int:
    """How many plans wait in the user's sign-off queue (the menu's count)."""
    return sign_off_queue(user).count()
