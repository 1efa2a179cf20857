"""What a plan's team sees of the peer audits of its plans: the result, every answer with
the reviewer's comment, and the team's action on each question not met or partly met.

Never who the reviewer was, unless the round's checklist says to show teams (then their
name). The caller finds the audit through ``selectors.findings_visible_to`` (the audit
trail notes the read); these only shape what is shown, in a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from careplans.models import CarePlan
from peer_audit.core.checklist import NEEDS_ACTION, Answer, Rating
from peer_audit.models import AuditAction, AuditAnswer, PeerAudit, Question
from peer_audit.selectors import findings_visible_to
from people.models import User

ANSWER_LABELS = {
    Answer.MET: "Met",
    Answer.PARTLY_MET: "Partly met",
    Answer.NOT_MET: "Not met",
    Answer.NOT_APPLICABLE: "Not applicable",
}
RATING_LABELS = {
    Rating.OUTSTANDING: "Outstanding",
    Rating.GOOD: "Good",
    Rating.REQUIRES_IMPROVEMENT: "Requires improvement",
    Rating.INADEQUATE: "Inadequate",
}
RECORD_ACTION = "peer_audit.record_action"


@dataclass(frozen=True)
class ActionCounts:
    needed: int
    """Questions not met or partly met."""
    recorded: int
    still_open: int
    """Recorded and not yet done."""


@dataclass(frozen=True)
class QuestionFinding:
    question: Question
    answer: str
    comment: str
    action: AuditAction | None
    """The team's action, for a question not met or partly met once recorded."""

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS.get(self.answer, self.answer)

    @property
    def needs_action(self) -> bool:
        return self.answer in NEEDS_ACTION


@dataclass(frozen=True)
class AuditResult:
    """One submitted audit of a plan, as its plan page shows it."""

    audit: PeerAudit
    round_name: str
    submitted_month: date
    """The first day of the month it was submitted in: pages show only the month."""
    passed: bool
    overall_rating: str
    counts: ActionCounts

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.overall_rating, self.overall_rating)


@dataclass(frozen=True)
class Findings(AuditResult):
    """A submitted audit as the plan's team sees it."""

    summary: str
    reviewer: str
    """The reviewer's name if the checklist shows teams who audited; otherwise ""."""
    questions: list[QuestionFinding]
    can_record: bool
    """The user may record and close the team's actions (a coordinator or facilitator of
    the person's team); a commissioner reads only."""


def _month(audit: PeerAudit) -> date:
    return timezone.localtime(audit.submitted_at).date().replace(day=1)


def _with_findings(audits: QuerySet[PeerAudit]) -> QuerySet[PeerAudit]:
    return audits.select_related(
        "round__checklist", "plan__participant", "reviewer"
    ).prefetch_related(
        Prefetch(
            "answers",
            queryset=AuditAnswer.objects.select_related("question").order_by("question__position"),
        ),
        Prefetch("actions", queryset=AuditAction.objects.select_related("recorded_by", "done_by")),
    )


def _findings(audit: PeerAudit, user: User) -> Findings:
    actions = {action.question_id: action for action in audit.actions.all()}
    questions = [
        QuestionFinding(
            question=answer.question,
            answer=answer.answer,
            comment=answer.comment,
            action=actions.get(answer.question_id) if answer.answer in NEEDS_ACTION else None,
        )
        for answer in audit.answers.all()
    ]
    recorded = [q.action for q in questions if q.action is not None]
    shown = audit.round.checklist.show_reviewer_to_team and audit.reviewer is not None
    return Findings(
        audit=audit,
        round_name=audit.round.name,
        submitted_month=_month(audit),
        passed=bool(audit.passed),
        overall_rating=audit.overall_rating,
        counts=ActionCounts(
            needed=sum(q.needs_action for q in questions),
            recorded=len(recorded),
            still_open=sum(action.is_open for action in recorded),
        ),
        summary=audit.summary,
        reviewer=str(audit.reviewer) if shown else "",
        questions=questions,
        can_record=user.has_perm(RECORD_ACTION, audit.plan.participant),
    )


def findings_for_team(audit: PeerAudit, user: User) -> Findings:
    """The findings of a submitted audit (found in the user's scope), every question in the
    checklist's order."""
    return _findings(_with_findings(PeerAudit.objects.filter(pk=audit.pk)).get(), user)


def findings_of_plan(plan: CarePlan, user: User) -> list[Findings]:
    """The findings of every submitted audit of the plan that the user may see, latest
    first."""
    audits = _with_findings(findings_visible_to(user).filter(plan=plan))
    return [_findings(audit, user) for audit in audits.order_by("-submitted_at", "-pk")]


def plan_findings(plan: CarePlan, user: User) -> list[AuditResult]:
    """The submitted audits of the plan that the user may see, latest first, with how many
    actions each needs, has recorded and has still open (an action is only ever recorded
    for a question not met or partly met: ``auditing.action_record``)."""
    audits = (
        findings_visible_to(user)
        .filter(plan=plan)
        .annotate(
            needed=Count(
                "answers", filter=Q(answers__answer__in=list(NEEDS_ACTION)), distinct=True
            ),
            recorded=Count("actions", distinct=True),
            still_open=Count("actions", filter=Q(actions__done_at__isnull=True), distinct=True),
        )
        .order_by("-submitted_at", "-pk")
    )
    return [
        AuditResult(
            audit=audit,
            round_name=audit.round.name,
            submitted_month=_month(audit),
            passed=bool(audit.passed),
            overall_rating=audit.overall_rating,
            counts=ActionCounts(audit.needed, audit.recorded, audit.still_open),
        )
        for audit in audits
    ]
