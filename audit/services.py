"""Writing the audit trail: sign-ins and sign-outs. Reads of care records go
through ``audit.reads``."""

from django.http import HttpRequest

from audit.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded header is the client's to forge.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record_sign_in(*, kind: str, username: str, user=None, request=None) -> AuditEvent:
    return AuditEvent.objects.create(
        kind=kind,
        channel=AuditEvent.Channel.PAGE,
        user=user,
        username=username[:150],
        path=request.path[:500] if request is not None else "",
        ip_address=_client_ip(request),
    )
