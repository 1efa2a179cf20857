"""The header's navigation, by role."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from people.models import Role


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
_API = NavItem("API", "api-docs")
_MY_AUDITS = NavItem("My audits", "peer_audit:my_audits")
_PEER_AUDIT = NavItem("Peer audit", "peer_audit:rounds")
_REPORTS = NavItem("Reports", "reports:overview")

ITEMS_BY_ROLE: dict[str, tuple[NavItem, ...]] = {
    Role.COORDINATOR: (_HOME, _PARTICIPANTS, _TRANSFERS, _OVERDUE, _TEAMS, _TARIFFS, _API),
    Role.FACILITATOR: (
        _HOME,
        _PARTICIPANTS,
        _QUEUE,
        _TRANSFERS,
        _OVERDUE,
        _TEAMS,
        _TARIFFS,
        _API,
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
        _API,
    ),
    Role.PEER_REVIEWER: (_HOME, _MY_AUDITS, _API),
    Role.ADMINISTRATOR: (_HOME, _TEAMS, _TRAIL, _ADMIN, _LOCKED, _API),
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {"nav_items": []}
    items = []
    for item in ITEMS_BY_ROLE.get(user.role, ()):
        href = item.href
        current = request.path == href if item is _HOME else request.path.startswith(href)
        items.append({"text": item.text, "href": href, "current": current})
    return {"nav_items": items}
