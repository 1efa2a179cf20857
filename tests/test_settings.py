"""Configuration is read strictly: a bad value stops start-up with a message."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from phb.environment import env_bool, env_int, env_list, env_url

PROJECT = Path(__file__).resolve().parent.parent


def start_django(**overrides: str) -> subprocess.CompletedProcess:
    """Start Django in a fresh process with the given environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="phb.settings", **overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_bad_debug_value_stops_start_up_with_a_clear_message():
    result = start_django(DJANGO_DEBUG="yes please", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_DEBUG='yes please' is not a boolean" in result.stderr


def test_production_without_a_secret_key_stops_start_up():
    result = start_django(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false" in result.stderr


def test_a_short_secret_key_is_refused_in_production():
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be at least 50 characters long" in result.stderr


def test_a_key_one_short_of_what_check_deploy_expects_is_refused():
    # check --deploy (security.W009) asks for 50 characters; start-up asks the same.
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k3y-" * 12 + "x")
    assert len("k3y-" * 12 + "x") == 49
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_every_key_the_project_sets_is_long_enough():
    """The keys the test run, the image build and the example environment set."""
    places = {
        "Makefile": r"DJANGO_SECRET_KEY=(\S+)",
        "Dockerfile": r"DJANGO_SECRET_KEY=(\S+)",
        ".env.example": r"^DJANGO_SECRET_KEY=(\S+)",
    }
    for name, pattern in places.items():
        keys = re.findall(pattern, (PROJECT / name).read_text(), flags=re.MULTILINE)
        assert keys, name
        for key in keys:
            assert len(key) >= 50, f"{name}: {key!r} is {len(key)} characters"


def test_a_database_url_of_an_unknown_kind_stops_start_up():
    result = start_django(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="mysql://db/phb"
    )
    assert result.returncode != 0
    assert "DATABASE_URL must start with one of postgres, postgresql, sqlite://" in result.stderr


def test_production_settings_start_with_a_secret():
    result = start_django(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("Yes", True), ("1", True), ("off", False), ("FALSE", False), ("", None)],
)
def test_booleans_are_read_in_their_usual_spellings(raw, expected):
    default = None
    assert env_bool("X", default, {"X": raw}) is expected


@pytest.mark.parametrize("raw", ["yes please", "2", "enabled"])
def test_anything_else_is_not_a_boolean(raw):
    with pytest.raises(ImproperlyConfigured, match="X="):
        env_bool("X", False, {"X": raw})


def test_whole_numbers_are_checked():
    assert env_int("N", 5, environ={"N": " 12 "}) == 12
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 5, environ={"N": "twelve"})
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("N", 5, minimum=1, environ={"N": "0"})


def test_lists_are_split_on_commas():
    assert env_list("H", ["a"], {"H": "example.org, phb.example.org ,"}) == [
        "example.org",
        "phb.example.org",
    ]
    assert env_list("H", ["a"], {}) == ["a"]


def test_urls_need_a_known_scheme_a_host_and_a_numeric_port():
    redis = frozenset({"redis"})
    assert env_url("R", schemes=redis, environ={"R": "redis://127.0.0.1:6379/0"})
    assert env_url("R", schemes=redis, environ={}) == ""
    with pytest.raises(ImproperlyConfigured, match="must start with one of redis://"):
        env_url("R", schemes=redis, environ={"R": "127.0.0.1:6379"})
    with pytest.raises(ImproperlyConfigured, match="names no host"):
        env_url("R", schemes=redis, environ={"R": "redis:///0"})
    with pytest.raises(ImproperlyConfigured, match="not a valid URL"):
        env_url("R", schemes=redis, environ={"R": "redis://localhost:port/0"})


def django_setting(name: str, **overrides: str) -> str:
    """The repr of a setting as Django starts with the given environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="phb.settings", **overrides)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; "
            f"print(repr(settings.{name}))",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_browsable_api_is_only_in_debug():
    production = django_setting(
        "REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert production == "['rest_framework.renderers.JSONRenderer']"
    debug = django_setting("REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']", DJANGO_DEBUG="true")
    assert "rest_framework.renderers.BrowsableAPIRenderer" in debug


def test_api_token_days_is_read_strictly():
    result = start_django(DJANGO_DEBUG="true", API_TOKEN_DAYS="thirty")
    assert result.returncode != 0
    assert "API_TOKEN_DAYS='thirty' is not a whole number" in result.stderr
    result = start_django(DJANGO_DEBUG="true", API_TOKEN_DAYS="0")
    assert result.returncode != 0
    assert "API_TOKEN_DAYS='0' must be at least 1" in result.stderr
    assert django_setting("API_TOKEN_DAYS", DJANGO_DEBUG="true", API_TOKEN_DAYS="7") == "7"
    assert django_setting("API_TOKEN_DAYS", DJANGO_DEBUG="true") == "30"


def test_with_a_broker_a_pack_is_not_sent_again_while_a_worker_may_still_render_it():
    result = start_django(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        REDIS_URL="redis://127.0.0.1:6379/15",
        CELERY_TASK_TIME_LIMIT="300",
        REVIEW_PACK_STALLED_AFTER="300",
    )
    assert result.returncode != 0
    assert "REVIEW_PACK_STALLED_AFTER must be longer than CELERY_TASK_TIME_LIMIT" in result.stderr
