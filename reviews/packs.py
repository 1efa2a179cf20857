"""Review packs: asked for once, rendered by a worker with WeasyPrint, kept in private storage
(the local folder, or a private S3-compatible bucket: reviews/storage.py).

The pack's row is the guard. Asking again for the same plan version and
review while a pack is queued, rendering or ready returns that pack. A worker
takes a pack only while it is queued or rendering (a delivery after a worker
died mid-render takes it over), never once it is ready or failed; the file
is written to a temporary name and moved into place, so a half-written PDF
is never served.

A pack whose task was lost (its process stopped before running it or
finishing it, or the message never reached a worker) would wait for ever:
once it has waited ``REVIEW_PACK_STALLED_AFTER`` seconds, the next look at it
(its page, its status in the API, or asking for it again) sends it again.
"""

import hashlib
import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from budgets.models import IndicativeBudget
from careplans.models import CarePlanVersion, Decision
from careplans.pricing import spending_plan
from careplans.selectors import versions_visible_to
from costing.models import Intervention
from participants.cost_of_care import cost_of_care_by_year
from people.models import User
from reviews.models import Review, ReviewPack
from reviews.notifying import pack_ready
from reviews.services import service_use_since_last_review
from reviews.storage import private_storage

ERROR_LIMIT = 2000
NOT_SENT = "it could not be sent to be made: the task queue did not answer"
logger = logging.getLogger(__name__)


def packs_visible_to(user: User) -> QuerySet[ReviewPack]:
    return ReviewPack.objects.filter(version__in=versions_visible_to(user))


def pack_request(
    *, user: User, version: CarePlanVersion, review: Review | None = None
) -> tuple[ReviewPack, bool]:
    """The pack of ``version`` (and ``review``): the one already queued, rendering or
    ready (sent again if it was left waiting), or a new one queued for a worker once this
    transaction commits."""
    if review is not None and review.plan_id != version.plan_id:
        raise ValueError("The review is of another plan")
    key = ReviewPack.key_for(version, review)
    with transaction.atomic():
        existing = ReviewPack.objects.filter(key=key, status__in=ReviewPack.LIVE).first()
        if existing is not None:
            pack_resend_if_stalled(existing)
            return existing, False
        try:
            with transaction.atomic():
                pack = ReviewPack.objects.create(
                    version=version, review=review, key=key, requested_by=user
                )
        except IntegrityError:  # asked for at the same moment by someone else
            return ReviewPack.objects.get(key=key, status__in=ReviewPack.LIVE), False
        _send_on_commit(pack)
    return pack, True


def _send_on_commit(pack: ReviewPack) -> None:
    """Queue the task once the pack's row is committed (a worker must find it)."""
    pk = str(pack.pk)
    transaction.on_commit(lambda: send(pk))


def send(pack_id: str) -> bool:
    """Send the pack's task to a worker; ``False`` if the broker could not take it.

    A pack that could not be sent stays queued, marked as waiting since long enough to be
    sent again by the next look at it or by the beat's sweep (``requeue_stalled``), so it is
    made once the broker is back rather than the request failing.
    """
    from reviews.tasks import render_review_pack

    try:
        render_review_pack.delay(pack_id)
    except Exception as error:  # noqa: BLE001 - the broker is down or unreachable
        logger.warning("Review pack %s not sent, sent again later: %r", pack_id, error)
        overdue = timezone.now() - timedelta(seconds=settings.REVIEW_PACK_STALLED_AFTER + 1)
        ReviewPack.objects.filter(pk=pack_id, status=ReviewPack.Status.QUEUED).update(
            due_at=overdue, last_error=NOT_SENT
        )
        return False
    return True


def requeue_stalled() -> int:
    """Send again every pack left waiting (its task lost or never sent); how many were."""
    return sum(
        pack_resend_if_stalled(pack)
        for pack in ReviewPack.objects.filter(stalled(timezone.now())).order_by("requested_at")
    )


def stalled(now: datetime) -> Q:
    """Packs left waiting: queued and not taken, or rendering and not finished,
    ``REVIEW_PACK_STALLED_AFTER`` seconds after they were due or started."""
    limit = now - timedelta(seconds=settings.REVIEW_PACK_STALLED_AFTER)
    not_taken = Q(due_at__lt=limit) | Q(due_at__isnull=True, requested_at__lt=limit)
    return (Q(status=ReviewPack.Status.QUEUED) & not_taken) | Q(
        status=ReviewPack.Status.RENDERING, started_at__lt=limit
    )


def pack_resend_if_stalled(pack: ReviewPack) -> bool:
    """Send a pack left waiting to be made again; ``True`` if this call sent it.

    One conditional update decides, so of several looks at once only one sends it. A pack
    that is sent again and turns out not to be lost is still made once: the task leaves
    a ready pack alone.
    """
    now = timezone.now()
    with transaction.atomic():
        resent = ReviewPack.objects.filter(stalled(now), pk=pack.pk).update(
            status=ReviewPack.Status.QUEUED, due_at=now
        )
        if not resent:
            return False
        pack.refresh_from_db()
        _record(pack)
        _send_on_commit(pack)
    return True


