"""A peer reviewer's audits on their home page (``people.sections``): how many are open and
submitted, and a link to each open one, by its pseudonym."""

from typing import Any

from django.http import HttpRequest

from audit.reads import note_read
from common.hooks import PageSection
from peer_audit.models import PeerAudit
from peer_audit.reviewing import reviewer_audits, reviewer_rows
from peer_audit.selectors import open_audit_counts
from people.models import User
from people.sections import Place

SHOWN = 10
"""Open audits listed on the home page; the list of all is a link away."""


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    if not user.has_perm("peer_audit.audit_plans"):
        return {"reviewer": False}
    counts = open_audit_counts(user)
    audits = list(reviewer_audits(user).filter(status=PeerAudit.Status.OPEN))
    rows = reviewer_rows(audits)[:SHOWN]
    note_read(request, [row.audit for row in rows])
    return {"reviewer": True, "rows": rows, **counts}


SECTION = PageSection(
    place=Place.AFTER_ROLE,
    template_name="peer_audit/_home_audits.html",
    context=_context,
)
