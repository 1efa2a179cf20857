from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.models import Role, Team
from phb.demo.peer_audit import load_demo_peer_audit
from phb.demo.people import (
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    DEMO_TEAMS,
    give_demo_addresses,
    load_demo_people,
)
from phb.demo.pilot import load_pilot
from phb.demo.pilot_plans.load import load_pilot_plans
from phb.demo.plans import load_demo_plans
from phb.demo.transfers import load_demo_transfers


class Command(BaseCommand):
    help = (
        "Load the demonstration data (made-up people only) and print the demo logins. "
        "Safe to run twice. Refuses to run with DJANGO_DEBUG=false unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="load demo data even in production mode"
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo data is for the embedded run; pass --force to load it here.")
        users = load_demo_people()
        teams = [
            Team.objects.get(organisation__name=DEMO_ORGANISATION, name=name) for name in DEMO_TEAMS
        ]
        added = load_pilot(teams)
        if added:
            self.stdout.write(f"Loaded the pilot: {added} participants with their service use.")
        # The pilot's plans (all decided) first: a person's plan waiting for a decision
        # stops a second plan being started for them.
        pilot_plans = load_pilot_plans(teams)
        if pilot_plans:
            self.stdout.write(
                f"Loaded the pilot's {pilot_plans} budget holders' plans for 2011-12, "
                "with Table 3's outcomes and Table 4's purchases."
            )
        plans = load_demo_plans(teams)
        if plans:
            self.stdout.write(f"Loaded {plans} care plans, one in every state.")
        if load_demo_transfers(teams):
            self.stdout.write("Loaded a transfer request waiting for Riverside's facilitator.")
        audits = load_demo_peer_audit(teams)
        if audits:
            self.stdout.write(
                f"Loaded two peer audit rounds ({audits} audits): last quarter's finished, "
                "this quarter's assigned to the peer reviewers."
            )
        give_demo_addresses()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in users:
            where = demo.team or demo.organisation or "-"
            self.stdout.write(f"  {Role(demo.role).label:<18} {demo.username:<14} {where}")
