"""The README's commands work as written in a development checkout, and it names what a
machine needs."""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import require

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text()
DEV_REDIS = "redis://127.0.0.1:6379/0"


def section(heading: str) -> str:
    """The README's text under ``heading`` up to the next heading of any level."""
    start = README.index(f"{heading}\n")
    end = re.compile(r"^#{1,6} ", re.MULTILINE).search(README, start + len(heading) + 1)
    return README[start : end.start() if end else len(README)]


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def command_with(text: str, words: str) -> str:
    """The shell command (continuation lines joined) of a ``sh`` block that contains
    ``words``."""
    for block in shell_blocks(text):
        for command in block.replace("\\\n", " ").splitlines():
            if words in command:
                return command
    raise AssertionError(f"no README command with {words!r}")


def development_environment(database_url: str) -> dict[str, str]:
    """A shell in a development checkout: nothing of the test run's settings, only where
    the database is (a copy of the test database, not the checkout's own db.sqlite3) and
    where private files go (this run's temporary folder)."""
    from django.conf import settings

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "PORT"))
    }
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    return env


@pytest.fixture
def development_database(transactional_db, tmp_path) -> str:
    """A migrated database another process can use: PostgreSQL's test database (emptied
    after the test), or a file copy of SQLite's in-memory one."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from tests.conftest import _test_database_url

        return _test_database_url()
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "db.sqlite3")
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def test_the_prerequisites_name_weasyprints_system_libraries():
    """The packages the image installs for WeasyPrint (Pango) and the review packs' fonts."""
    dockerfile = (PROJECT / "Dockerfile").read_text().replace("\\\n", " ")
    installed = re.search(r"apt-get install -y --no-install-recommends ([^&]+)", dockerfile)
    packages = set(installed.group(1).split()) - {"curl"}
    assert "libpango-1.0-0" in packages
    intro = section("## The two commands")
    prerequisites = intro[: intro.index("make run")]
    assert "Pango" in prerequisites
    for package in packages:
        assert package in prerequisites, package


def test_the_compose_commands_are_given_for_compose_v2_and_v1():
    production = section("## Running in production")
    assert "docker compose up" in production
    assert "docker-compose up" in production


@pytest.mark.parametrize(("args", "port"), [([], "8000"), (["PORT=8001"], "8001")])
def test_make_run_serves_on_the_port_it_is_given(args, port):
    require(bool(shutil.which("make")), "make is not installed")
    assert "make run PORT=8001" in README
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "run", *args],
        cwd=PROJECT,
        env={k: v for k, v in os.environ.items() if k != "PORT"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert f"manage.py runserver 127.0.0.1:{port}\n" in result.stdout


def test_the_readme_adds_a_user_and_a_token_in_a_development_checkout(development_database):
    block = next(b for b in shell_blocks(section("### Adding people")) if "add_user" in b)
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", block],
        cwd=PROJECT,
        env=development_environment(development_database),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Added nia (Care coordinator, Eastgate CMHT)" in result.stdout
    assert re.search(r"API token 'nightly import' for nia; it expires", result.stdout)


@pytest.mark.worker
def test_the_readme_starts_a_worker_in_a_development_checkout(
    development_database, settings, tmp_path
):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no broker for a worker")
    command = command_with(section("### Running the worker"), "celery -A phb worker")
    assert DEV_REDIS in command
    env = {
        **development_environment(development_database),
        # Only the broker differs from the README's (this run's Redis), and a queue of
        # its own keeps the worker from taking other tests' tasks.
        "CELERY_QUEUE": f"readme-{uuid.uuid4().hex[:8]}",
    }
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        worker = subprocess.Popen(
            ["bash", "-c", command.replace(DEV_REDIS, settings.REDIS_URL)],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
