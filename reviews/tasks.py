from celery import shared_task
from django.conf import settings

from reviews import packs


@shared_task(bind=True, name="reviews.render_review_pack", acks_late=True)
def render_review_pack(self, pack_id: str) -> str:
    """Render a queued review pack. Safe to deliver twice: a ready pack is left alone.

    A failed render goes back to the queue with its reason and is tried again
    after 10, 20, 40... seconds (at once when tasks run in process); after the last
    try the pack is failed.
    """
    pack = packs.start_render(pack_id)
    if pack is None:
        return "nothing to do"
    try:
        packs.render_and_store(pack)
    except Exception as error:  # any failure is retried, then reported
        retries = settings.REVIEW_PACK_MAX_RETRIES
        if self.request.retries >= retries:
            packs.mark_failed(pack, error)
            return "failed"
        countdown = settings.REVIEW_PACK_RETRY_DELAY * 2**self.request.retries
        packs.note_retry(pack, error, countdown)
        raise self.retry(exc=error, countdown=countdown, max_retries=retries) from error
    return "ready"


@shared_task(name="reviews.notify_reviews_due", acks_late=True)
def notify_reviews_due() -> int:
    """The daily reminders of reviews due within two weeks (``celery beat`` sends it)."""
    from reviews.notifying import notify_reviews_due as remind

    return remind()


@shared_task(name="reviews.requeue_stalled_packs", acks_late=True)
def requeue_stalled_packs() -> int:
    """Send again the packs left waiting: a task lost, or never sent while the broker was
    down (``celery beat`` sends it every few minutes)."""
    return packs.requeue_stalled()
