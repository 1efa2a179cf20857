"""PostgreSQL restarts under a running gunicorn and a stream of requests: while it is
away, pages answer 503 with the service's page (JSON for the API) and nothing is half
saved; once it is back, the same processes answer again.

The database server stopped is one of this test's own (a cluster in a temporary folder,
given a copy of the test database), never the test run's shared one.
"""

import os
import shutil
import subprocess
import tempfile
import threading
from glob import glob
from pathlib import Path

import psycopg2
import pytest
import requests
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from careplans.models import CarePlan, CarePlanVersion
from tests.conftest import _test_database_url, require
from tests.factories import ParticipantFactory
from tests.fault_processes import Browser, free_port, start_gunicorn, stop, wait_until


def postgres_program(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found[-1]:
        pytest.fail(f"{name} (PostgreSQL's server programs) is not installed")
    return found[-1]


class OwnPostgres:
    """A PostgreSQL cluster of the test's own, run as the ``postgres`` user when the test
    runs as root (the server refuses to run as root)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="phb-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/phb"
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, program: str, *args: str) -> None:
        command = [postgres_program(program), *args]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o", options,
            action, *args,
        )  # fmt: skip

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")
        self.pg_ctl("start")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "phb")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def count(self, table: str) -> int:
        with psycopg2.connect(self.url) as connection, connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - a model's table
            return cursor.fetchone()[0]


def copy_database(source_url: str, target_url: str) -> None:
    """The test database (migrated, with this test's people) into the test's own server."""
    dump = subprocess.run(
        [postgres_program("pg_dump"), "--no-owner", "--no-privileges", "-d", source_url],
        capture_output=True,
        check=True,
        timeout=120,
    )
    subprocess.run(
        [postgres_program("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", target_url],
        input=dump.stdout,
        capture_output=True,
        check=True,
        timeout=120,
    )


@pytest.fixture
def own_postgres():
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: no database to copy into a server of the test's own",
    )
    server = OwnPostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


class Load(threading.Thread):
    """Asks for a page again and again, keeping each answer's status (or its failure)."""

    def __init__(self, browser: Browser, path: str) -> None:
        super().__init__(daemon=True)
        self.browser, self.path = browser, path
        self.answers: list[int | str] = []
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.is_set():
            try:
                self.answers.append(self.browser.get(self.path).status_code)
            except requests.RequestException as error:
                self.answers.append(type(error).__name__)


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_under_load_fails_cleanly_then_recovers(people, own_postgres, tmp_path):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    copy_database(_test_database_url(), own_postgres.url)
    env = {**os.environ, "DATABASE_URL": own_postgres.url}
    env.pop("REDIS_URL", None)
    web, base = start_gunicorn(env, tmp_path / "gunicorn.log")
    try:
        browser = Browser(base)
        browser.sign_in(people.coordinator.username)
        person_page = reverse("participants:detail", args=[person.pk])
        assert browser.get(person_page).status_code == 200
        load_browser = Browser(base)
        load_browser.cookies.update(browser.cookies)
        load = Load(load_browser, person_page)
        load.start()

        token = browser.csrf_token(person_page)
        own_postgres.pg_ctl("stop", "-m", "fast")

        page = browser.get(person_page)
        assert page.status_code == 503
        assert "Sorry, the service is unavailable" in page.text
        assert page.headers["Retry-After"] == "60"
        api = browser.get("/api/v1/me/")
        assert api.status_code == 503
        assert api.json() == {"detail": "The service is unavailable. Try again in a minute."}
        start = reverse("careplans:start", args=[person.pk])
        refused = browser.post(start, data={"csrfmiddlewaretoken": token})
        assert refused.status_code == 503

        own_postgres.pg_ctl("start")
        wait_until(
            lambda: browser.get(person_page).status_code == 200,
            timeout=30,
            what="the page answers once the database is back",
        )
        own_postgres.pg_ctl("restart", "-m", "fast")  # once more, with the load still on
        wait_until(
            lambda: browser.get(person_page).status_code == 200,
            timeout=30,
            what="the page answers once the database is back",
        )
        load.finished.set()
        load.join(timeout=60)

        assert set(load.answers) <= {200, 503}, load.answers
        assert 503 in load.answers
        assert load.answers[-1] == 200
        # The plan asked for while the database was away was not started, not even in part.
        assert own_postgres.count(CarePlan._meta.db_table) == 0
        assert own_postgres.count(CarePlanVersion._meta.db_table) == 0
        started = browser.post(start, data={"csrfmiddlewaretoken": token})
        assert started.status_code == 302, started.text[:2000]
        assert own_postgres.count(CarePlan._meta.db_table) == 1
        assert own_postgres.count(CarePlanVersion._meta.db_table) == 1
    finally:
        stop(web)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_database_out_of_reach_is_503_not_500(rf, error):
    from common.errors import server_error

    try:
        raise error("connection to server at 127.0.0.1 failed")
    except error:
        page = server_error(rf.get("/teams/"))
        api = server_error(rf.get("/api/v1/me/"))
    assert page.status_code == 503
    assert "Try again in a minute" in page.content.decode()
    assert api.status_code == 503
    assert api["Retry-After"] == "60"
    assert server_error(rf.get("/teams/")).status_code == 500  # any other error
