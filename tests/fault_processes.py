"""Real processes for the fault tests: a Redis and a gunicorn of the test's own, and a
signed-in HTTP session against that gunicorn.

The shared PostgreSQL and Redis of the test run are never stopped: a test that stops a
service starts its own copy of it first.
"""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.factories import PASSWORD
from tests.test_compose_health import free_port, stop, wait_for_port

PROJECT = Path(__file__).resolve().parent.parent


def start_redis(port: int, log: Path) -> subprocess.Popen:
    """A Redis of this test's own, keeping nothing on disk."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed")
    with open(log, "a") as out:
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=log.parent,
        )
    wait_for_port(port, process, log)
    return process


def start_gunicorn(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn as the image runs it (two workers), on a free local port; and its address."""
    port = free_port()
    env = {
        **env,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    with open(log, "a") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "phb.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=PROJECT,
        )
    wait_for_port(port, process, log)
    return process, f"http://127.0.0.1:{port}"


class Browser(requests.Session):
    """A person's browser over plain HTTP: the service marks its cookies Secure (it is
    served over TLS), which this session sends anyway."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.headers["Origin"] = base

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 60)  # a busy machine may take a while to boot a worker
        kwargs.setdefault("allow_redirects", False)
        response = super().request(method, self.base + url, *args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        assert page.status_code == 200, page.status_code
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, "the page has a form"
        return match.group(1)

    def sign_in(self, username: str) -> None:
        token = self.csrf_token("/sign-in/")
        answer = self.post(
            "/sign-in/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert answer.status_code == 302, answer.text[:2000]


def wait_until(check, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"{what}: not within {timeout} s")


__all__ = ["Browser", "free_port", "start_gunicorn", "start_redis", "stop", "wait_until"]
