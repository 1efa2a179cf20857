from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reviews.notifying import notify_reviews_due


class Command(BaseCommand):
    help = (
        "Remind care coordinators of the reviews due within two weeks (in the service, and "
        "by email unless they turned it off). Run daily; running it again the same day, or "
        "the next, reminds nobody twice of the same review."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", default="", help="today, as YYYY-MM-DD (default: today)")

    def handle(self, *args, **options) -> None:
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not YYYY-MM-DD.") from None
        made = notify_reviews_due(today)
        self.stdout.write(f"{made} reminder{'' if made == 1 else 's'} of reviews due.")
