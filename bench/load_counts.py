"""No write lost: the rows of what the load benchmark's people did, counted in the database
before and after, against the writes the service accepted (as Locust counted them)."""

import time
from typing import Any


def counts_now(work: dict[str, Any]) -> dict[str, Any]:
    """The counts a run's writes change; each draft's and audit's revision (a save adds one)."""
    from django.db.models import Sum

    from careplans.models import CarePlanVersion, Decision, SpendingLine
    from peer_audit.models import PeerAudit
    from reviews.models import ReviewPack

    drafts = [d["plan"] for account in work["coordinators"] for d in account["drafts"]]
    audits = [a for account in work["reviewers"] for a in account["audits"]]
    revisions = dict(
        CarePlanVersion.objects.filter(plan_id__in=drafts)
        .order_by("plan_id", "-number")
        .distinct("plan_id")
        .values_list("plan_id", "revision")
    )
    return {
        "lines": SpendingLine.objects.filter(version__plan_id__in=drafts).count(),
        "decisions": Decision.objects.count(),
        "packs": ReviewPack.objects.count(),
        "packs ready": ReviewPack.objects.filter(status=ReviewPack.Status.READY).count(),
        "audits submitted": PeerAudit.objects.filter(status=PeerAudit.Status.SUBMITTED).count(),
        "audit revisions": PeerAudit.objects.filter(pk__in=audits).aggregate(n=Sum("revision"))["n"]
        or 0,
        "draft revisions": revisions,
    }


def wait_for_packs(before: dict[str, Any], timeout: float) -> dict[str, int]:
    """Wait for the worker to finish the packs asked for in the run; how they ended."""
    from django.db import connection

    from reviews.models import ReviewPack

    deadline = time.monotonic() + timeout
    while True:
        packs = ReviewPack.objects.order_by("-requested_at")[
            : max(0, ReviewPack.objects.count() - before["packs"])
        ]
        statuses = [pack.status for pack in packs]
        waiting = sum(
            s in (ReviewPack.Status.QUEUED, ReviewPack.Status.RENDERING) for s in statuses
        )
        if not waiting or time.monotonic() > deadline:
            connection.close()
            return {
                "asked": len(statuses),
                "ready": statuses.count(ReviewPack.Status.READY),
                "failed": statuses.count(ReviewPack.Status.FAILED),
                "waiting": waiting,
            }
        time.sleep(2)


def lost_writes(
    before: dict[str, Any], after: dict[str, Any], written: dict[str, int], packs: dict[str, int]
) -> int:
    """Print what the service accepted against what the database holds; the number lost."""
    saves = sum(n for key, n in written.items() if key.startswith("saves:"))
    found_saves = sum(
        after["draft revisions"].get(plan, 0) - revision
        for plan, revision in before["draft revisions"].items()
    )
    per_draft = sum(
        1
        for plan, revision in before["draft revisions"].items()
        if after["draft revisions"].get(plan, 0) - revision != written.get(f"saves:{plan}", 0)
    )
    rows = [
        ("Saves of drafts (contents and lines)", saves, found_saves),
        (
            "Spending lines added to the drafts",
            written.get("lines", 0),
            after["lines"] - before["lines"],
        ),
        ("Decisions", written.get("decisions", 0), after["decisions"] - before["decisions"]),
        ("Review packs asked for", written.get("packs", 0), after["packs"] - before["packs"]),
        ("Review packs made", written.get("packs", 0), packs["ready"]),
        (
            "Saves of audits (answers and submission)",
            written.get("audit saves", 0),
            after["audit revisions"] - before["audit revisions"],
        ),
        (
            "Audits submitted",
            written.get("audits submitted", 0),
            after["audits submitted"] - before["audits submitted"],
        ),
    ]
    print(f"\n{'What was written':<42} {'accepted':>9} {'in the database':>16}")
    lost = 0
    for label, accepted, found in rows:
        print(f"{label:<42} {accepted:>9,} {found:>16,}")
        lost += abs(accepted - found)
    print(
        f"Drafts whose saves differ from what was accepted: {per_draft}; packs failed "
        f"{packs['failed']}, still waiting {packs['waiting']}."
    )
    print("No write was lost." if not lost and not per_draft else f"{lost} writes differ.")
    return lost + per_draft
