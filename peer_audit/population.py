"""Which plans a round may draw from: per team, the plans approved (or reviewed) in the
round's period, less those audited in the last 12 months, and which of them are always
included. A few queries, however many plans; the sample itself is drawn by the pure
rules."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from careplans.models import (
    CarePlanVersion,
    Decision,
    FundingRoute,
    ManagementOption,
    PlanStatus,
    SpendingLine,
)
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
    recently = set(
        PeerAudit.objects.filter(
            round__organisation_id=audit_round.organisation_id,
            round__drawn_at__gte=timezone.now() - RECENTLY_AUDITED,
        )
        .exclude(round=audit_round)
        .values_list("plan_id", flat=True)
    )
    with_direct_payment: set[int] = set()
    if audit_round.include_direct_payment:
        with_direct_payment = set(
            SpendingLine.objects.filter(
                version__in=versions.values("pk"), funding_route=FundingRoute.DIRECT_PAYMENT
            ).values_list("version_id", flat=True)
        )
    rows = versions.values_list(
        "pk",
        "plan_id",
        "plan__participant__team_id",
        "plan__participant__team__name",
        "route",
        "management_option",
    ).order_by("plan_id", "-number")
    version_of_plan: dict[int, int] = {}
    qualifying: dict[int, list[int]] = defaultdict(list)
    always: dict[int, list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    excluded: dict[int, int] = defaultdict(int)
    for pk, plan, team, team_name, route, option in rows:
        if plan in version_of_plan:
            continue  # a later version of the plan came first
        version_of_plan[plan] = pk
        names[team] = team_name
        if plan in recently:
            excluded[team] += 1
            continue
        qualifying[team].append(plan)
        if _always_included(audit_round, route, option, pk in with_direct_payment):
            always[team].append(plan)
    teams = [
        TeamPopulation(team=team, qualifying=tuple(qualifying[team]), always=tuple(always[team]))
        for team in sorted(names)
    ]
    return Candidates(teams, version_of_plan, names, dict(excluded))


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as moments: from the first day's midnight to the day after the last
    (local time), so that the lookup can use the column as it is stored."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _versions_in_period(audit_round: AuditRound) -> QuerySet[CarePlanVersion]:
    in_organisation = CarePlanVersion.objects.filter(
        plan__participant__team__organisation_id=audit_round.organisation_id
    )
    start, end = audit_round.period_start, audit_round.period_end
    if audit_round.basis == AuditRound.Basis.REVIEWED:
        reviewed = Review.objects.filter(
            version=OuterRef("pk"), held_on__gte=start, held_on__lte=end
        )
        return in_organisation.filter(Exists(reviewed))
    after, before = _day_bounds(start, end)
    return in_organisation.filter(
        status__in=[PlanStatus.SIGNED_OFF, PlanStatus.APPROVED, PlanStatus.SUPERSEDED],
        decision__kind__in=[Decision.Kind.SIGN_OFF, Decision.Kind.APPROVE],
        decision__decided_at__gte=after,
        decision__decided_at__lt=before,
    )


def _always_included(audit_round: AuditRound, route: str, option: str, has_direct: bool) -> bool:
    if audit_round.include_over_limit and route == Route.COMMISSIONER:
        return True
    return audit_round.include_direct_payment and (
        option == ManagementOption.DIRECT_PAYMENT or has_direct
    )
