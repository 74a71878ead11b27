"""Production settings plus a bare Django view to measure against; plain HTTP on loopback."""

from config.settings.production import *  # noqa: F403 -- the benchmark measures production settings

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The bench measures pages, not a mail server: notifications go to memory.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Nor an SMS provider: the file backend, which production refuses unless told (E001).
SMS_ALLOW_FILE_BACKEND = True
