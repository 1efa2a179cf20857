"""Approved plans made quickly, straight into the database, for the peer audit's tests: a
round draws from plans approved in its period, and many are needed. (``tests.builders``
writes a whole plan through the services, which is slower.)"""

from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from careplans.models import (
    CarePlan,
    CarePlanVersion,
    Decision,
    FundingRoute,
    PlanStatus,
    SpendingLine,
)
from peer_audit import auditing, rounds
from peer_audit.models import AuditRound, PeerAudit
from people.models import Team, User
from tests.factories import ParticipantFactory


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def approved_plan(
    team: Team,
    by: User,
    *,
    on: date,
    over_limit: bool = False,
    management_option: str = "notional",
    direct_payment_line: bool = False,
) -> CarePlanVersion:
    """A person of ``team`` with a plan whose version 1 was signed off on ``on`` (approved
    by a commissioner above the 15% limit if ``over_limit``)."""
    person = ParticipantFactory(team=team)
    plan = CarePlan.objects.create(participant=person, created_by=by)
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=1,
        drafted_by=by,
        last_edited_by=by,
        management_option=management_option,
        route="commissioner" if over_limit else "facilitator",
    )
    if direct_payment_line:
        SpendingLine.objects.create(
            version=version,
            kind=SpendingLine.Kind.PURCHASE,
            description="Gym membership",
            unit_cost=Decimal("300.00"),
            quantity=1,
            frequency="yearly",
            funding_route=FundingRoute.DIRECT_PAYMENT,
        )
    status = PlanStatus.APPROVED if over_limit else PlanStatus.SIGNED_OFF
    CarePlanVersion.objects.filter(pk=version.pk).update(status=status)
    kind = Decision.Kind.APPROVE if over_limit else Decision.Kind.SIGN_OFF
    decision = Decision.objects.create(version=version, kind=kind, decided_by=by)
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(on))
    version.refresh_from_db()
    return version


def approved_plans(team: Team, by: User, count: int, *, on: date) -> list[CarePlanVersion]:
    return [approved_plan(team, by, on=on) for _ in range(count)]


def drawn_round(commissioner: User, *, start: date, end: date, **settings) -> AuditRound:
    audit_round = rounds.round_open(
        user=commissioner, name=f"Round to {end}", period_start=start, period_end=end, **settings
    )
    rounds.round_draw(user=commissioner, audit_round=audit_round)
    audit_round.refresh_from_db()
    return audit_round


def submitted_audit(
    audit: PeerAudit, reviewer: User, answers: Sequence[str], rating: str
) -> PeerAudit:
    """The audit given to ``reviewer`` and submitted with ``answers`` (one per question of
    its checklist, in order; a comment wherever one is needed)."""
    PeerAudit.objects.filter(pk=audit.pk).update(reviewer=reviewer, assigned_at=timezone.now())
    audit.refresh_from_db()
    questions = list(audit.round.checklist.questions.all())
    given = {
        question.pk: auditing.AnswerInput(answer, "" if answer == "met" else "Because.")
        for question, answer in zip(questions, answers, strict=True)
    }
    auditing.audit_save(
        user=reviewer, audit=audit, revision=None, answers=given, overall_rating=rating
    )
    return auditing.audit_submit(user=reviewer, audit=audit)


def approved_again(version: CarePlanVersion, by: User, *, on: date) -> CarePlanVersion:
    """The plan's next version, signed off on ``on``; the one before is superseded."""
    CarePlanVersion.objects.filter(pk=version.pk).update(status=PlanStatus.SUPERSEDED)
    again = CarePlanVersion.objects.create(
        plan=version.plan,
        number=version.number + 1,
        drafted_by=by,
        last_edited_by=by,
        management_option=version.management_option,
        route="facilitator",
    )
    CarePlanVersion.objects.filter(pk=again.pk).update(status=PlanStatus.SIGNED_OFF)
    decision = Decision.objects.create(version=again, kind=Decision.Kind.SIGN_OFF, decided_by=by)
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(on))
    again.refresh_from_db()
    return again
