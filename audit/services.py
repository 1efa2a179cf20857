"""Writing the audit trail. Every view of a person's record goes through
``record_view``; pages and API call the same function."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from audit.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded header is the client's to forge.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record_view(
    *,
    user,
    obj: Model,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
    kind: str = AuditEvent.Kind.VIEW,
) -> AuditEvent:
    """Keep who looked at (or downloaded, or tried to add again) which record, when and how."""
    return AuditEvent.objects.create(
        kind=kind,
        channel=channel,
        user=user,
        username=user.get_username(),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        path=request.get_full_path()[:500] if request is not None else "",
        ip_address=_client_ip(request),
    )


def record_sign_in(*, kind: str, username: str, user=None, request=None) -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind,
        channel=AuditEvent.Channel.PAGE,
        user=user,
        username=username[:150],
        path=request.path[:500] if request is not None else "",
        ip_address=_client_ip(request),
    )
