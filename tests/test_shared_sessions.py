"""Any web process answers any request: two gunicorn processes on the same database and
Redis share their sessions (the cache in Redis, the database behind it)."""

import os
import re
import subprocess
import sys

import pytest
import requests
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import _test_database_url, require
from tests.factories import PASSWORD
from tests.test_compose_health import PROJECT, free_port, stop, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_web_processes(settings, tmp_path, people):
    """The base URLs of two gunicorn processes on this run's test database and Redis."""
    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no shared cache")
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: another process cannot share the test database",
    )
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        # The key prefix this test process uses, emptied after each test.
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
    }
    env.pop("DJANGO_BEHIND_TLS_PROXY", None)
    servers = []
    try:
        for name in ("first", "second"):
            port = free_port()
            log = tmp_path / f"{name}.log"
            command = [sys.executable, "-m", "gunicorn", "phb.wsgi", "--workers", "1"]
            command += ["--bind", f"127.0.0.1:{port}"]
            with open(log, "w") as out:
                server = subprocess.Popen(
                    command,
                    cwd=PROJECT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            servers.append(server)
            wait_for_port(port, server, log)
            servers[-1].base = f"http://127.0.0.1:{port}"
        yield [server.base for server in servers]
    finally:
        for server in servers:
            stop(server)


def cookies_of(response: requests.Response, cookies: dict[str, str]) -> dict[str, str]:
    """``cookies`` with those the response set (kept by hand: they are Secure, and these
    processes answer over plain HTTP)."""
    return {**cookies, **{cookie.name: cookie.value for cookie in response.cookies}}


def sign_in(base: str, username: str) -> dict[str, str]:
    page = requests.get(base + reverse("login"), timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies = cookies_of(page, {})
    response = requests.post(
        base + reverse("login"),
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text
    return cookies_of(response, cookies)


def home(base: str, cookies: dict[str, str]) -> requests.Response:
    return requests.get(base + reverse("home"), cookies=cookies, allow_redirects=False, timeout=10)


def test_a_session_begun_on_one_process_is_used_and_ended_on_another(two_web_processes, people):
    first, second = two_web_processes
    cookies = sign_in(first, "cara")
    greeting = f"Hello, {people.coordinator.first_name}"

    # The session is in Redis, under this run's key prefix, as well as in the database.
    cached = cache.get(KEY_PREFIX + cookies["sessionid"])
    assert cached["_auth_user_id"] == str(people.coordinator.pk)

    on_second = home(second, cookies)
    assert on_second.status_code == 200
    assert greeting in on_second.text
    cookies = cookies_of(on_second, cookies)
    assert home(first, cookies).status_code == 200

    # Signing out on the second process ends the session on the first.
    page = home(second, cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    signed_out = requests.post(
        second + reverse("logout"),
        data={"csrfmiddlewaretoken": token},
        cookies=cookies,
        allow_redirects=False,
        timeout=10,
    )
    assert signed_out.status_code == 302
    assert cache.get(KEY_PREFIX + cookies["sessionid"]) is None
    on_first = home(first, cookies)  # the old session cookie, as a stolen copy would be
    assert on_first.status_code == 302
    assert reverse("login") in on_first.headers["Location"]
