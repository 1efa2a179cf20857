"""With Redis unreachable, the cache answers as an empty cache and pages still work:
sessions are read from the database behind it (phb/cache.py)."""

import socket

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from phb import cache as resilient
from tests.factories import PASSWORD


def closed_port() -> int:
    """A local port where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away(settings, monkeypatch):
    """The cache is a Redis that cannot be reached; sessions are cached in it."""
    monkeypatch.setattr(resilient, "_outages", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "phb.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return caches["default"]


def test_the_cache_answers_as_an_empty_one(redis_away):
    redis_away.set("key", "value")
    assert redis_away.get("key", "missing") == "missing"
    assert redis_away.add("key", "value") is False
    assert redis_away.get_many(["key"]) == {}
    assert not redis_away.has_key("key")
    redis_away.delete("key")
    with pytest.raises(ValueError, match="not found"):
        redis_away.incr("key")


def test_without_the_degrading_backend_the_request_would_fail(settings, redis_away):
    """The plain RedisCache raises: the test above can fail."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
        }
    }
    with pytest.raises(RedisConnectionError):
        caches["default"].get("key")


def test_a_signed_in_user_signs_in_uses_pages_and_signs_out(redis_away, people):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "cara", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert f"Hello, {people.coordinator.first_name}" in response.text
    # The session is in the database, the only place it could be kept.
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(people.coordinator.pk)

    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f"Hello, {people.coordinator.first_name}" in response.text

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert client.get(reverse("home")).status_code == 302  # to sign in


def test_a_session_saved_before_redis_went_away_is_read_from_the_database(
    redis_away, people, client
):
    client.force_login(people.coordinator)  # saved while Redis is away: in the database only
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert people.coordinator.first_name in response.text


def test_a_write_lost_while_redis_was_away_is_deleted_once_it_answers(settings, monkeypatch):
    """A session signed out while Redis was away is not found there in its old state."""
    from tests.conftest import require

    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no Redis to come back")
    monkeypatch.setattr(resilient, "_outages", {})
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0)
    cache = caches["default"]
    assert isinstance(cache, resilient.ResilientRedisCache)
    cache.set("session", "signed in")

    def unreachable(*args, **kwargs):
        raise resilient.RedisConnectionError("Redis is away")

    with monkeypatch.context() as away:
        away.setattr(type(cache._cache), "delete", unreachable)
        assert cache.delete("session") is False  # signing out, while Redis is away
    assert cache.get("session") is None  # the entry lost its old state once Redis answers
