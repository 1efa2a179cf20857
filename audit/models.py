from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Something that happened which changed no record: a view of a person's
    record (one event a request, naming every record it showed), a download, a
    request refused for a record out of the user's scope, a sign-in or a failed
    sign-in, an account unlocked, an API token made or revoked, or an attempt to add a
    person another team already holds.

    Changes of records are kept by each model's own history table; the audit
    trail page shows both.
    """

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed a record"
        DOWNLOAD = "download", "Downloaded a file"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed to sign in"
        SIGN_OUT = "sign_out", "Signed out"
        REFUSED = "refused", "Refused a record out of scope"
        ACCOUNT_UNLOCKED = "account_unlocked", "Unlocked an account"
        TOKEN_CREATED = "token_created", "Made an API token"
        TOKEN_REVOKED = "token_revoked", "Revoked an API token"
        KNOWN_ELSEWHERE = "known_elsewhere", "Tried to add a person known to another team"

    class Channel(models.TextChoices):
        PAGE = "page", "Page"
        API = "api", "API"
        COMMAND = "cli", "Command line"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=4, choices=Channel.choices, default=Channel.PAGE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(
        max_length=150, help_text="As typed for a failed sign-in; kept if the user is removed."
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    object_ids = models.JSONField(
        default=list, blank=True, help_text="Every record the request showed (a list names each)."
    )
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"
