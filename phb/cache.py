"""The shared cache in Redis, which pages outlive.

Django's ``RedisCache`` raises when Redis cannot be reached, and a cached-database session
then breaks the request (it writes the session it read from the database back to the
cache, and deletes it there on signing out, without catching anything). Here a call that
cannot reach Redis is logged and answered as if the cache were empty: a read misses, a
write or delete does nothing. Sessions are read from the database behind the cache, and
throttle counters start again, until Redis answers.

After one failure, Redis is left alone for ``RETRY_AFTER`` seconds, so that each page does
not wait for a connection that will not come. A write or delete that was lost is done
again as a delete once Redis answers: a session signed out (or changed) while Redis was
away is not found there again in its old state.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 2.0
# Keys whose write was lost, to delete once Redis answers; beyond this many, the oldest
# are forgotten (their entries expire with their own timeouts).
MOST_MISSED_KEYS = 10_000
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Outage:
    """Per process and Redis address: when Redis may be tried again, and the keys whose
    writes were lost meanwhile."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.missed: dict[str, None] = {}  # ordered: the oldest first

    def down(self) -> bool:
        return time.monotonic() < self.retry_at

    def failed(self, location: str, error: Exception) -> None:
        with self.lock:
            first = not self.down()
            self.retry_at = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning("The cache at %s cannot be reached: %s", location, error)

    def miss(self, keys: Iterable[str]) -> None:
        with self.lock:
            for key in keys:
                self.missed[key] = None
            while len(self.missed) > MOST_MISSED_KEYS:
                del self.missed[next(iter(self.missed))]

    def take_missed(self) -> list[str]:
        with self.lock:
            keys, self.missed = list(self.missed), {}
        return keys


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that answers as an empty cache while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._outage = _outage_of(self._location)

    def _call(self, method: Callable[..., Any], default: Any, written: Iterable[str] = ()) -> Any:
        """``method()`` on Redis; ``default`` if Redis cannot be reached, remembering the
        (versioned) keys ``written`` so they are deleted there later."""
        written = list(written)
        if not self._outage.down():
            try:
                self._forget_missed()
                return method()
            except UNREACHABLE as error:
                self._outage.failed(self._location, error)
        self._outage.miss(written)
        return default

    def _forget_missed(self) -> None:
        missed = self._outage.take_missed()
        if missed:
            try:
                self._cache.delete_many(missed)
            except UNREACHABLE:
                self._outage.miss(missed)
                raise
            logger.info(
                "The cache answers again: %d entries written meanwhile dropped", len(missed)
            )

    def _keys(self, keys: Iterable[str], version: int | None) -> list[str]:
        return [self.make_and_validate_key(key, version=version) for key in keys]

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().add
        written = self._keys([key], version)
        return self._call(lambda: call(key, value, timeout, version), False, written)

    def get(self, key, default=None, version=None):
        call = super().get
        return self._call(lambda: call(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().set
        written = self._keys([key], version)
        self._call(lambda: call(key, value, timeout, version), None, written)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().touch
        return self._call(lambda: call(key, timeout, version), False)

    def delete(self, key, version=None):
        call = super().delete
        return self._call(lambda: call(key, version), False, self._keys([key], version))

    def get_many(self, keys, version=None):
        call = super().get_many
        return self._call(lambda: call(keys, version), {})

    def has_key(self, key, version=None):
        call = super().has_key
        return self._call(lambda: call(key, version), False)

    def incr(self, key, delta=1, version=None):
        call = super().incr
        written = self._keys([key], version)
        result = self._call(lambda: call(key, delta, version), None, written)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache cannot be reached)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().set_many
        written = self._keys(data, version)
        return self._call(lambda: call(data, timeout, version), [], written)

    def delete_many(self, keys, version=None):
        keys = list(keys)
        call = super().delete_many
        self._call(lambda: call(keys, version), None, self._keys(keys, version))

    def clear(self) -> bool:
        return self._call(super().clear, False)
