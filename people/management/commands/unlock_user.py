from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from people.models import User
from people.services import account_unlock


class Command(BaseCommand):
    help = (
        "Unlock an account locked after failed sign-ins, so that its owner can sign in again "
        "at once. The unlock is in the audit trail."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        try:
            account = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if account_unlock(account=account, by=None, channel=AuditEvent.Channel.COMMAND):
            self.stdout.write(f"Unlocked {account.username}.")
        else:
            self.stdout.write(f"{account.username} was not locked.")
