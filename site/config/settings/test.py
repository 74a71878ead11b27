"""Tests: fast hashing, in-memory e-mail and storage, everything else as in production."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403 -- settings modules extend the base by design
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # noqa: S105 -- tests only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", ".test", ".localhost"]  # other communities
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="community-test-media-"))
SENDFILE_ROOT = str(MEDIA_ROOT)
SMS_FILE_PATH = Path(tempfile.mkdtemp(prefix="community-test-sms-"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
WAGTAILADMIN_BASE_URL = "http://testserver"

if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and "DATABASE_URL" not in os.environ
):
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory database for speed

# A participation plugin that lives only in the tests (see tests/dummy_plugin).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.dummy_plugin"]  # noqa: F405 -- from the base settings
