"""Telling users what happened: ``notify`` (called by the higher apps' services, in their
transaction), reading and marking notifications, the email preference, and sending one
email (the worker's task calls ``email_send``).

An email is sent at most once: the task locks the notification's row while
``emailed_at`` is empty and sets it in the same transaction as it sends, so a retry or a
second delivery of the task finds it sent. A send that fails leaves it empty, to be tried
again.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailPreference, Notification
from notifications.texts import SUBJECTS, TEXTS
from people.models import User

LIST_LIMIT = 200
"""The notifications page shows a user's latest this many."""

UNSENT_AFTER = timedelta(minutes=10)
"""An email still not sent this long after its notification was made is sent again."""
UNSENT_UP_TO = timedelta(days=2)
"""Older than this, it is no longer news: the notification stays in the service only."""
UNSENT_BATCH = 500


def notify(
    recipients: Iterable[User], kind: str, link: str, initials: str, key: str
) -> list[Notification]:
    """Tell each of ``recipients`` about the event ``key`` (of ``kind``, about the person
    with ``initials``, at the page ``link``), once each: a recipient already told of the
    event is not told again. Emails go once this transaction commits, to those who want
    them. Returns the notifications made now."""
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("A notification links to a path of the service")
    text = TEXTS[kind].format(initials=initials)
    made = []
    for user in {user.pk: user for user in recipients if user.is_active}.values():
        notification, created = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"kind": kind, "text": text, "link": link}
        )
        if created:
            made.append(notification)
    emailed = [n.pk for n in made if n.recipient.email and wants_email(n.recipient)]
    if emailed:
        # Robust: a queue that cannot be reached must not turn a committed change into an
        # error page; the notifications are kept in the service either way.
        transaction.on_commit(lambda: _send_emails(emailed), robust=True)
    return made


def _send_emails(pks: list[int]) -> None:
    from notifications.tasks import send_notification_email

    for pk in pks:
        send_notification_email.delay(pk)


def wants_email(user: User) -> bool:
    return (
        EmailPreference.objects.filter(user=user).values_list("send_email", flat=True).first()
        is not False
    )


@transaction.atomic
def email_preference_set(*, user: User, send_email: bool) -> EmailPreference:
    preference, _ = EmailPreference.objects.update_or_create(
        user=user, defaults={"send_email": send_email}
    )
    return preference


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()


def notification_open(*, user: User, pk: int) -> Notification | None:
    """The user's own notification, marked read (``None`` if it is not theirs)."""
    notification = notifications_of(user).filter(pk=pk).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; how many were."""
    return notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def email_link(notification: Notification) -> str:
    """The address the email gives: the service's page that opens the notification."""
    path = reverse("notifications:open")
    return f"{settings.SITE_URL}{path}?id={notification.pk}"


def email_body(notification: Notification) -> str:
    settings_page = f"{settings.SITE_URL}{reverse('notifications:list')}"
    return (
        f"{notification.text}\n\n"
        f"Open it in the personal health budgets service (you may be asked to sign in):\n"
        f"{email_link(notification)}\n\n"
        f"This email holds no personal data: the service shows the rest to those who may "
        f"see it. To stop these emails, untick “Email me my notifications” on your "
        f"notifications page: {settings_page}\n"
    )


def email_send(pk: int) -> str:
    """Send the notification's email, once: what happened ("sent", or why not)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=pk)
            .first()
        )
        if notification is None:
            return "gone"
        if notification.emailed_at is not None:
            return "already sent"
        recipient = notification.recipient
        if not (recipient.is_active and recipient.email and wants_email(recipient)):
            return "not wanted"
        send_mail(
            f"Personal health budgets: {SUBJECTS[notification.kind].lower()}",
            email_body(notification),
            None,
            [recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return "sent"


def emails_unsent(now: datetime | None = None) -> list[int]:
    """Notifications whose email should have gone and has not: its task could not be
    queued (the queue was down when the change committed) or gave up. Those made between
    ``UNSENT_UP_TO`` and ``UNSENT_AFTER`` ago, to someone who still wants email."""
    now = now or timezone.now()
    email_off = EmailPreference.objects.filter(user=OuterRef("recipient"), send_email=False)
    return list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - UNSENT_AFTER,
            created_at__gte=now - UNSENT_UP_TO,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(Exists(email_off))
        .order_by("created_at")
        .values_list("pk", flat=True)[:UNSENT_BATCH]
    )
