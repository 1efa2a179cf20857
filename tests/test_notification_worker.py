"""Notification emails sent by a real Celery worker, once: the worker writes each email to
a folder (DJANGO_EMAIL_BACKEND=file) where the test reads it."""

import time
from email import message_from_string
from email.message import Message
from pathlib import Path

import pytest
from django.db import transaction

from notifications import services
from notifications.models import Kind, Notification
from notifications.tasks import send_notification_email

pytest_plugins = ["tests.notification_helpers"]  # addressed, ann, in_process

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def emails_in(folder: Path) -> list[Message]:
    """The emails the file backend wrote (each message followed by a line of dashes)."""
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                found.append(message_from_string(text))
    return found


def body(email: Message) -> str:
    return email.get_payload(decode=True).decode(email.get_content_charset())


def wait_for_email(notification: Notification, timeout: float = 60.0) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.emailed_at is not None:
            return notification
        time.sleep(0.1)
    raise AssertionError(f"not emailed after {timeout} s")


def test_the_worker_emails_a_notification_once(addressed, ann, worker_queue, tmp_path):
    outbox = tmp_path / "emails"
    worker_queue.start(DJANGO_EMAIL_BACKEND="file", DJANGO_EMAIL_FILE_PATH=str(outbox))
    with transaction.atomic():
        (made,) = services.notify(
            [addressed.facilitator], Kind.PLAN_SUBMITTED, "/care-plans/1/decide/", "A. E.", "k"
        )
    wait_for_email(made)
    (email,) = emails_in(outbox)
    assert email["To"] == "femi@nhs.example"
    text = body(email)
    assert "A care plan for A. E. is waiting for your decision." in text
    assert f"/notifications/open/?id={made.pk}" in text
    for personal in (ann.full_name, ann.family_name, ann.nhs_number):
        assert personal not in text
        assert personal not in email["Subject"]

    # Delivered again (a retry, a worker that died before acknowledging): nothing is resent.
    assert send_notification_email.delay(made.pk).get(timeout=60) == "already sent"
    assert len(emails_in(outbox)) == 1
