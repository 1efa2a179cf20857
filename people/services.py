"""Creating and changing the people who sign in, and their accounts."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from audit.models import AuditEvent
from audit.services import record_event
from people.models import ORGANISATION_ROLES, TEAM_ROLES, Organisation, Role, Team, User
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
