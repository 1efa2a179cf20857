"""Shared fixtures: the usual people, API clients, and the rule that the
worker and browser suites are required in CI (a skip there is a failure)."""

import os
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from people.models import Role, Team, User
from tests.builders import complete_draft
from tests.factories import OrganisationFactory, ParticipantFactory, TeamFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip a test whose real service is missing here, but fail it in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"Required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file, as the embedded run keeps its data.

    Django would test in memory, and pytest-django then hands one connection to every
    request thread of the browser tests' live server: requests that overlap (htmx asks
    while a form is sent) mix their transactions, and work queued on a request's commit,
    such as making a review pack, can be lost for the rest of the run. With a file each
    thread opens its own connection and waits its turn to write, as in the embedded run.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _emptied_by_delete():
    """After a transactional test, PostgreSQL's tables are emptied by DELETE, not TRUNCATE.

    Django empties every table with one TRUNCATE, which makes new files for each of the
    database's tables and indexes: seconds each time, for tables that hold a few rows.
    DELETE leaves the same empty tables (sequences go on in both) in a fraction of that
    time. Foreign keys are checked at commit (Django makes them deferrable), when every
    table is empty. Anything else (resetting sequences, cascading) is left to Django.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        keyword = style.SQL_KEYWORD("DELETE FROM")
        return [f"{keyword} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@dataclass
class People:
    """Two teams of one organisation, a third team elsewhere, and a user of
    every role."""

    team: Team
    other_team: Team
    foreign_team: Team
    coordinator: User
    facilitator: User
    other_coordinator: User
    commissioner: User
    foreign_commissioner: User
    peer_reviewer: User
    administrator: User


@pytest.fixture
def people(db) -> People:
    organisation = OrganisationFactory(name="Northshire ICB")
    elsewhere = OrganisationFactory(name="Southmoor ICB")
    team = TeamFactory(organisation=organisation, name="Riverside CMHT")
    other_team = TeamFactory(organisation=organisation, name="Hillside CMHT")
    foreign_team = TeamFactory(organisation=elsewhere, name="Seaview CMHT")
    return People(
        team=team,
        other_team=other_team,
        foreign_team=foreign_team,
        coordinator=UserFactory(username="cara", role=Role.COORDINATOR, team=team),
        facilitator=UserFactory(username="femi", role=Role.FACILITATOR, team=team),
        other_coordinator=UserFactory(username="huw", role=Role.COORDINATOR, team=other_team),
        commissioner=UserFactory(
            username="connor", role=Role.COMMISSIONER, organisation=organisation
        ),
        foreign_commissioner=UserFactory(
            username="sian", role=Role.COMMISSIONER, organisation=elsewhere
        ),
        peer_reviewer=UserFactory(
            username="priya", role=Role.PEER_REVIEWER, organisation=organisation
        ),
        administrator=UserFactory(username="ada", role=Role.ADMINISTRATOR),
    )


@pytest.fixture
def pilot_tariffs(db) -> dict:
    """Table 2: CMHT £202.04, crisis £180.71, inpatient bed day £481.18, from 1 April 2010."""
    from tests.factories import pilot_tariffs

    return pilot_tariffs()


@pytest.fixture
def person(people, pilot_tariffs):
    """A person on the team's caseload (test modules may define their own)."""
    return ParticipantFactory(team=people.team, care_coordinator=people.coordinator)


@pytest.fixture
def draft(people, person):
    """A draft of the person's care plan with all its contents and no lines yet."""
    version, _ = complete_draft(people, person)
    return version


@pytest.fixture
def coordinator(api, people) -> APIClient:
    """The API, signed in as the team's coordinator."""
    api.force_authenticate(people.coordinator)
    return api


