"""Redis as an optimisation, never a single point of failure.

``ResilientRedisCache`` is Django's Redis cache in which an unreachable server reads as a miss and a
write as a no-op, so pages render uncached and ``cached_db`` sessions fall back to the database.
Only counters are different: ``incr`` raises ``CacheUnavailable``, so that a limit kept in the
cache fails closed instead of counting nothing.

After a failure a breaker stays open for ``RETRY_AFTER`` seconds: requests in that window do not
try Redis at all, so a black-holed server costs one short timeout every few seconds, not one per
request. The outage is logged at most once a minute, and once more when Redis answers again.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds without trying Redis after it failed
LOG_EVERY = 60.0  # seconds between two "Redis is down" lines


class CacheUnavailable(Exception):
    """The cache could not count: whatever limit the counter guards must refuse."""


class Breaker:
    """Shared by every thread's cache object for one server (Django builds one per thread)."""

    def __init__(self, location: str):
        self.location = location
        self.open_until = 0.0
        self.down_since_log = None  # monotonic time of the last "down" line, None while up
        self.failures = 0
        self.lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.open_until = now + RETRY_AFTER
            self.failures += 1
            if self.down_since_log is not None and now - self.down_since_log < LOG_EVERY:
                return
            self.down_since_log, failures, self.failures = now, self.failures, 0
        logger.error(
            "Redis cache %s unreachable (%s): serving uncached, %d failed calls since the last "
            "report, retrying every %.0f s",
            self.location,
            error,
            failures,
            RETRY_AFTER,
        )

    def succeeded(self) -> None:
        if self.down_since_log is None:
            return
        with self.lock:
            self.down_since_log, self.failures = None, 0
        logger.warning("Redis cache %s answers again", self.location)


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(location))


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis, with its table of some 170 response callbacks,
    for every call (about a third of a page-cache hit); one per connection pool does the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache; an unreachable Redis is a miss (reads) or a no-op (writes)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.breaker = breaker_for(",".join(self._servers))

    def _guarded(self, fallback, method, *args, **kwargs):
        if self.breaker.is_open():
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            self.breaker.failed(error)
            return fallback
        self.breaker.succeeded()
        return result

    def is_available(self) -> bool:
        """A real round trip (PING), unless Redis failed a moment ago."""
        return self._guarded(False, lambda: self._cache.get_client().ping())

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)

    def incr(self, key, delta=1, version=None):
        unavailable = object()
        result = self._guarded(unavailable, super().incr, key, delta, version)
        if result is unavailable:
            raise CacheUnavailable(f"cache {self.breaker.location} is unreachable")
        return result


def cache_is_available(alias: str = "default") -> bool:
    """Whether limits kept in this cache can be consulted now (local memory always can)."""
    cache = caches[alias]
    return cache.is_available() if isinstance(cache, ResilientRedisCache) else True
