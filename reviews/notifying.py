"""Who is told that a review falls due soon, and that a review pack is ready
(``notifications``). A notification names the person by their initials only."""

from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan
from careplans.notifying import coordinators_of
from notifications.models import Kind
from notifications.services import notify
from notifications.texts import initials
from reviews.models import ReviewPack

DUE_WITHIN = timedelta(days=14)
"""A coordinator is reminded once a review falls due within two weeks."""


def reviews_due_soon(today: date) -> QuerySet[CarePlan]:
    """Plans in force whose next review falls due from today to two weeks on."""
    return (
        CarePlan.objects.filter(
            review_due__gte=today, review_due__lte=today + DUE_WITHIN, ended_at__isnull=True
        )
        .select_related("participant__care_coordinator")
        .order_by("review_due", "pk")
    )


def notify_reviews_due(today: date | None = None) -> int:
    """Remind each plan's care coordinator of a review due within two weeks: once for each
    date a review falls due (a called review, or the next one, is a new reminder), however
    often this runs. Returns how many reminders were made."""
    today = today or timezone.localdate()
    made = 0
    for plan in reviews_due_soon(today):
        participant = plan.participant
        made += len(
            notify(
                coordinators_of(plan),
                Kind.REVIEW_DUE,
                reverse("careplans:detail", args=[plan.pk]),
                initials(participant.given_name, participant.family_name),
                f"review-due:{plan.pk}:{plan.review_due.isoformat()}",
            )
        )
    return made


def pack_ready(pack: ReviewPack) -> None:
    """Tell whoever asked for the pack that it is ready."""
    participant = pack.version.plan.participant
    notify(
        [pack.requested_by],
        Kind.REVIEW_PACK_READY,
        reverse("reviews:pack", args=[pack.pk]),
        initials(participant.given_name, participant.family_name),
        f"review-pack-ready:{pack.pk}",
    )
