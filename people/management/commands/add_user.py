import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.models import Role
from people.services import user_create


class Command(BaseCommand):
    help = (
        "Add a user with a role. A coordinator or facilitator needs --team; a commissioner "
        "or peer reviewer needs --organisation. A team or organisation not yet known is "
        "created. The password is read from standard input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--team", default="", help="team name (created if missing)")
        parser.add_argument(
            "--organisation", default="", help="organisation name (created if missing)"
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            required=True,
            help="read the password from the first line of standard input",
        )

    def handle(self, *args, **options) -> None:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input.")
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                password=password,
                team_name=options["team"],
                organisation_name=options["organisation"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as error:
            messages = (
                "; ".join(
                    f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()
                )
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            raise CommandError(messages) from None
        where = user.team or user.organisation or "no team"
        self.stdout.write(f"Added {user.username} ({user.get_role_display()}, {where}).")
