"""The audit as its reviewer sees it: the checklist with their answers so far, and the plan
pseudonymised. The reviewer's pages and API both read through here, and never through
the plan, the version or the person, whose ids appear in nothing a reviewer gets: the
audit's own random id is the only one.

A pseudonym is a keyed hash of the person with the round's key (its id and seed), under
``settings.PEER_AUDIT_PSEUDONYM_KEY``: stable within a round, different across rounds, and
not reversible by anyone without the key.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from peer_audit.core.pseudonym import month_year, pseudonym
from peer_audit.models import AuditRound, PeerAudit
from peer_audit.pseudonymised import pseudonymised_plan
from peer_audit.selectors import audits_assigned_to
from people.models import User


def round_key(audit_round: AuditRound) -> str:
    """What makes a round's pseudonyms its own: its id and its seed."""
    return f"{audit_round.pk}:{audit_round.seed}"


def pseudonym_key() -> bytes:
    return settings.PEER_AUDIT_PSEUDONYM_KEY.encode()


def person_pseudonym(audit: PeerAudit) -> str:
    """The person's pseudonym in the audit's round, as ``pseudonymised_plan`` gives it."""
    person_key = f"participant:{audit.plan.participant_id}"
    return pseudonym(pseudonym_key(), round_key(audit.round), person_key)


def reviewer_audits(user: User) -> QuerySet[PeerAudit]:
    """A reviewer's own audits, with what their pages show of them: open ones first ("open"
    sorts before "submitted"), then as they were assigned."""
    return (
        audits_assigned_to(user)
        .select_related("round__checklist", "team", "plan__participant__cluster")
        .order_by("status", "assigned_at", "pk")
    )


def audit_for_reviewer(audit: PeerAudit) -> dict[str, Any]:
    """The audit as its reviewer sees it, JSON-able: the audit's own id, where it stands,
    the checklist with the answers so far, and the plan pseudonymised."""
    answers = {a.question_id: a for a in audit.answers.all()}
    questions = []
    for question in audit.round.checklist.questions.all():
        given = answers.get(question.pk)
        questions.append(
            {
                "id": question.pk,
                "position": question.position,
                "text": question.text,
                "guidance": question.guidance,
                "answer": given.answer if given else "",
                "comment": given.comment if given else "",
            }
        )
    submitted = audit.status == PeerAudit.Status.SUBMITTED
    return {
        "id": str(audit.pk),
        "status": audit.status,
        "revision": audit.revision,
        "round": audit.round.name,
        "team": audit.team.name,
        "assigned": month_year(_local_date(audit.assigned_at)),
        "last_saved_at": _iso(audit.last_saved_at),
        "submitted_at": _iso(audit.submitted_at),
        "passed": audit.passed if submitted else None,
        "questions": questions,
        "overall_rating": audit.overall_rating,
        "summary": audit.summary,
        "plan": pseudonymised_plan(
            audit.version, round_key=round_key(audit.round), secret=pseudonym_key()
        ),
    }


@dataclass(frozen=True)
class ReviewerRow:
    """One line of a reviewer's list of audits: nothing that names the person."""

    audit: PeerAudit
    pseudonym: str
    team: str
    cluster: str
    round: str
    assigned: str
    assigned_on: datetime | None
    status: str
    is_open: bool


def reviewer_rows(audits: Iterable[PeerAudit]) -> list[ReviewerRow]:
    """The reviewer's audits as their list shows them, in the order given."""
    return [
        ReviewerRow(
            audit=audit,
            pseudonym=person_pseudonym(audit),
            team=audit.team.name,
            cluster=_cluster(audit),
            round=audit.round.name,
            assigned=month_year(_local_date(audit.assigned_at)),
            assigned_on=audit.assigned_at,
            status=audit.get_status_display(),
            is_open=audit.is_open,
        )
        for audit in audits
    ]


def _cluster(audit: PeerAudit) -> str:
    cluster = audit.plan.participant.cluster
    return str(cluster) if cluster is not None else ""


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
