"""The header's navigation, by role, with counts of what waits behind an item ("Sign-off
queue (3)").

What is counted belongs to the apps above people (plans, reviews, transfers, audits), so
each registers a ``NavCount`` on ``nav_counts`` in its ``AppConfig.ready()``; only the
items shown to the user are counted, one query each.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from common.hooks import Hook
from people.models import Role, User


@dataclass(frozen=True)
class NavItem:
    text: str
    url_name: str

    @property
    def href(self) -> str:
        return reverse(self.url_name)


_HOME = NavItem("Home", "home")
_TEAMS = NavItem("Teams", "people:teams")
_PARTICIPANTS = NavItem("Participants", "participants:list")
_TARIFFS = NavItem("Tariffs and clusters", "costing:interventions")
_QUEUE = NavItem("Sign-off queue", "careplans:queue")
_TRANSFERS = NavItem("Transfers", "transfers:list")
_OVERDUE = NavItem("Overdue reviews", "reviews:overdue")
_TRAIL = NavItem("Audit trail", "audit:events")
_ADMIN = NavItem("Users and teams", "admin:index")
_LOCKED = NavItem("Locked accounts", "people:locked_accounts")
_MY_AUDITS = NavItem("My audits", "peer_audit:my_audits")
_PEER_AUDIT = NavItem("Peer audit", "peer_audit:rounds")
_REPORTS = NavItem("Reports", "reports:overview")

ITEMS_BY_ROLE: dict[str, tuple[NavItem, ...]] = {
    Role.COORDINATOR: (_HOME, _PARTICIPANTS, _TRANSFERS, _OVERDUE, _TEAMS, _TARIFFS),
    Role.FACILITATOR: (
        _HOME,
        _PARTICIPANTS,
        _QUEUE,
        _TRANSFERS,
        _OVERDUE,
        _TEAMS,
        _TARIFFS,
    ),
    Role.COMMISSIONER: (
        _HOME,
        _REPORTS,
        _PARTICIPANTS,
        _QUEUE,
        _TRANSFERS,
        _OVERDUE,
        _TEAMS,
        _TARIFFS,
        _PEER_AUDIT,
    ),
    Role.PEER_REVIEWER: (_HOME, _MY_AUDITS),
    Role.ADMINISTRATOR: (_HOME, _TEAMS, _TRAIL, _ADMIN, _LOCKED),
}


@dataclass(frozen=True)
class NavCount:
    url_name: str
    """The item it counts for."""
    count: Callable[[User], int]
    words: str
    """What a screen reader hears after the number: "waiting" makes "3 waiting"."""


nav_counts: Hook[NavCount] = Hook("counts in the menu")


class _Entry(dict):
    """A menu item for the template: its ``count`` is asked for (one query) only when a page
    shows the menu, never for a fragment that htmx swaps in."""

    def __init__(self, counter: NavCount | None, user: User, **values) -> None:
        super().__init__(values, count_words=counter.words if counter else "")
        self._counter, self._user = counter, user

    def __missing__(self, key: str):
        if key != "count":
            raise KeyError(key)
        self["count"] = self._counter.count(self._user) if self._counter else 0
        return self["count"]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {"nav_items": []}
    counters = {counter.url_name: counter for counter in nav_counts}
    items = []
    for item in ITEMS_BY_ROLE.get(user.role, ()):
        href = item.href
        current = request.path == href if item is _HOME else request.path.startswith(href)
        items.append(
            _Entry(counters.get(item.url_name), user, text=item.text, href=href, current=current)
        )
    return {"nav_items": items}
