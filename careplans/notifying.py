"""Who is told when a plan is submitted, decided or reconsidered (``notifications``).
Called by the services in ``careplans.decisions``, in their transaction, so that the pages
and the API tell the same people. Only people who may see the plan are told, and a
notification names the person by their initials only."""

from django.urls import reverse

from careplans.models import CarePlan, CarePlanVersion, Decision, Reconsideration
from costing.core.signoff import Route
from notifications.models import Kind
from notifications.services import notify
from notifications.texts import initials
from people.models import Role, User

DECIDED_KINDS = {
    Decision.Kind.SIGN_OFF: Kind.PLAN_SIGNED_OFF,
    Decision.Kind.APPROVE: Kind.PLAN_APPROVED,
    Decision.Kind.RETURN: Kind.PLAN_RETURNED,
}


def _initials(plan: CarePlan) -> str:
    participant = plan.participant
    return initials(participant.given_name, participant.family_name)


def _commissioners(plan: CarePlan) -> list[User]:
    return list(
        User.objects.filter(
            role=Role.COMMISSIONER,
            organisation_id=plan.participant.team.organisation_id,
            is_active=True,
        ).order_by("pk")
    )


def deciders_of(version: CarePlanVersion) -> list[User]:
    """Who may decide the submitted version: the team's facilitators who did not shape it
    (within 15%), or, above 15% or when every facilitator shaped it, the organisation's
    commissioners."""
    if version.route == Route.FACILITATOR:
        shaped = set(version.contributors.values_list("pk", flat=True))
        facilitators = [
            user
            for user in User.objects.filter(
                role=Role.FACILITATOR, team_id=version.plan.participant.team_id, is_active=True
            ).order_by("pk")
            if user.pk not in shaped
        ]
        if facilitators:
            return facilitators
    return _commissioners(version.plan)


def coordinators_of(plan: CarePlan, *also: User | None) -> list[User]:
    """The person's care coordinator and ``also`` (who drafted or submitted the plan, who
    asked for a reconsideration), those of them still in the person's team."""
    team_id = plan.participant.team_id
    candidates = [plan.participant.care_coordinator, *also]
    return [
        user
        for user in candidates
        if user is not None
        and user.team_id == team_id
        and user.role in (Role.COORDINATOR, Role.FACILITATOR)
    ]


def plan_submitted(version: CarePlanVersion) -> None:
    plan = version.plan
    notify(
        deciders_of(version),
        Kind.PLAN_SUBMITTED,
        reverse("careplans:decide", args=[plan.pk]),
        _initials(plan),
        f"plan-submitted:{version.pk}",
    )


def plan_decided(decision: Decision) -> None:
    version = decision.version
    plan = version.plan
    recipients = coordinators_of(plan, version.submitted_by, version.drafted_by)
    notify(
        [user for user in recipients if user.pk != decision.decided_by_id],
        DECIDED_KINDS[decision.kind],
        reverse("careplans:detail", args=[plan.pk]),
        _initials(plan),
        f"plan-decided:{decision.pk}",
    )


def reconsideration_asked(reconsideration: Reconsideration) -> None:
    """The organisation's commissioners who may answer: not the one who decided."""
    plan = reconsideration.plan
    decided_by = reconsideration.decided_by_id
    notify(
        [user for user in _commissioners(plan) if user.pk != decided_by],
        Kind.RECONSIDERATION_ASKED,
        reverse("careplans:reconsideration_answer", args=[plan.pk, reconsideration.pk]),
        _initials(plan),
        f"reconsideration-asked:{reconsideration.pk}",
    )


def reconsideration_answered(reconsideration: Reconsideration) -> None:
    plan = reconsideration.plan
    recipients = coordinators_of(plan, reconsideration.requested_by)
    notify(
        [user for user in recipients if user.pk != reconsideration.answered_by_id],
        Kind.RECONSIDERATION_ANSWERED,
        reverse("careplans:detail", args=[plan.pk]),
        _initials(plan),
        f"reconsideration-answered:{reconsideration.pk}",
    )
