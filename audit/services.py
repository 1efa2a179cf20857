"""Writing the audit trail: sign-ins and sign-outs. Reads of care records go
through ``audit.reads``."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest

from audit.models import AuditEvent

# Who an event is by when no one signed in did it (a command run on the server).
SYSTEM = "system"


def _client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded header is the client's to forge.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record_event(
    *,
    kind: str,
    obj: Model,
    user=None,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> AuditEvent:
    """Keep who did ``kind`` to which record, when and how. With no ``user`` (a command
    run on the server) the event is the system's."""
    return AuditEvent.objects.create(
        kind=kind,
        channel=channel,
        user=user,
        username=user.get_username() if user is not None else SYSTEM,
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
