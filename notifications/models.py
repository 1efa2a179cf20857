"""Notifications: what the service tells a user (in the service, and by email unless they
turned email off). A notification names a person by their initials at most: its text and
its email carry no other personal data."""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    """What happened. Each kind has its sentence (``notifications.texts``)."""

    PLAN_SUBMITTED = "plan_submitted", "Plan waiting for a decision"
    PLAN_SIGNED_OFF = "plan_signed_off", "Plan signed off"
    PLAN_APPROVED = "plan_approved", "Plan approved"
    PLAN_RETURNED = "plan_returned", "Plan returned"
    RECONSIDERATION_ASKED = "reconsideration_asked", "Reconsideration asked"
    RECONSIDERATION_ANSWERED = "reconsideration_answered", "Reconsideration answered"
    REVIEW_DUE = "review_due", "Review due"
    REVIEW_PACK_READY = "review_pack_ready", "Review pack ready"


class Notification(models.Model):
    """One thing one user is told. ``key`` names the event: a user is told of an event
    once, however often the code that tells them runs."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.CharField(max_length=200, help_text="No personal data beyond initials.")
    link = models.CharField(max_length=200, help_text="The path of the page it is about.")
    key = models.CharField(max_length=100, help_text="The event: one notification a user.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class EmailPreference(models.Model):
    """Whether a user is sent their notifications by email. No row: they are."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_email"
    )
    send_email = models.BooleanField("email me my notifications", default=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {'email' if self.send_email else 'no email'}"
