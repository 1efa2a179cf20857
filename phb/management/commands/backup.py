from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phb.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one dated archive of the PostgreSQL database (pg_dump, custom format) and the "
        "private files (review packs), with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to", default="backups", help="the folder to write the archive into (backups)"
        )

    def handle(self, *args, **options) -> None:
        try:
            path = backup(Path(options["to"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path}"))
