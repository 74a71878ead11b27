"""Settings come from the environment and fail closed; the secure defaults hold."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from config.env import cache_settings, database_from_url

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_site_is_a_source_root_not_a_package():
    assert not (ROOT / "site" / "__init__.py").exists()


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "-production-like-secret-0123456789abcdefghij",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://liubeiqiao.example",
        SMS_BACKEND="participation.notifications.sms.AliyunBackend",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_caches_pages_for_cookie_less_visitors(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.MIDDLEWARE[0], list(s.WAGTAILFRONTENDCACHE))",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'cache.sqlite3'}",
    )
    assert result.stdout.split()[-2:] == ["config.page_cache.PageCacheMiddleware", "['pages']"], (
        result.stderr
    )


def test_production_with_a_bucket_keeps_every_upload_in_it_and_static_files_hashed(tmp_path):
    shown = (
        "from django.conf import settings as s; "
        "print(*(s.STORAGES[a]['BACKEND'] for a in ('default', 'protected', 'staticfiles')), "
        "s.STORAGES['protected']['OPTIONS']['location'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    result = manage(
        "shell",
        "-c",
        shown,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        MEDIA_S3_BUCKET="community-media",
        MEDIA_S3_PUBLIC_URL="https://media.liubeiqiao.example/media",
    )
    assert result.stdout.split()[-5:] == [
        "storages.backends.s3.S3Storage",
        "storages.backends.s3.S3Storage",
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        "protected",
        "https://media.liubeiqiao.example",
    ], result.stderr


def test_production_without_secret_key_stops_with_one_clear_line():
    result = manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: set the SECRET_KEY environment variable."


def test_bad_database_url_is_a_clear_error():
    result = manage("check", DATABASE_URL="nosuchdb://somewhere/x")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Configuration error: DATABASE_URL")


@pytest.mark.django_db
def test_sqlite_waits_for_writers_instead_of_failing(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", conn_max_age=60)
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["CONN_HEALTH_CHECKS"] is True

    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper({**settings.DATABASES["default"], **config}, alias="probe")
    try:
        with wrapper.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
    finally:
        wrapper.close()
    on_disk = sqlite3.connect(tmp_path / "db.sqlite3")
    assert on_disk.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgres_url_keeps_persistent_healthy_connections():
    config = database_from_url("postgres://postgres@127.0.0.1:5432/x", conn_max_age=60)
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_postgres_pool_bounds_connections_per_process():
    config = database_from_url(
        "postgres://postgres@127.0.0.1:5432/x", conn_max_age=60, pool_max_size=4
    )
    assert config["OPTIONS"]["pool"]["max_size"] == 4
    assert config["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert config["CONN_HEALTH_CHECKS"] is True  # the pool checks a connection before lending it
    sqlite = database_from_url("sqlite:///x.sqlite3", conn_max_age=60, pool_max_size=4)
    assert "pool" not in sqlite["OPTIONS"]


def test_production_pools_postgres_by_default():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
    )
    assert "'max_size': 4" in result.stdout, result.stderr


def test_redis_url_moves_cache_and_sessions_to_redis():
    caches, session_engine = cache_settings("redis://127.0.0.1:6379/1")
    assert caches["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
    assert caches["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert session_engine == "django.contrib.sessions.backends.cached_db"
    caches, session_engine = cache_settings("")
    assert caches["default"]["BACKEND"].endswith("LocMemCache")
    assert session_engine == "django.contrib.sessions.backends.db"


def test_upload_and_privacy_defaults():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == []
    assert not {"html", "htm", "svg", "exe", "js"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS == {"password": False}


@pytest.mark.django_db
def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