@pytest.fixture
def commissioner(api, people) -> APIClient:
    """The API, signed in as the organisation's commissioner."""
    api.force_authenticate(people.commissioner)
    return api


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _care_clusters(request):
    """The care clusters, which a migration loads: a transactional test flushes them, so a
    test that uses the database finds them put back."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if not (marker or {"db", "transactional_db"} & names):
        return
    transactional = "transactional_db" in names or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from costing.clusters import CARE_CLUSTERS
    from costing.models import Cluster

    if Cluster.objects.count() != len(CARE_CLUSTERS):
        for number, name, description, weeks in CARE_CLUSTERS:
            Cluster.objects.get_or_create(
                number=number,
                defaults={"name": name, "description": description, "review_period_weeks": weeks},
            )


@pytest.fixture(scope="session", autouse=True)
def private_files(tmp_path_factory):
    """Private files (review packs) made by the tests go to a temporary folder, never to
    the project's own ``private/``; worker processes are given the same folder (see
    ``worker_environment``). A test may still point REVIEW_PACK_ROOT elsewhere."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("private")
    with override_settings(MEDIA_ROOT=root, REVIEW_PACK_ROOT=root / "review-packs"):
        yield root


@pytest.fixture(scope="session")
def _cache_of_its_own():
    """With Redis, the cache keys of this test process start with a prefix of its own, and
    emptying the cache deletes only those: the processes of a parallel run (``make test``)
    share one Redis database, where emptying it all would also take the Celery broker's
    queued tasks and another process's throttle counters. Yields the way to empty it."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache
    from django.test import override_settings
    from django.utils.module_loading import import_string

    default = settings.CACHES["default"]
    if not issubclass(import_string(default["BACKEND"]), RedisCache):
        yield cache.clear  # a cache in this process's memory
        return
    import redis

    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"{default.get('KEY_PREFIX') or 'phb'}-test-{process}"
    client = redis.Redis.from_url(default["LOCATION"])

    def clear() -> None:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)

    with override_settings(
        CACHES={**settings.CACHES, "default": {**default, "KEY_PREFIX": prefix}}
    ):
        yield clear
    clear()
    client.close()


@pytest.fixture(autouse=True)
def _fresh_cache(_cache_of_its_own):
    """Throttle counters and lock-outs live in the cache: start each test clean."""
    _cache_of_its_own()


def _test_database_url() -> str:
    """The URL of the test database that pytest-django created, for a worker."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


def worker_environment(queue: str, database_url: str, **env_overrides: str) -> dict[str, str]:
    """The environment of a worker process: this run's, with its test database, its queue
    and the private folder this process uses, then ``env_overrides``."""
    from django.conf import settings

    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REVIEW_PACK_ROOT": str(settings.REVIEW_PACK_ROOT),
        **env_overrides,
    }


def start_worker(queue: str, log_path, **env_overrides: str):
    """A real ``celery worker`` process (its own process group) on ``queue``, talking to the
    test database. Needs REDIS_URL and a PostgreSQL DATABASE_URL."""
    import subprocess
    import sys

    from django.conf import settings

    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no broker for a worker")
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: a worker process cannot share the test database",
    )
    env = worker_environment(queue, _test_database_url(), **env_overrides)
    with open(log_path, "a") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "phb",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{queue}-{os.getpid()}-{len(env_overrides)}@%h",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_worker(worker) -> None:
    import signal
    import subprocess

    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory, private_files):
    """A real worker on a queue of its own for the whole session; tasks sent in the tests
    go to that queue."""
    import uuid

    from phb.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        worker = start_worker(queue, tmp_path_factory.mktemp("worker") / "worker.log")
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield worker
    finally:
        app.conf.task_default_queue = previous
        stop_worker(worker)
        app.connection_for_write().default_channel.queue_purge(queue)


@pytest.fixture
def worker_queue(tmp_path):
    """A queue of this test's own, and a way to start (and kill) workers on it."""
    import uuid
    from dataclasses import dataclass, field

    from phb.celery import app

    @dataclass
    class Queue:
        name: str
        log: object
        workers: list = field(default_factory=list)

        def start(self, **env: str):
            worker = start_worker(self.name, self.log, **env)
            self.workers.append(worker)
            return worker

    queue = Queue(f"test-{uuid.uuid4().hex[:8]}", tmp_path / "worker.log")
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue.name
    try:
        yield queue
    finally:
        app.conf.task_default_queue = previous
        for worker in queue.workers:
            stop_worker(worker)
        app.connection_for_write().default_channel.queue_purge(queue.name)


@pytest.fixture
def celery_queue_without_worker(settings):
    """Send tasks to a queue that no worker reads."""
    from phb.celery import app

    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no broker")
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = "nobody-listens-here"
    yield
    app.conf.task_default_queue = previous
    app.connection_for_write().default_channel.queue_purge("nobody-listens-here")
