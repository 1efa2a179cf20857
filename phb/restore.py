"""Restore an archive made by :func:`phb.backup.backup`, then check it against its manifest.

The archive's files are checked against their SHA-256 before anything is touched. A
database that already has tables, or a private folder that already has one of the
archive's files, is refused unless ``force``. Once restored, the row count of every table
and the SHA-256 of every file are compared with the manifest.
"""

import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from phb.backup import (
    DUMP,
    FORMAT,
    MANIFEST,
    PACKS,
    PRIVATE,
    BackupError,
    Database,
    row_counts,
    sha256_of,
    tables,
)


@dataclass
class Restored:
    """What was restored, and any difference from the manifest (none when all is well)."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.differences


def destination(name: str, private_root: Path | None) -> Path:
    """Where a file of the archive goes: the packs in the review packs' folder, the rest
    in the private folder (both under ``private_root`` when it is given)."""
    relative = Path(name).relative_to(PRIVATE)
    if relative.parts[0] == PACKS:
        packs = private_root / PACKS if private_root else Path(settings.REVIEW_PACK_ROOT)
        return packs / relative.relative_to(PACKS)
    return (private_root or Path(settings.MEDIA_ROOT)) / relative


def unpack(archive: Path, work: Path) -> dict:
    """Extract the archive into ``work`` and check its files; its manifest."""
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{archive.name} has no readable {MANIFEST}: is it a backup?") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name} is of a format this version does not know.")
    if sha256_of(work / DUMP) != manifest["database"]["sha256"]:
        raise BackupError(f"The database dump in {archive.name} is damaged (its SHA-256 differs).")
    for name, recorded in manifest["files"].items():
        path = work / name
        if not path.is_file() or sha256_of(path) != recorded["sha256"]:
            raise BackupError(f"{name} in {archive.name} is missing or damaged.")
    return manifest


def restore(
    archive: Path,
    *,
    database_url: str = "",
    private_root: Path | None = None,
    force: bool = False,
) -> Restored:
    """Restore ``archive`` into the database (this service's, or ``database_url``) and the
    private folder (this service's, or ``private_root``), then check it."""
    if database_url:
        database = Database.from_url(database_url)
    else:
        database = Database.of(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="phb-restore-") as folder:
        work = Path(folder)
        manifest = unpack(archive, work)
        targets = {name: destination(name, private_root) for name in manifest["files"]}
        if not force:
            refuse_if_in_use(database, targets.values())
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        command += ["--single-transaction", f"--dbname={database.name}"]
        if force:
            command += ["--clean", "--if-exists"]
        done = subprocess.run(  # noqa: S603 - our own programs and arguments
            [*command, str(work / DUMP)],
            env=database.environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()[-2000:]}")
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
            target.chmod(0o600)
    return verify(manifest, database, targets)


def refuse_if_in_use(database: Database, targets) -> None:
    with database.connect() as conn, conn.cursor() as cursor:
        found = tables(cursor)
    conn.close()
    if found:
        raise BackupError(
            f"The database {database.name} is not empty ({len(found)} tables): restore into "
            "an empty database, or give --force to replace what is there."
        )
    existing = [str(target) for target in targets if target.exists()]
    if existing:
        raise BackupError(
            f"The private folder already has {len(existing)} of the archive's files "
            f"(such as {existing[0]}): give --force to replace them."
        )


def verify(manifest: dict, database: Database, targets: dict[str, Path]) -> Restored:
    """Compare the restored database and files with the manifest."""
    with database.connect() as conn, conn.cursor() as cursor:
        counts = row_counts(cursor)
    conn.close()
    result = Restored(tables=len(counts), rows=sum(counts.values()), files=len(targets))
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            result.differences.append(f"table {table}: {counts.get(table)} rows, not {expected}")
    for name, target in targets.items():
        if not target.is_file() or sha256_of(target) != manifest["files"][name]["sha256"]:
            result.differences.append(f"file {name}: its SHA-256 differs at {target}")
    return result
