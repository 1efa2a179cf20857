from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phb.backup import BackupError
from phb.restore import restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty PostgreSQL database and the private "
        "folder, then check every table's row count and every file's checksum against it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="the archive (.tar) to restore")
        parser.add_argument(
            "--database-url",
            default="",
            help="the PostgreSQL database to restore into (this service's DATABASE_URL)",
        )
        parser.add_argument(
            "--private-root",
            default="",
            help="the private folder to restore the files into (this service's MEDIA_ROOT)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database that has tables, and over files already there",
        )

    def handle(self, *args, **options) -> None:
        try:
            restored = restore(
                Path(options["archive"]),
                database_url=options["database_url"],
                private_root=Path(options["private_root"]) if options["private_root"] else None,
                force=options["force"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not restored.verified:
            for difference in restored.differences:
                self.stderr.write(difference)
            raise CommandError("Restored, but it does not match the archive's manifest.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified against the manifest: {restored.tables} tables, "
                f"{restored.rows} rows, {restored.files} files."
            )
        )
