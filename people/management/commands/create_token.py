from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditEvent
from people.models import User
from people.services import token_create


class Command(BaseCommand):
    help = (
        "Make an API token for a user and print its key, this once: only a hash of it is "
        "kept. It expires after API_TOKEN_DAYS days. The making is in the audit trail."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="Made on the command line", help="what it is for")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        try:
            token, key = token_create(
                user=user, name=options["name"], channel=AuditEvent.Channel.COMMAND
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        expires = timezone.localtime(token.expires)
        self.stdout.write(key)
        self.stdout.write(
            f"API token {token.name!r} for {user.username}; it expires {expires:%Y-%m-%d %H:%M}. "
            "Copy the key now: it is not shown again."
        )
