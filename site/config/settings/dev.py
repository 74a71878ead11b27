"""Development: debug on, a throwaway key; logs and e-mails to files under var/, so that the
terminal shows what a person needs (the URL, the accounts, runserver's requests and warnings)."""

import os

from .base import *  # noqa: F403 -- settings modules extend the base by design
from .base import ALLOWED_HOSTS, VAR_DIR

DEBUG = True
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
)
VAR_DIR.mkdir(parents=True, exist_ok=True)
# The demo's second community and district overview: browsers send *.localhost to this machine.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, ".localhost"]

# Every e-mail the site sends becomes a file in var/mail/ (one per message).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"

# INFO and below (background tasks, django-axes, requests) go to var/demo.log; the terminal
# shows warnings and errors only, plus runserver's own request lines.
DEV_LOG_FILE = VAR_DIR / "demo.log"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "file": {"class": "logging.FileHandler", "filename": DEV_LOG_FILE, "encoding": "utf-8"},
        "console": {"class": "logging.StreamHandler", "level": "WARNING"},
    },
    "root": {"handlers": ["file", "console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Security keys and passkeys (WebAuthn) need HTTPS, except over plain HTTP in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
