"""Backup and restore: a real ``pg_dump`` of the committed test database and its private
files into one archive, restored by ``pg_restore`` into a fresh database and a fresh
private folder, gives back the same rows in every table, the same audit trail and the same
review packs (their checksums as recorded). PostgreSQL only (required in CI)."""

import hashlib
import io
import json
import os
import tarfile
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from phb.backup import MANIFEST, BackupError, Database, row_counts
from phb.restore import restore
from reviews import packs
from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.conftest import require
from tests.factories import ParticipantFactory
from tests.report_builders import reviewed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres():
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: backups are made with pg_dump",
    )


@pytest.fixture
def private(settings, tmp_path, postgres):
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.REVIEW_PACK_ROOT = settings.MEDIA_ROOT / "review-packs"
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_database(postgres):
    """An empty database beside the test database, dropped afterwards; its URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{connection.settings_dict['NAME']}_restored_{worker}_{os.getpid()}"[:63]
    admin = Database.of(connection.settings_dict)
    conn = psycopg2.connect(**_params(admin, "postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = urlsplit(os.environ["DATABASE_URL"])
    yield urlunsplit(url._replace(path="/" + name))
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _params(database: Database, name: str) -> dict:
    params = {"dbname": name, "user": database.user, "password": database.password}
    params |= {"host": database.host, "port": database.port}
    return {key: value for key, value in params.items() if value}


@pytest.fixture
def service_data(people, pilot_tariffs, private):
    """Plans, a review with its review pack rendered by WeasyPrint, and an audit trail."""
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, family_name="Example"
    )
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    review = reviewed(
        version,
        people.coordinator,
        on=date(2026, 11, 2),
        spent=["10.00"] * version.lines.count(),
    )
    pack = ReviewPack.objects.create(
        version=version,
        review=review,
        key=ReviewPack.key_for(version, review),
        requested_by=people.coordinator,
    )
    packs.render_and_store(packs.start_render(pack.pk))
    for kind in (AuditEvent.Kind.SIGN_IN, AuditEvent.Kind.VIEW, AuditEvent.Kind.DOWNLOAD):
        AuditEvent.objects.create(
            kind=kind, user=people.coordinator, username=people.coordinator.username
        )
    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY, pack.last_error
    return pack


def trail(database: Database) -> list[tuple]:
    with psycopg2.connect(**_params(database, database.name)) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"SELECT id, kind, at, username FROM {AuditEvent._meta.db_table} ORDER BY id"  # noqa: S608
        )
        rows = cursor.fetchall()
    conn.close()
    return rows


def counts(database: Database) -> dict[str, int]:
    with database.connect() as conn, conn.cursor() as cursor:
        found = row_counts(cursor)
    conn.close()
    return found


def test_a_backup_restored_into_a_fresh_database_gives_back_the_same_records(
    service_data, private, fresh_database, tmp_path, capsys
):
    call_command("backup", "--to", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("phb-*.tar")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    pack_name = f"private/review-packs/{service_data.file_name}"
    assert {"database.dump", MANIFEST, pack_name} <= set(names)
    assert manifest["files"][pack_name]["sha256"] == service_data.content_hash
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    restored_root = tmp_path / "restored"
    call_command(
        "restore",
        str(archive),
        "--database-url",
        fresh_database,
        "--private-root",
        str(restored_root),
    )
    assert "Restored and verified against the manifest" in capsys.readouterr().out

    source = Database.of(connection.settings_dict)
    target = Database.from_url(fresh_database)
    assert counts(target) == counts(source)
    assert counts(source)[ReviewPack._meta.db_table] == 1
    assert trail(target) == trail(source)
    assert len(trail(target)) >= 3
    restored_pack = restored_root / "review-packs" / service_data.file_name
    assert hashlib.sha256(restored_pack.read_bytes()).hexdigest() == service_data.content_hash


def test_a_database_that_is_not_empty_is_refused(service_data, private, tmp_path, postgres):
    call_command("backup", "--to", str(tmp_path))
    (archive,) = tmp_path.glob("phb-*.tar")
    with pytest.raises(BackupError, match="is not empty"):
        restore(archive, private_root=tmp_path / "restored")


def test_a_damaged_archive_is_refused_before_anything_is_touched(
    service_data, private, fresh_database, tmp_path
):
    call_command("backup", "--to", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("phb-*.tar")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.endswith(".pdf"):
                data = data[:-1] + b"\0"
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="missing or damaged"):
        restore(damaged, database_url=fresh_database, private_root=tmp_path / "restored")
    assert counts(Database.from_url(fresh_database)) == {}


@pytest.mark.django_db(transaction=False)
def test_sqlite_is_refused_with_a_clear_message(tmp_path):
    with pytest.raises(BackupError, match="need PostgreSQL"):
        restore(tmp_path / "none.tar", database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
