"""The demonstration organisation, teams and users. Every name is made up."""

from dataclasses import dataclass

from django.db import transaction

from people.models import Organisation, Role, Team, User
from people.services import user_create

DEMO_ORGANISATION = "Northshire Integrated Care Board"
DEMO_TEAMS = ("Riverside Community Mental Health Team", "Hillside Community Mental Health Team")
DEMO_PASSWORD = "demo-phb-2026"  # noqa: S105 - demonstration logins, printed on purpose
DEMO_EMAIL_DOMAIN = "example.org"
"""A domain reserved for examples: no demo email can reach anyone."""


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    team: str = ""
    organisation: str = ""
    home_team: str = ""


DEMO_USERS = (
    DemoUser("coordinator", Role.COORDINATOR, "Cara", "Mendes", team=DEMO_TEAMS[0]),
    DemoUser("facilitator", Role.FACILITATOR, "Femi", "Adeyemi", team=DEMO_TEAMS[0]),
    DemoUser("facilitator2", Role.FACILITATOR, "Grace", "Holloway", team=DEMO_TEAMS[0]),
    DemoUser("hillside", Role.COORDINATOR, "Huw", "Pritchard", team=DEMO_TEAMS[1]),
    DemoUser("commissioner", Role.COMMISSIONER, "Connor", "Blake", organisation=DEMO_ORGANISATION),
    DemoUser("peer", Role.PEER_REVIEWER, "Priya", "Okafor", organisation=DEMO_ORGANISATION),
    DemoUser(
        "peer2",
        Role.PEER_REVIEWER,
        "Tomasz",
        "Nowicki",
        organisation=DEMO_ORGANISATION,
        home_team=DEMO_TEAMS[0],
    ),
    DemoUser("admin", Role.ADMINISTRATOR, "Ada", "Whitlock"),
)


@transaction.atomic
def load_demo_people() -> list[DemoUser]:
    """Create what is missing; leave what exists as it is (safe to run twice)."""
    organisation, _ = Organisation.objects.get_or_create(name=DEMO_ORGANISATION)
    for name in DEMO_TEAMS:
        Team.objects.get_or_create(organisation=organisation, name=name)
    existing = set(
        User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    for demo in DEMO_USERS:
        if demo.username in existing:
            continue
        user = user_create(
            username=demo.username,
            role=demo.role,
            password=DEMO_PASSWORD,
            team_name=demo.team,
            organisation_name=DEMO_ORGANISATION if demo.team else demo.organisation,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        if demo.home_team:
            user.home_team = Team.objects.get(organisation=organisation, name=demo.home_team)
            user.save(update_fields=["home_team"])
    return list(DEMO_USERS)


@transaction.atomic
def give_demo_addresses() -> None:
    """Each demo user's made-up address, given once the demo is loaded: the plans the demo
    submits and decides as it loads tell people in the service without printing an email
    each; what is done after it prints them."""
    for user in User.objects.filter(username__in=[u.username for u in DEMO_USERS], email=""):
        user.email = f"{user.username}@{DEMO_EMAIL_DOMAIN}"
        user.save(update_fields=["email"])
