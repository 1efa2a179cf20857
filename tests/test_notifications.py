"""Notifications: made once per user and event, in the caller's transaction; emailed once
after it commits, to those who want email, with no personal data beyond initials."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.models import Kind, Notification
from notifications.tasks import send_notification_email
from notifications.texts import initials
from people.models import Role
from tests.factories import UserFactory

pytest_plugins = ["tests.notification_helpers"]  # addressed, ann, in_process

pytestmark = pytest.mark.usefixtures("in_process")

LINK = "/care-plans/1/decide/"


def tell(users, key="event-1", kind=Kind.PLAN_SUBMITTED):
    return services.notify(users, kind, LINK, "A. E.", key)


def test_initials_are_all_that_names_the_person():
    assert initials("Ann", "Example") == "A. E."
    assert initials("siân", "llŷr") == "S. L."
    assert initials("فاطمة", "الزهراء") == "ف. ا."  # noqa: RUF001
    assert initials("", "") == "someone"


def test_each_recipient_is_told_once_and_emailed_once_after_commit(
    addressed, django_capture_on_commit_callbacks, mailoutbox
):
    users = [addressed.facilitator, addressed.commissioner]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = tell([*users, addressed.facilitator])
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert len(made) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["connor@nhs.example", "femi@nhs.example"]
    row = Notification.objects.get(recipient=addressed.facilitator)
    assert row.text == "A care plan for A. E. is waiting for your decision."
    assert row.link == LINK
    assert row.emailed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert tell(users) == []  # the same event again: nobody is told twice
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


def test_the_email_holds_initials_and_a_link_only(
    addressed, ann, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SITE_URL = "https://phb.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        (made,) = tell([addressed.facilitator])
    (email,) = mailoutbox
    assert email.subject == "Personal health budgets: a care plan is waiting for your decision"
    assert "A. E." in email.body
    assert f"https://phb.example.org/notifications/open/?id={made.pk}" in email.body
    for personal in (
        ann.full_name,
        ann.given_name,
        ann.family_name,
        ann.nhs_number,
        ann.nhs_number_display,
        ann.address.splitlines()[0],
    ):
        assert personal not in email.body
        assert personal not in email.subject
    assert email.alternatives == []


def test_no_email_for_someone_who_turned_it_off_but_the_notification_stays(
    addressed, django_capture_on_commit_callbacks, mailoutbox
):
    services.email_preference_set(user=addressed.facilitator, send_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        (made,) = tell([addressed.facilitator])
    assert mailoutbox == []
    made.refresh_from_db()
    assert made.emailed_at is None
    assert services.unread_count(addressed.facilitator) == 1


def test_turning_email_off_before_the_task_runs_stops_the_email(addressed):
    (made,) = tell([addressed.facilitator])
    services.email_preference_set(user=addressed.facilitator, send_email=False)
    assert services.email_send(made.pk) == "not wanted"
    services.email_preference_set(user=addressed.facilitator, send_email=True)
    assert services.email_send(made.pk) == "sent"
    assert len(mail.outbox) == 1


def test_no_email_without_an_address_and_nothing_for_someone_inactive(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    gone = UserFactory(username="gone", role=Role.FACILITATOR, team=people.team, is_active=False)
    gone.email = "gone@nhs.example"
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = tell([people.facilitator, gone])
    assert [n.recipient for n in made] == [people.facilitator]
    assert mailoutbox == []  # the facilitator has no address


def test_a_second_delivery_of_the_task_sends_nothing(addressed):
    (made,) = tell([addressed.facilitator])
    assert send_notification_email.apply(args=[made.pk]).get() == "sent"
    assert send_notification_email.apply(args=[made.pk]).get() == "already sent"
    assert services.email_send(made.pk) == "already sent"
    assert len(mail.outbox) == 1


def test_a_failed_send_is_left_unsent_and_tried_again(addressed, monkeypatch):
    (made,) = tell([addressed.facilitator])
    real_send = services.send_mail
    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", flaky)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.email_send(made.pk)
    made.refresh_from_db()
    assert made.emailed_at is None  # the failure left it to be sent

    # The task retries a transient failure (at once, in process) and sends it once.
    attempts.clear()
    assert send_notification_email.apply(args=[made.pk]).get() == "sent"
    assert len(attempts) == 2
    assert len(mail.outbox) == 1
    made.refresh_from_db()
    assert made.emailed_at is not None


def test_a_notification_links_to_a_page_of_the_service(people):
    for link in ("https://elsewhere.example/", "//elsewhere.example/", "care-plans/1/"):
        with pytest.raises(ValueError, match="path of the service"):
            services.notify([people.facilitator], Kind.PLAN_SUBMITTED, link, "A. E.", "k")


def test_opening_marks_read_and_only_the_recipients_own(people):
    (made,) = tell([people.facilitator])
    assert services.notification_open(user=people.commissioner, pk=made.pk) is None
    opened = services.notification_open(user=people.facilitator, pk=made.pk)
    assert opened.read_at is not None
    assert services.unread_count(people.facilitator) == 0
    tell([people.facilitator], key="event-2")
    tell([people.facilitator], key="event-3")
    assert services.all_read(user=people.facilitator) == 2
    assert services.unread_count(people.facilitator) == 0


def test_a_change_that_fails_tells_nobody(addressed, django_capture_on_commit_callbacks):
    def failing_change() -> None:
        with transaction.atomic():
            tell([addressed.facilitator])
            raise RuntimeError("the submission failed after the notification was made")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_change()
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_queue_that_cannot_be_reached_leaves_the_change_and_its_notifications(
    addressed, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker: Connection refused.")

    monkeypatch.setattr(send_notification_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = tell([addressed.facilitator])  # no error reaches the caller
    assert len(callbacks) == 1
    assert [n.pk for n in made] == list(Notification.objects.values_list("pk", flat=True))
    assert Notification.objects.get().emailed_at is None
    assert mailoutbox == []


def test_an_email_not_sent_is_sent_by_the_sweep_once_and_only_to_who_wants_it(
    addressed, settings, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.tasks import send_unsent_emails

    # The test's transaction never commits: no email is queued, as when the queue is down.
    tell([addressed.facilitator, addressed.commissioner], key="lost")
    tell([addressed.coordinator], key="too-old")
    tell([addressed.other_coordinator], key="just-now")
    services.email_preference_set(user=addressed.commissioner, send_email=False)
    now = timezone.now()
    Notification.objects.filter(key="lost").update(created_at=now - timedelta(minutes=11))
    Notification.objects.filter(key="too-old").update(created_at=now - timedelta(days=3))
    assert mailoutbox == []

    assert services.emails_unsent() == [
        Notification.objects.get(recipient=addressed.facilitator).pk
    ]
    assert send_unsent_emails.delay().get() == 1
    assert [m.to[0] for m in mailoutbox] == ["femi@nhs.example"]
    assert services.emails_unsent() == []
    assert send_unsent_emails.delay().get() == 0
    assert len(mailoutbox) == 1
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == send_unsent_emails.name
    ]
    assert entry["schedule"].minute == {0, 15, 30, 45}
