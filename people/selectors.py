"""Reading people and their accounts: which accounts are locked, and a user's API tokens."""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from people.models import ApiToken, User


@dataclass(frozen=True)
class LockedAccount:
    user: User
    failures: int
    locked_until: datetime


def locked_accounts(*, now: datetime | None = None) -> list[LockedAccount]:
    """The accounts locked now by failed sign-ins, soonest to unlock first.

    An account is locked, as django-axes decides it with accounts locked by username,
    while its failed sign-ins within the cool-off reach the failure limit; it stays locked
    for the cool-off after the last of them.
    """
    now = now or timezone.now()
    cool_off = get_cool_off()
    attempts = (
        AccessAttempt.objects.filter(attempt_time__gte=now - cool_off, username__isnull=False)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by()
    )
    by_username = {row["username"]: row for row in attempts}
    if not by_username:
        return []
    users = User.objects.filter(username__in=list(by_username)).select_related(
        "team", "organisation"
    )
    accounts = [
        LockedAccount(
            user=user,
            failures=by_username[user.username]["failures"],
            locked_until=by_username[user.username]["last"] + cool_off,
        )
        for user in users
    ]
    return sorted(accounts, key=lambda account: (account.locked_until, account.user.username))


def is_locked(user: User, *, now: datetime | None = None) -> bool:
    return any(account.user.pk == user.pk for account in locked_accounts(now=now))


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s own API tokens, newest first (expired ones too, until revoked)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created", "-pk")
