"""Development: debug on, a throwaway key, e-mail to the console."""

import os

from .base import *  # noqa: F403 -- settings modules extend the base by design
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production-0123456789"
)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
VAR_DIR.mkdir(parents=True, exist_ok=True)
