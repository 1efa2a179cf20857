"""Creating and changing the people who sign in, and their accounts: lock-outs,
passwords and API tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import AuditEvent
from audit.services import record_event
from people.models import (
    ORGANISATION_ROLES,
    TEAM_ROLES,
    ApiToken,
    Organisation,
    Role,
    Team,
    User,
)
from people.selectors import is_locked


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    team_name: str = "",
    organisation_name: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a user of ``role``, with the team or organisation the role needs.

    A team or organisation named but not yet known is created; a team is
    created inside ``organisation_name`` (required for a new team).
    """
    if role not in Role.values:
        raise ValidationError(
            {"role": f"Unknown role {role!r}: use one of {', '.join(Role.values)}."}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"A user called {username!r} already exists."})

    team = organisation = None
    if role in TEAM_ROLES:
        if not team_name:
            raise ValidationError({"team": f"A {Role(role).label.lower()} needs a team."})
        team = _team_get_or_create(team_name=team_name, organisation_name=organisation_name)
    elif role in ORGANISATION_ROLES:
        if not organisation_name:
            raise ValidationError(
                {"organisation": f"A {Role(role).label.lower()} needs an organisation."}
            )
        organisation, _ = Organisation.objects.get_or_create(name=organisation_name)
    elif team_name or organisation_name:
        raise ValidationError({"role": "An administrator belongs to no team or organisation."})

    user = User(
        username=username,
        role=role,
        team=team,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMINISTRATOR,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _team_get_or_create(*, team_name: str, organisation_name: str) -> Team:
    teams = Team.objects.filter(name=team_name)
    if organisation_name:
        teams = teams.filter(organisation__name=organisation_name)
    found = list(teams[:2])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValidationError(
            {"organisation": f"More than one team is called {team_name!r}: name its organisation."}
        )
    if not organisation_name:
        raise ValidationError(
            {"organisation": f"Team {team_name!r} is new: name the organisation it belongs to."}
        )
    organisation, _ = Organisation.objects.get_or_create(name=organisation_name)
    return Team.objects.create(organisation=organisation, name=team_name)


@transaction.atomic
def account_unlock(
    *,
    account: User,
    by: User | None,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> bool:
    """Unlock ``account`` after failed sign-ins: forget its failures, so that its owner
    can sign in again at once. Returns whether it was locked; an unlock is in the audit
    trail (by ``by``, or by the system from a command)."""
    was_locked = is_locked(account)
    AxesProxyHandler.reset_attempts(username=account.get_username())
    if was_locked:
        record_event(
            kind=AuditEvent.Kind.ACCOUNT_UNLOCKED,
            obj=account,
            user=by,
            request=request,
            channel=channel,
        )
    return was_locked


def password_change_force(*, user: User) -> None:
    """Ask ``user`` to choose a new password: at their next request (or sign-in) they are
    sent to the page to change it, and can use nothing else until they have. An
    administrator cannot choose it for them. The change is in the user's history."""
    if not user.must_change_password:
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])


def password_change(*, user: User, password: str) -> None:
    """Set the password ``user`` chose (already validated), which clears a forced change."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


# API tokens ---------------------------------------------------------------------------------

TOKEN_KEY_START = "phb_"  # noqa: S105 - how every key starts, not a secret
# A token's last use is written at most this often, so that a run of calls does not write
# on every one.
LAST_USED_RESOLUTION = timedelta(minutes=1)


CHANGE_IT_FIRST = (
    "You must change your password before you use the service: sign in to the service and "
    "choose a new one."
)


class TokenRefusedError(Exception):
    """The key signs nothing in; the message says why, for the caller."""


class TokenOwnerMustChangePasswordError(TokenRefusedError):
    """The key is good, but its owner must choose a new password first."""


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> tuple[ApiToken, str]:
    """Make an API token for ``user`` that lasts ``API_TOKEN_DAYS`` days. Returns it with
    its key, which is not kept: this is the only time anyone sees it. The making is in
    the audit trail, by ``user`` (by the system from a command)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token, such as what it is for."})
    key = TOKEN_KEY_START + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: len(TOKEN_KEY_START) + 8],
        key_hash=_key_hash(key),
        created=now,
        expires=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    token.full_clean()
    token.save()
    actor = None if channel == AuditEvent.Channel.COMMAND else user
    record_event(
        kind=AuditEvent.Kind.TOKEN_CREATED, obj=token, user=actor, request=request, channel=channel
    )
    return token, key


@transaction.atomic
def token_revoke(
    *,
    token: ApiToken,
    by: User,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> None:
    """Revoke ``token`` (its owner's own doing): it signs nothing in from now on."""
    record_event(
        kind=AuditEvent.Kind.TOKEN_REVOKED, obj=token, user=by, request=request, channel=channel
    )
    token.delete()


def token_authenticate(key: str, *, now: datetime | None = None) -> ApiToken:
    """The token whose key is ``key``, with its user, if it may sign a call in now; its
    last use is kept to the minute. Raises ``TokenRefusedError`` saying why not."""
    now = now or timezone.now()
    try:
        token = ApiToken.objects.select_related("user").get(key_hash=_key_hash(key))
    except ApiToken.DoesNotExist:
        raise TokenRefusedError("Invalid token.") from None
    if token.expires <= now:
        expired_on = date_format(timezone.localtime(token.expires), "j F Y H:i")
        raise TokenRefusedError(
            f"This API token expired on {expired_on}: make a new one on your API tokens page."
        )
    if not token.user.is_active:
        raise TokenRefusedError("User inactive or deleted.")
    if token.user.must_change_password:
        raise TokenOwnerMustChangePasswordError(CHANGE_IT_FIRST)
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
