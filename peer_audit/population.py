"""Which plans a round may draw from: per team, the plans approved (or reviewed) in the
round's period, less those audited in the last 12 months, and which of them are always
included. One query, however many plans; the sample itself is drawn by the pure rules."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from careplans.models import CarePlanVersion, Decision, FundingRoute, ManagementOption, PlanStatus
from costing.core.signoff import Route
from peer_audit.core.sampling import TeamPopulation
from peer_audit.models import AuditRound, PeerAudit
from reviews.models import Review

RECENTLY_AUDITED = timedelta(days=365)


@dataclass(frozen=True)
class Candidates:
    """The round's population: the pure rules' view (``teams``) and the version behind
    each plan (the one approved, or reviewed, last in the period)."""

    teams: list[TeamPopulation]
    version_of_plan: dict[int, int]
    team_names: dict[int, str]
    recently_audited: dict[int, int]


def candidates(audit_round: AuditRound) -> Candidates:
    versions = _versions_in_period(audit_round)
    recent_cutoff = timezone.now() - RECENTLY_AUDITED
    recently = PeerAudit.objects.filter(
        plan_id=OuterRef("plan_id"), round__drawn_at__gte=recent_cutoff
    ).exclude(round=audit_round)
    direct = CarePlanVersion.objects.filter(
        pk=OuterRef("pk"), lines__funding_route=FundingRoute.DIRECT_PAYMENT
    )
    rows = (
        versions.annotate(recently_audited=Exists(recently), has_direct=Exists(direct))
        .values_list(
            "pk",
            "plan_id",
            "plan__participant__team_id",
            "plan__participant__team__name",
            "route",
            "management_option",
            "has_direct",
            "recently_audited",
        )
        .order_by("plan_id", "-number")
    )
    version_of_plan: dict[int, int] = {}
    qualifying: dict[int, list[int]] = defaultdict(list)
    always: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    excluded: dict[int, int] = defaultdict(int)
    for pk, plan, team, team_name, route, option, has_direct, recent in rows:
        if plan in version_of_plan:
            continue  # a later version of the plan came first
        version_of_plan[plan] = pk
        names[team] = team_name
        if recent:
            excluded[team] += 1
            continue
        qualifying[team].append(plan)
        if _always_included(audit_round, route, option, has_direct):
            always[team].append(plan)
    teams = [
        TeamPopulation(team=team, qualifying=tuple(plans), always=tuple(always[team]))
        for team, plans in sorted(qualifying.items())
    ]
    for team in excluded:
        if team not in qualifying:
            teams.append(TeamPopulation(team=team, qualifying=(), always=()))
    teams.sort(key=lambda population: population.team)
    return Candidates(teams, version_of_plan, names, dict(excluded))


def _versions_in_period(audit_round: AuditRound):
    in_organisation = Q(plan__participant__team__organisation_id=audit_round.organisation_id)
    start, end = audit_round.period_start, audit_round.period_end
    if audit_round.basis == AuditRound.Basis.REVIEWED:
        reviewed = Review.objects.filter(
            version=OuterRef("pk"), held_on__gte=start, held_on__lte=end
        )
        return CarePlanVersion.objects.filter(in_organisation).filter(Exists(reviewed))
    approved = Decision.objects.filter(
        version=OuterRef("pk"),
        kind__in=[Decision.Kind.SIGN_OFF, Decision.Kind.APPROVE],
        decided_at__date__gte=start,
        decided_at__date__lte=end,
    )
    return (
        CarePlanVersion.objects.filter(in_organisation)
        .filter(status__in=[PlanStatus.SIGNED_OFF, PlanStatus.APPROVED, PlanStatus.SUPERSEDED])
        .filter(Exists(approved))
    )


def _always_included(audit_round: AuditRound, route: str, option: str, has_direct: bool) -> bool:
    if audit_round.include_over_limit and route == Route.COMMISSIONER:
        return True
    return audit_round.include_direct_payment and (
        option == ManagementOption.DIRECT_PAYMENT or has_direct
    )
