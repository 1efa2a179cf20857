"""Doing an audit and closing the loop: a reviewer's answers, saved as they go and then
submitted; the team's action on each question not met. The pages and the API both call
these.

Concurrency as for drafts: every save locks the audit's row and names the revision it
started from; a save from a stale copy (another tab) is refused and changes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from careplans.locking import AlreadyDecided, StaleEdit
from peer_audit.core.checklist import NEEDS_ACTION, Answer, Rating, comment_required, passes
from peer_audit.models import AuditAction, AuditAnswer, PeerAudit, Question
from people.models import User


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    """One of ``Answer``, or "" to clear it."""
    comment: str = ""


def _lock(audit: PeerAudit, user: User, revision: int | None) -> PeerAudit:
    locked = (
        PeerAudit.objects.select_for_update(of=("self",))
        .select_related("round__checklist")
        .get(pk=audit.pk)
    )
    if locked.reviewer_id != user.pk:
        raise PermissionDenied("Only the reviewer this audit is assigned to can answer it.")
    if not locked.is_open:
        raise AlreadyDecided("This audit has been submitted and can no longer change.")
    if revision is not None and locked.revision != revision:
        raise StaleEdit(
            f"This audit was saved elsewhere since you opened it (revision {locked.revision}, "
            f"you had {revision}). Your answers were not saved: reload to see the saved ones."
        )
    return locked


@transaction.atomic
def audit_save(
    *,
    user: User,
    audit: PeerAudit,
    revision: int | None,
    answers: Mapping[int, AnswerInput] | None = None,
    overall_rating: str | None = None,
    summary: str | None = None,
) -> PeerAudit:
    """Keep what the reviewer has answered so far (any of it; submitting checks it is
    whole). ``answers`` is by question id, of this audit's checklist."""
    locked = _lock(audit, user, revision)
    answers = dict(answers or {})
    questions = {q.pk: q for q in locked.round.checklist.questions.all()}
    errors: dict[str, str] = {}
    for question_id, given in answers.items():
        if question_id not in questions:
            errors[f"answers.{question_id}"] = "This question is not on the audit's checklist."
        elif given.answer and given.answer not in Answer:
            errors[f"answers.{question_id}"] = "Choose met, partly met, not met or not applicable."
    if overall_rating and overall_rating not in Rating:
        errors["overall_rating"] = "Choose outstanding, good, requires improvement or inadequate."
    if errors:
        raise ValidationError(errors)
    stored = {a.question_id: a for a in locked.answers.all()}
    for question_id, given in answers.items():
        existing = stored.get(question_id)
        if not given.answer and not given.comment.strip():
            if existing is not None:
                existing.delete()
            continue
        if existing is None:
            existing = AuditAnswer(audit=locked, question_id=question_id)
        existing.answer = given.answer
        existing.comment = given.comment.strip()
        existing.save()
    if overall_rating is not None:
        locked.overall_rating = overall_rating
    if summary is not None:
        locked.summary = summary.strip()
    locked.revision += 1
    locked.last_saved_at = timezone.now()
    locked.save()
    return locked


def submission_problems(audit: PeerAudit) -> dict[str, str]:
    """What stops the audit being submitted, by field (``answers.<question id>``)."""
    problems: dict[str, str] = {}
    answers = {a.question_id: a for a in audit.answers.all()}
    for question in audit.round.checklist.questions.all():
        given = answers.get(question.pk)
        key = f"answers.{question.pk}"
        if given is None or not given.answer:
            problems[key] = f"Answer question {question.position}: {question.text}"
        elif comment_required(given.answer) and not given.comment:
            problems[key] = f"Say why for question {question.position}: a comment is needed."
    if not audit.overall_rating:
        problems["overall_rating"] = "Give the plan an overall rating."
    return problems


@transaction.atomic
def audit_submit(*, user: User, audit: PeerAudit, revision: int | None = None) -> PeerAudit:
    """Submit a whole audit: it passes or fails by the checklist's rule, and is read-only
    from then on."""
    locked = _lock(audit, user, revision)
    problems = submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    rule = locked.round.checklist.pass_rule
    locked.passed = passes((a.answer for a in locked.answers.all()), rule)
    locked.status = PeerAudit.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.revision += 1
    locked.save()
    return locked


# -- The team's actions ---------------------------------------------------------------------


def questions_needing_action(audit: PeerAudit) -> list[Question]:
    return [a.question for a in audit.answers.all() if a.answer in NEEDS_ACTION]


@transaction.atomic
def action_record(
    *, user: User, audit: PeerAudit, question: Question, action: str, due: date
) -> AuditAction:
    """The team says what it will do about a question not met or partly met, by when."""
    if not user.has_perm("peer_audit.record_action", audit.plan.participant):
        raise PermissionDenied("Only the plan's team records what it will do.")
    locked = PeerAudit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
    if locked.status != PeerAudit.Status.SUBMITTED:
        raise ValidationError("Actions follow a submitted audit.")
    errors: dict[str, str] = {}
    answer = audit.answers.filter(question=question).first()
    if answer is None or answer.answer not in NEEDS_ACTION:
        errors["question"] = "Only a question not met or partly met needs one."
    if not action.strip():
        errors["action"] = "Say what the team will do."
    if due < timezone.localdate():
        errors["due"] = "The due date is today or later."
    if errors:
        raise ValidationError(errors)
    found = AuditAction.objects.filter(audit=audit, question=question).first()
    if found is None:
        found = AuditAction(audit=audit, question=question, recorded_by=user)
    found.action = action.strip()
    found.due = due
    found.save()
    return found


@transaction.atomic
def action_done(*, user: User, action: AuditAction) -> AuditAction:
    if not user.has_perm("peer_audit.record_action", action.audit.plan.participant):
        raise PermissionDenied("Only the plan's team records what it has done.")
    locked = AuditAction.objects.select_for_update().get(pk=action.pk)
    if locked.done_at is None:
        locked.done_at = timezone.now()
        locked.done_by = user
        locked.save()
    return locked
