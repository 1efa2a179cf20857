from django.core.management.base import BaseCommand, CommandError

from participants.summary_checks import cost_summary_differences, rebuild_cost_summaries

SHOWN = 50
"""Differences listed; the rest are counted."""


def _differences(count: int) -> str:
    return f"{count:,} difference{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Check the cost summaries (service use per person, financial year and unit price; "
        "direct payments per person and year) against the events and payments they sum. "
        "Lists every difference and exits non-zero if there is one; --repair rebuilds them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Rebuild the summaries from the events and payments if they disagree.",
        )

    def handle(self, *args, **options) -> None:
        differences = cost_summary_differences()
        if not differences:
            self.stdout.write("The cost summaries agree with the events and payments.")
            return
        for difference in differences[:SHOWN]:
            self.stdout.write(str(difference))
        if len(differences) > SHOWN:
            self.stdout.write(f"... and {len(differences) - SHOWN:,} more.")
        if not options["repair"]:
            raise CommandError(
                f"{_differences(len(differences))} between the cost summaries and the events "
                "and payments. Run with --repair to rebuild the summaries."
            )
        rebuild_cost_summaries()
        left = cost_summary_differences()
        if left:
            raise CommandError(f"Rebuilt, but {_differences(len(left))} left.")
        self.stdout.write(f"Rebuilt the cost summaries: {_differences(len(differences))} repaired.")
