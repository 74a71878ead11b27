"""Reading settings from the environment, with errors a person can act on.

A setting that is missing or malformed stops start-up with one line naming the variable
(SystemExit), not a traceback from deep inside Django.
"""

import os

TRUE_WORDS = {"1", "true", "yes", "on"}
# Redis connect and read timeouts (seconds): a black-holed server must not stall a request for long.
REDIS_SOCKET_TIMEOUT = 0.25


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_WORDS


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise SystemExit(f"Configuration error: set the {name} environment variable.")
    return value


def database_from_url(url: str, *, conn_max_age: int, pool_max_size: int = 0) -> dict:
    """Parse DATABASE_URL into Django's form, tuned per engine.

    SQLite gets WAL, a busy timeout and IMMEDIATE transactions so that concurrent writers
    wait for each other instead of failing with "database is locked".
    PostgreSQL gets a connection pool of at most ``pool_max_size`` connections per process
    (0: no pool, one persistent connection per thread for ``conn_max_age`` seconds), so that
    a threaded server never holds more connections than its budget.
    """
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise SystemExit(f"Configuration error: DATABASE_URL is not a usable URL ({exc}).") from exc
    if not config.get("ENGINE"):
        raise SystemExit("Configuration error: DATABASE_URL names no database engine.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    if config["ENGINE"] == "django.db.backends.postgresql" and pool_max_size > 0:
        config["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool_max_size,
            # Seconds a request waits for a free connection before failing.
            "timeout": env_float("DB_POOL_TIMEOUT", 10.0),
        }
    return config


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError as exc:
        raise SystemExit(f"Configuration error: {name} must be a number.") from exc


def cache_settings(redis_url: str) -> tuple[dict, str]:
    """CACHES and SESSION_ENGINE: Redis when a URL is given, local memory otherwise.

    Sessions are cached_db with Redis, so a Redis restart signs nobody out; the Redis backend
    (config.cache) treats an unreachable server as a miss, so the site then runs uncached.
    """
    if not redis_url:
        caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        return caches, "django.contrib.sessions.backends.db"
    caches = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "community"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
    return caches, "django.contrib.sessions.backends.cached_db"
