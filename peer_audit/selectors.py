"""Who sees which rounds and audits. Every page and API call of the peer audit reads
through these (the scopes themselves are decided in ``people.access``).

- A commissioner: the rounds, checklists and audits of their organisation.
- A peer reviewer: the audits assigned to them, and nothing else of anyone.
- A plan's team (and commissioners): the findings of submitted audits of the plans they
  may see, without the reviewer unless the checklist says to show them.
"""

from django.db.models import Count, Q, QuerySet

from peer_audit.models import AuditRound, Checklist, PeerAudit
from people.access import (
    assigned_reviewer_scope,
    caseload_scope,
    organisation_scope,
)
from people.models import Organisation, Role, User


def rounds_visible_to(user: User) -> QuerySet[AuditRound]:
    return AuditRound.objects.filter(organisation_scope(user)).select_related("checklist")


def checklists_visible_to(user: User) -> QuerySet[Checklist]:
    return Checklist.objects.filter(organisation_scope(user))


def audits_overseen_by(user: User) -> QuerySet[PeerAudit]:
    """A commissioner's view of every audit of their organisation's rounds."""
    return PeerAudit.objects.filter(
        organisation_scope(user, organisation_path="round__organisation")
    )


def audits_assigned_to(user: User) -> QuerySet[PeerAudit]:
    """A peer reviewer's own audits: the only way a reviewer reaches a plan."""
    return PeerAudit.objects.filter(
        assigned_reviewer_scope(user, organisation_path="round__organisation")
    ).select_related("round__checklist")


def findings_visible_to(user: User) -> QuerySet[PeerAudit]:
    """Submitted audits of the plans in the user's caseload (their team's, or for a
    commissioner their organisation's)."""
    return PeerAudit.objects.filter(
        caseload_scope(user, team_path="plan__participant__team__"),
        status=PeerAudit.Status.SUBMITTED,
    ).select_related("round__checklist")


def open_audit_counts(user: User) -> dict[str, int]:
    """A reviewer's audits to do and done, for their home page and menu."""
    if user.role != Role.PEER_REVIEWER:
        return {"open": 0, "submitted": 0}
    counts = audits_assigned_to(user).aggregate(
        open=Count("pk", filter=Q(status=PeerAudit.Status.OPEN)),
        submitted=Count("pk", filter=Q(status=PeerAudit.Status.SUBMITTED)),
    )
    return counts


def current_checklist(organisation: Organisation) -> Checklist | None:
    return (
        Checklist.objects.filter(organisation=organisation)
        .order_by("-version")
        .prefetch_related("questions")
        .first()
    )


def open_audit_count(user: User) -> int:
    """How many audits wait for the reviewer (the menu's count)."""
    if user.role != Role.PEER_REVIEWER:
        return 0
    return audits_assigned_to(user).filter(status=PeerAudit.Status.OPEN).count()
