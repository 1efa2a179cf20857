"""The demonstration peer audit: last quarter's round, finished, with results across both
teams and an action the team has taken on; and this quarter's round, drawn and assigned,
so that the peer reviewers have work waiting when they sign in."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from careplans import decisions
from careplans.models import CarePlan, Decision
from participants.models import Participant
from peer_audit import auditing, rounds
from peer_audit.core.rollup import quarter_days, quarter_label, quarter_of
from peer_audit.models import AuditRound, PeerAudit
from people.models import Role, Team, User
from phb.demo.pilot import pilot_nhs_numbers
from phb.demo.plans import _lines, _write

# (pilot person, team index, indicative budget, plan total): plans approved for the audit.
LAST_QUARTER_PLANS = (
    ("budget 8", 0, "5200.00", "5100.00"),
    ("budget 9", 0, "3900.00", "3800.00"),
    ("budget 11", 1, "4700.00", "4600.00"),
)
# Hillside's approved plan (budget 6, of the demo plans) is dated into last quarter too.
THIS_QUARTER_PLANS = (
    ("budget 10", 0, "4400.00", "4350.00"),
    ("budget 12", 0, "6100.00", "6050.00"),
)

# How the reviewers answered last quarter's audits (12 questions each), in order.
ANSWERS = (
    ("met",) * 12,
    ("met",) * 10 + ("partly_met", "not_met"),
    ("met",) * 11 + ("not_applicable",),
    ("met",) * 9 + ("partly_met",) * 3,
)
RATINGS = ("outstanding", "requires_improvement", "good", "good")


def _approve(key: str, team: Team, amount: str, total: str, when: date | None) -> None:
    participant = Participant.objects.get(nhs_number=pilot_nhs_numbers()[key])
    coordinator = User.objects.filter(team=team, role=Role.COORDINATOR).order_by("pk").first()
    commissioner = User.objects.filter(
        organisation=team.organisation, role=Role.COMMISSIONER
    ).first()
    _, version = _write(participant, coordinator, amount, _lines(total))
    decisions.submit(user=coordinator, version=version)
    decisions.decide(user=commissioner, version=version, kind="approve")
    if when is not None:
        _date_decision(version.plan, when)


def _date_decision(plan: CarePlan, when: date) -> None:
    """Demo only: the approval is dated into the quarter the round covers."""
    moment = timezone.make_aware(datetime.combine(when, time(11, 0)))
    Decision.objects.filter(version__plan=plan).update(decided_at=moment)


@transaction.atomic
def load_demo_peer_audit(teams: list[Team]) -> int:
    """Both rounds (returns the audits added; 0 if the demo has its rounds already)."""
    organisation = teams[0].organisation
    if AuditRound.objects.filter(organisation=organisation).exists():
        return 0
    commissioner = User.objects.get(username="commissioner")
    today = timezone.localdate()
    this_first, this_last = quarter_days(quarter_of(today))
    last_first, last_last = quarter_days(quarter_of(this_first - timedelta(days=1)))
    mid_last = last_first + (last_last - last_first) / 2
    for key, team, amount, total in LAST_QUARTER_PLANS:
        _approve(key, teams[team], amount, total, mid_last)
    hillside_approved = CarePlan.objects.filter(
        participant__nhs_number=pilot_nhs_numbers()["budget 6"]
    ).first()
    if hillside_approved is not None:
        _date_decision(hillside_approved, mid_last)
    finished = _finished_round(commissioner, last_first, last_last)
    for key, team, amount, total in THIS_QUARTER_PLANS:
        _approve(key, teams[team], amount, total, None)
    current = rounds.round_open(
        user=commissioner,
        name=f"Peer audit {_label(this_first)}",
        period_start=this_first,
        period_end=this_last,
        seed="demo-this-quarter",
    )
    rounds.round_draw(user=commissioner, audit_round=current)
    rounds.round_assign(user=commissioner, audit_round=current)
    return finished + current.audits.count()


def _label(first: date) -> str:
    return quarter_label(quarter_of(first))


def _finished_round(commissioner: User, first: date, last: date) -> int:
    audit_round = rounds.round_open(
        user=commissioner,
        name=f"Peer audit {_label(first)}",
        period_start=first,
        period_end=last,
        seed="demo-last-quarter",
    )
    rounds.round_draw(user=commissioner, audit_round=audit_round)
    rounds.round_assign(user=commissioner, audit_round=audit_round)
    questions = list(audit_round.checklist.questions.all())
    audits = PeerAudit.objects.filter(round=audit_round).select_related("reviewer")
    for n, audit in enumerate(audits.order_by("team__name", "pk")):
        answers = {
            q.pk: auditing.AnswerInput(
                answer, "" if answer == "met" else "The plan says little about this."
            )
            for q, answer in zip(questions, ANSWERS[n % len(ANSWERS)], strict=True)
        }
        audit = auditing.audit_save(
            user=audit.reviewer,
            audit=audit,
            revision=None,
            answers=answers,
            overall_rating=RATINGS[n % len(RATINGS)],
            summary="A clear plan in the person's own words.",
        )
        audit = auditing.audit_submit(user=audit.reviewer, audit=audit)
        if not audit.passed:
            _act_on(audit)
    return audits.count()


def _act_on(audit: PeerAudit) -> None:
    """The team's answer to the first question the audit found not met."""
    coordinator = User.objects.filter(team_id=audit.team_id, role=Role.COORDINATOR).first()
    question = auditing.questions_needing_action(audit)[0]
    auditing.action_record(
        user=coordinator,
        audit=audit,
        question=question,
        action="Talk the plan through with the person at their next review and write it down.",
        due=timezone.localdate() + timedelta(days=28),
    )
