"""Sign-ins and failed sign-ins, from Django's authentication signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import AuditEvent
from audit.services import record_sign_in


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    record_sign_in(
        kind=AuditEvent.Kind.SIGN_IN, username=user.get_username(), user=user, request=request
    )


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_sign_in(
            kind=AuditEvent.Kind.SIGN_OUT, username=user.get_username(), user=user, request=request
        )


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    record_sign_in(
        kind=AuditEvent.Kind.SIGN_IN_FAILED,
        username=str(credentials.get("username", "")),
        request=request,
    )
