from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.demo import DEMO_PASSWORD, load_demo_people
from people.models import Role


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
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in users:
            where = demo.team or demo.organisation or "-"
            self.stdout.write(f"  {Role(demo.role).label:<18} {demo.username:<14} {where}")
