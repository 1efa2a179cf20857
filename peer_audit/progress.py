"""How a drawn round is going, for its commissioner: its audits by reviewer and by team
(assigned, open, submitted, passed), audits open too long, and the actions teams have
still to complete. The page and the API read these."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from peer_audit.models import AuditAction, AuditRound, PeerAudit

OPEN_TOO_LONG = timedelta(days=14)
"""An audit assigned longer ago than this and not submitted is flagged."""


def round_audits(audit_round: AuditRound) -> QuerySet[PeerAudit]:
    return audit_round.audits.select_related("team", "reviewer").order_by("team__name", "pk")


def open_too_long(audit: PeerAudit, now: datetime) -> bool:
    return (
        audit.is_open and audit.assigned_at is not None and now - audit.assigned_at > OPEN_TOO_LONG
    )


@dataclass(frozen=True)
class Progress:
    """A reviewer's or a team's audits in the round (``name`` "Not assigned yet" for the
    audits no reviewer has)."""

    name: str
    assigned: int
    open: int
    submitted: int
    passed: int
    open_too_long: int


def _progress(
    audits: Iterable[PeerAudit], name_of: Callable[[PeerAudit], str], now: datetime
) -> list[Progress]:
    grouped: dict[str, list[PeerAudit]] = {}
    for audit in audits:
        grouped.setdefault(name_of(audit), []).append(audit)
    return [
        Progress(
            name=name,
            assigned=sum(1 for a in group if a.reviewer_id is not None),
            open=sum(1 for a in group if a.is_open),
            submitted=sum(1 for a in group if not a.is_open),
            passed=sum(1 for a in group if a.passed),
            open_too_long=sum(1 for a in group if open_too_long(a, now)),
        )
        for name, group in sorted(grouped.items())
    ]


UNASSIGNED = "Not assigned yet"


def progress_by_reviewer(audits: Iterable[PeerAudit], now: datetime) -> list[Progress]:
    return _progress(audits, lambda a: str(a.reviewer) if a.reviewer_id else UNASSIGNED, now)


def progress_by_team(audits: Iterable[PeerAudit], now: datetime) -> list[Progress]:
    return _progress(audits, lambda a: a.team.name, now)


def open_actions(audit_round: AuditRound) -> QuerySet[AuditAction]:
    """The actions teams recorded on the round's audits and have not completed, soonest
    due first."""
    return (
        AuditAction.objects.filter(audit__round=audit_round, done_at__isnull=True)
        .select_related("question", "audit__team")
        .order_by("due", "pk")
    )


def rounds_with_counts(rounds: QuerySet[AuditRound]) -> QuerySet[AuditRound]:
    """Each round with how many audits it drew, how many are submitted and passed."""
    submitted = Q(audits__status=PeerAudit.Status.SUBMITTED)
    return rounds.annotate(
        drawn_count=Count("audits"),
        submitted_count=Count("audits", filter=submitted),
        passed_count=Count("audits", filter=submitted & Q(audits__passed=True)),
    ).order_by("-period_end", "-pk")
