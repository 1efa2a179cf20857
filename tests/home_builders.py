"""What waits for a team, for the home pages' and the participants list's tests: one person
of each kind, straight into the database (as ``tests.budget_plans``)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus, Reconsideration
from participants.models import Participant
from people.models import Team, User
from tests.approved_plans import approved_plan
from tests.budget_plans import undecided_plan
from tests.factories import ParticipantFactory


@dataclass
class Waiting:
    draft: Participant
    returned: Participant
    redrafted: Participant
    """Returned, and a new draft started: both a draft and returned."""
    submitted: Participant
    due_soon: Participant
    overdue: Participant
    due_later: Participant
    reconsidered: Participant
    no_plan: Participant


def _review_due(version: CarePlanVersion, days: int) -> None:
    due = timezone.localdate() + timedelta(days=days)
    CarePlan.objects.filter(pk=version.plan_id).update(review_due=due)


def _answered(version: CarePlanVersion, by: User, days_ago: int) -> None:
    decision = Decision.objects.get(version=version)
    Reconsideration.objects.create(
        decision=decision,
        reasons="I need the gym.",
        requested_by=by,
        answer="It stands.",
        outcome=Reconsideration.Outcome.UPHELD,
        answered_by=by,
        answered_at=timezone.now() - timedelta(days=days_ago),
    )


def waiting_in(team: Team, by: User) -> Waiting:
    """One person of ``team`` for each thing that waits, and one with no plan."""
    draft = undecided_plan(team, by, status=PlanStatus.DRAFT)
    returned = undecided_plan(team, by, status=PlanStatus.RETURNED)
    redrafted = undecided_plan(team, by, status=PlanStatus.RETURNED)
    CarePlanVersion.objects.create(plan=redrafted.plan, number=2, drafted_by=by, last_edited_by=by)
    submitted = undecided_plan(
        team, by, status=PlanStatus.SUBMITTED, total="100.00", submitted_on=timezone.localdate()
    )
    today = timezone.localdate()
    due_soon = approved_plan(team, by, on=today - timedelta(days=80))
    _review_due(due_soon, 27)
    overdue = approved_plan(team, by, on=today - timedelta(days=100))
    _review_due(overdue, -1)
    due_later = approved_plan(team, by, on=today - timedelta(days=10))
    _review_due(due_later, 28)
    reconsidered = undecided_plan(team, by, status=PlanStatus.RETURNED)
    _answered(reconsidered, by, days_ago=3)
    long_ago = undecided_plan(team, by, status=PlanStatus.RETURNED)
    _answered(long_ago, by, days_ago=40)  # returned, but answered too long ago
    return Waiting(
        draft=draft.plan.participant,
        returned=returned.plan.participant,
        redrafted=redrafted.plan.participant,
        submitted=submitted.plan.participant,
        due_soon=due_soon.plan.participant,
        overdue=overdue.plan.participant,
        due_later=due_later.plan.participant,
        reconsidered=reconsidered.plan.participant,
        no_plan=ParticipantFactory(team=team),
    )
