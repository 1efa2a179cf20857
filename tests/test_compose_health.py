"""docker-compose.yml's health checks pass against the services started as the image starts
them, with the settings of ``.env.example``.

There is no Docker engine here: each service's command runs as a local process with the
environment its container would have (``.env.example``, then the service's own
``environment``, with the database and Redis of this test run), and the health check's own
command, read from docker-compose.yml, runs against it. Only the port is changed (a free
local one instead of the container's 8000).
"""

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

from tests.conftest import require

PROJECT = Path(__file__).resolve().parent.parent
CONTAINER_PORT = 8000


def compose_service(name: str) -> dict:
    return yaml.safe_load((PROJECT / "docker-compose.yml").read_text())["services"][name]


def env_file(path: Path) -> dict[str, str]:
    """An env_file as docker-compose reads it: KEY=VALUE lines, # comments, blanks."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value
    return values


def health_command(service: dict) -> list[str]:
    """The health check's command as the container runs it ($$ is compose's escaped $)."""
    kind, *args = service["healthcheck"]["test"]
    args = [arg.replace("$$", "$") for arg in args]
    if kind == "CMD":
        return args
    assert kind == "CMD-SHELL", kind
    return ["/bin/sh", "-c", *args]


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)s", duration)
    assert match, f"a duration in seconds, not {duration!r}"
    return float(match.group(1))


def image_command() -> list[str]:
    """The Dockerfile's CMD (the web service's command)."""
    match = re.search(r"^CMD (\[.*\])$", (PROJECT / "Dockerfile").read_text(), re.MULTILINE)
    assert match, "the Dockerfile has a CMD in exec form"
    return json.loads(match.group(1))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_environment(service: dict, request) -> dict[str, str]:
    """The container's environment, pointed at this run's database and Redis."""
    from django.conf import settings

    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "LANG": "C.UTF-8",
        **env_file(PROJECT / ".env.example"),
        **service.get("environment", {}),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the image's /data/private
        # The image collects static files when it is built; nothing is collected here.
        "DJANGO_STATIC_MANIFEST": "false",
    }
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from tests.conftest import _test_database_url

        request.getfixturevalue("django_db_setup")
        env["DATABASE_URL"] = _test_database_url()
    else:
        env["DATABASE_URL"] = f"sqlite:///{request.getfixturevalue('tmp_path') / 'db.sqlite3'}"
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    else:
        env.pop("REDIS_URL")
    return env


def run_health_check(service: dict, env: dict[str, str], command: list[str]) -> None:
    """Run the check as Docker does: healthy when one of its ``retries`` tries succeeds,
    each within its ``timeout``."""
    check = service["healthcheck"]
    outcomes = []
    for _ in range(check["retries"]):
        try:
            result = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                timeout=seconds(check["timeout"]),
                check=False,
            )
        except subprocess.TimeoutExpired:
            outcomes.append(f"no answer within {check['timeout']}")
        else:
            if result.returncode == 0:
                return
            outcomes.append(f"exit {result.returncode}: {result.stdout}{result.stderr}".strip())
        time.sleep(0.5)
    pytest.fail(f"health check {shlex.join(command)} failed: {outcomes}")


def stop(process: subprocess.Popen) -> None:
    """Stop the service and its children (it runs in a process group of its own)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the service stopped (exit {process.returncode}):\n{log.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing listens on port {port} after {timeout} s:\n{log.read_text()}")


def test_the_web_health_check_passes_with_the_example_settings(request, tmp_path):
    web = compose_service("web")
    command = health_command(web)
    require(bool(shutil.which(command[0])), f"{command[0]} is not installed")
    # The check asks the container's own port, the one gunicorn binds and compose publishes.
    url = next(arg for arg in command if arg.startswith("http"))
    assert f":{CONTAINER_PORT}/" in url
    gunicorn = image_command()
    assert gunicorn[gunicorn.index("--bind") + 1] == f"0.0.0.0:{CONTAINER_PORT}"
    assert any(mapping.endswith(f":{CONTAINER_PORT}") for mapping in web["ports"])

    port = free_port()
    gunicorn[gunicorn.index("--bind") + 1] = f"127.0.0.1:{port}"
    gunicorn[gunicorn.index("--workers") + 1] = "1"
    command = [arg.replace(f":{CONTAINER_PORT}/", f":{port}/") for arg in command]
    env = service_environment(web, request)
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            gunicorn,
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, server, log)
        run_health_check(web, env, command)
    finally:
        stop(server)


@pytest.mark.worker
def test_the_worker_health_check_passes_with_the_example_settings(request, tmp_path, settings):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no broker for a worker")
    worker = compose_service("worker")
    env = {
        **service_environment(worker, request),
        # As in a container, HOSTNAME is the host name the worker is named after; a queue
        # of its own keeps it from taking other tests' tasks.
        "HOSTNAME": socket.gethostname(),
        "CELERY_QUEUE": f"compose-health-{uuid.uuid4().hex[:8]}",
    }
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            worker["command"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        run_health_check(worker, env, health_command(worker))
    finally:
        stop(process)
