import smtplib

from celery import shared_task

from notifications import services

# A mail server that is down, slow or refusing for now: tried again later (the base task's
# backoff: about 1, 2, 4... seconds with jitter, at most 5 times).
TRANSIENT = (smtplib.SMTPException, OSError)


@shared_task(bind=True, name="notifications.send_email", acks_late=True, autoretry_for=TRANSIENT)
def send_notification_email(self, notification_id: int) -> str:
    """Email one notification to its recipient. Safe to deliver twice, or to retry: the row,
    locked, says whether it has been sent."""
    return services.email_send(notification_id)


@shared_task(name="notifications.send_unsent_emails", acks_late=True)
def send_unsent_emails() -> int:
    """Queue again the emails that should have gone and have not (``celery beat`` sends it
    every 15 minutes). Queuing one twice is harmless: the row says whether it was sent."""
    unsent = services.emails_unsent()
    for pk in unsent:
        send_notification_email.delay(pk)
    return len(unsent)
