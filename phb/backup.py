"""Backups: the PostgreSQL database and the private files, in one dated archive.

An archive (``phb-2026-11-30T0712Z.tar``) holds:

- ``database.dump``: ``pg_dump`` in its custom format;
- ``private/…``: every file of the private folder (review packs under
  ``private/review-packs/``);
- ``manifest.json``: when it was made, the number of rows of each table and the
  SHA-256 and size of each file, so that a restore can be checked.

The row counts are taken in the very snapshot that ``pg_dump`` dumps (one exported
snapshot), so they match the dump even while people use the service. No secret (no
password, no host) goes into the archive's name or its manifest. The archive holds
personal data: it is written readable by its owner alone.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from django.db import connection
from psycopg2 import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
PRIVATE = "private"
PACKS = "review-packs"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for people to read."""


@dataclass(frozen=True)
class Database:
    """Where a PostgreSQL database is, as the client programs and psycopg2 take it."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def of(cls, settings_dict: Mapping[str, Any]) -> "Database":
        if not settings_dict["ENGINE"].endswith("postgresql"):
            raise BackupError(
                "Backup and restore need PostgreSQL; this database is SQLite "
                "(copy its file while the service is stopped instead)."
            )
        return cls(
            name=str(settings_dict["NAME"]),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> "Database":
        import dj_database_url

        try:
            return cls.of(dj_database_url.parse(url))
        except ValueError as error:
            raise BackupError(
                f"The database URL is not one this service can use: {error}"
            ) from None

    def environment(self) -> dict[str, str]:
        """The environment of ``pg_dump``/``pg_restore``: the password never on a command line."""
        names = {
            "PGDATABASE": self.name,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGHOST": self.host,
            "PGPORT": self.port,
        }
        return {**os.environ, **{key: value for key, value in names.items() if value}}

    def connect(self):
        options = {"dbname": self.name, "user": self.user, "password": self.password}
        options |= {"host": self.host, "port": self.port}
        return psycopg2.connect(**{key: value for key, value in options.items() if value})


def tables(cursor) -> list[str]:
    """The tables of the ``public`` schema, by name."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def private_folders(
    media_root: Path | None = None, pack_root: Path | None = None
) -> dict[str, Path]:
    """The archive's folders and where they are here: the private folder, and the review
    packs' folder as ``private/review-packs`` when it is set apart from it."""
    media = Path(media_root or settings.MEDIA_ROOT)
    packs = Path(pack_root or settings.REVIEW_PACK_ROOT)
    folders = {PRIVATE: media}
    if not packs.resolve().is_relative_to(media.resolve()):
        folders[f"{PRIVATE}/{PACKS}"] = packs
    return folders


def private_files(folders: Mapping[str, Path]) -> Iterator[tuple[str, Path]]:
    """Each file as (its name in the archive, its path here); files being written
    (``.part``, hidden) are left out."""
    for prefix, root in folders.items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            name = f"{prefix}/{relative.as_posix()}"
            if prefix == PRIVATE and len(folders) > 1 and name.startswith(f"{PRIVATE}/{PACKS}/"):
                continue  # the packs' own folder is the one that counts
            yield name, path


def archive_name(now: datetime, folder: Path) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H%MZ")
    path, n = folder / f"phb-{stamp}.tar", 1
    while path.exists():
        n += 1
        path = folder / f"phb-{stamp}-{n}.tar"
    return path


@contextmanager
def exported_snapshot(database: Database) -> Iterator[tuple[str, dict[str, int], str]]:
    """A repeatable-read transaction held open: its snapshot's id (for ``pg_dump``), the
    row counts it sees, and the server's version."""
    conn = database.connect()
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, version = cursor.fetchone()
            yield snapshot, row_counts(cursor), version
        conn.rollback()
    finally:
        conn.close()


def run(command: list[str], database: Database) -> None:
    done = subprocess.run(  # noqa: S603 - our own programs and arguments
        command, env=database.environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def owner_only(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.mode = 0o600
    return member


def backup(to: Path, *, now: datetime | None = None) -> Path:
    """Write an archive of this service's database and private files into ``to``; its path."""
    database = Database.of(connection.settings_dict)
    now = now or datetime.now(UTC)
    to.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=to, prefix=".backup-") as work:
        dump = Path(work) / DUMP
        with exported_snapshot(database) as (snapshot, counts, version):
            run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"],
                database,
            )
        files = list(private_files(private_folders()))
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(UTC).isoformat(),
            "database": {"server_version": version, "tables": counts, "sha256": sha256_of(dump)},
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                for name, path in files
            },
        }
        part = Path(work) / "archive.tar"
        with tarfile.open(part, "w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP, filter=owner_only)
            for name, path in files:
                tar.add(path, arcname=name, filter=owner_only)
        os.chmod(part, 0o600)
        path = archive_name(now, to)
        shutil.move(part, path)
    return path