def start_render(pack_id: str) -> ReviewPack | None:
    """Take the pack for rendering: ``None`` if it is ready, failed or gone."""
    with transaction.atomic():
        pack = ReviewPack.objects.select_for_update().filter(pk=pack_id).first()
        if pack is None or pack.status not in (
            ReviewPack.Status.QUEUED,
            ReviewPack.Status.RENDERING,
        ):
            return None
        pack.status = ReviewPack.Status.RENDERING
        pack.started_at = timezone.now()
        pack.renders += 1
        pack.save(update_fields=["status", "started_at", "renders"])
        return pack


def pack_context(pack: ReviewPack) -> dict:
    version = (
        CarePlanVersion.objects.select_related(
            "plan__participant__team__organisation",
            "plan__participant__care_coordinator",
            "plan__participant__cluster",
            "indicative_budget",
            "care_coordinator",
        )
        .prefetch_related("outcomes", "risks")
        .get(pk=pack.version_id)
    )
    participant = version.plan.participant
    review = pack.review
    names = dict(Intervention.objects.values_list("code", "name"))
    context = {
        "pack": pack,
        "version": version,
        "plan": version.plan,
        "participant": participant,
        "spending": spending_plan(version),
        "costs": [
            {**vars_of(cost), "lines": named(cost.lines, names)}
            for cost in cost_of_care_by_year(participant.pk).values()
        ],
        "budgets": IndicativeBudget.objects.filter(participant=participant).select_related(
            "set_by"
        ),
        "decisions": Decision.objects.filter(version__plan=version.plan)
        .select_related("version", "decided_by")
        .order_by("decided_at"),
        "review": review,
        "printed_at": timezone.localtime(),
    }
    if review is not None:
        progress = {p.outcome_id: p for p in review.progress.all()}
        context["outcome_progress"] = [(o, progress.get(o.pk)) for o in version.outcomes.all()]
        context["spending_progress"] = review.spending.select_related("line")
        context["budget_changes"] = review.budget_changes.all()
        since, lines = service_use_since_last_review(version.plan, review.held_on)
        context["service_use_since"], context["service_use"] = since, named(lines, names)
    else:
        context["outcome_progress"] = [(o, None) for o in version.outcomes.all()]
    return context


def vars_of(cost) -> dict:
    return {
        "year": cost.year,
        "direct_payments": cost.direct_payments,
        "total": cost.total,
    }


def named(lines, names: dict[str, str]) -> list[dict]:
    """Cost lines with the intervention's name, for people to read."""
    return [
        {
            "intervention": names.get(line.intervention, line.intervention),
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "cost": line.cost,
        }
        for line in lines
    ]


def render_pdf(pack: ReviewPack) -> tuple[bytes, int]:
    """The pack as PDF bytes, and its number of pages."""
    from weasyprint import HTML

    html = render_to_string("reviews/pack_pdf.html", pack_context(pack))
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return document.write_pdf(), len(document.pages)


def store(pack: ReviewPack, pdf: bytes) -> str:
    """Save the PDF in private storage (the local folder writes it atomically)."""
    return private_storage().save(f"{pack.pk}.pdf", ContentFile(pdf))


def path_of(pack: ReviewPack) -> Path:
    """The pack's file, when private storage is the local folder."""
    return Path(private_storage().path(pack.file_name))


def render_and_store(pack: ReviewPack) -> ReviewPack:
    pdf, pages = render_pdf(pack)
    name = store(pack, pdf)
    with transaction.atomic():
        updated = ReviewPack.objects.filter(pk=pack.pk, status=ReviewPack.Status.RENDERING).update(
            status=ReviewPack.Status.READY,
            file_name=name,
            size=len(pdf),
            pages=pages,
            content_hash=hashlib.sha256(pdf).hexdigest(),
            finished_at=timezone.now(),
            last_error="",
        )
        pack.refresh_from_db()
        if updated:
            _record(pack)
            pack_ready(pack)
    return pack


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:ERROR_LIMIT]


def note_retry(pack: ReviewPack, error: BaseException, countdown: int) -> None:
    """A render failed and will be tried again in ``countdown`` seconds: back to the queue,
    with the reason."""
    ReviewPack.objects.filter(pk=pack.pk, status=ReviewPack.Status.RENDERING).update(
        status=ReviewPack.Status.QUEUED,
        last_error=_describe(error),
        due_at=timezone.now() + timedelta(seconds=countdown),
    )


def mark_failed(pack: ReviewPack, error: BaseException) -> None:
    ReviewPack.objects.filter(pk=pack.pk, status=ReviewPack.Status.RENDERING).update(
        status=ReviewPack.Status.FAILED, last_error=_describe(error), finished_at=timezone.now()
    )
    pack.refresh_from_db()
    _record(pack)


def _record(pack: ReviewPack) -> None:
    """Keep the change of status in the pack's history (updates above bypass ``save``)."""
    pack.save(update_fields=["status"])
