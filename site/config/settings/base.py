"""Settings shared by every environment; what differs per machine comes from the environment."""

import os
from datetime import time
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import cache_settings, database_from_url, env_bool, env_list
from config.media import media_origin, media_storages
from plugins import ScheduledJob
from plugins.discovery import entry_point_plugin_apps

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

FIRST_PARTY_PLUGIN_APPS = [
    "participation.comments",
    "participation.hearings",
    "participation.ballots",
    "participation.notifications",
    "participation.services",
    "participation.posts",
]

INSTALLED_APPS = [
    "participation.residents",
    "participation.core",
    "plugins",
    "home",
    "pages",
    "backups",
    *FIRST_PARTY_PLUGIN_APPS,
    *entry_point_plugin_apps(),
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    # The API (pages.api). Not "rest_framework": its catalogue would override Django's own
    # Chinese messages in every form; the API renders JSON only and needs none of its files.
    "wagtail.api.v2",
    "wagtail_modeladmin",
    "django_tasks_db",
    "wagtail.embeds",
    "wagtail.sites",
    "participation.residents.users_app.ResidentUsersConfig",  # wagtail.users, list recorded
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "phonenumber_field",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Wagtail's admin shows relative times through humanize; installed, its catalogue says them in
    # the staff's language ("7 秒以前", not "7 seconds ago").
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "config.middleware.AccelRedirectMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Right after authentication and messages, before anything answers for a page: staff
    # without a verified second factor may only enrol or verify; idle staff sessions end.
    "participation.residents.middleware.StaffSessionMiddleware",
    # An empty 405 becomes a page in the site's layout, in the request's language.
    "participation.core.refusals.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The request's site and settings from the shared cache, before Wagtail looks them up.
    "home.middleware.SiteDataMiddleware",
    "plugins.middleware.PluginSwitchMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_sections",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite under var/ by default; PostgreSQL in production, through a pool of at
# most DB_POOL_MAX_SIZE connections per process (0: persistent connections, CONN_MAX_AGE).
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", "4"))
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=CONN_MAX_AGE,
        pool_max_size=DB_POOL_MAX_SIZE,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Proxies in front of the site that append to X-Forwarded-For (nginx: 1). Every throttle and
# lock-out takes the client's address through participation.residents.security.client_ip.
TRUSTED_PROXY_COUNT = int(
    os.environ.get("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_TLS_PROXY") else "0")
)

# Cache and sessions: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES, SESSION_ENGINE = cache_settings(REDIS_URL)

# The read-only API (pages.api): JSON for programs, at most API_RATE requests per client address.
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("API_RATE", "120/minute")},
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # anonymous, whoever asks: public content only
}
# Where published changes are purged (config/page_purge.py): production names the page cache
# and, behind nginx, the proxy's cache; with none, changes are not even collected.
WAGTAILFRONTENDCACHE = {}

AUTH_USER_MODEL = "participation_residents.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # allauth's backend is Django's ModelBackend (permissions included) that also takes e-mail
    # addresses; ModelBackend itself is left out, or a login would be hashed twice.
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "participation.residents.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Residents sign in on the public site; the Wagtail admin keeps its own /admin/login/.
LOGIN_URL = "account_login"
# Private pages and documents send visitors to the same sign-in, not Wagtail's /_util/login/
# (no mobile number, no rate limits); a URL name, so it is reversed in the request's language.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "participation_residents:profile"

# Residents' accounts (django-allauth): sign in with an e-mail address or a mobile number
# (the sign-in form maps a mobile number to its account), sign up with either.
ACCOUNT_ADAPTER = "participation.residents.adapter.ResidentAccountAdapter"
ACCOUNT_FORMS = {
    "login": "participation.residents.forms.ResidentLoginForm",
    "signup": "participation.residents.forms.ResidentSignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
# Messages ("以 张大爷 成功登录") name residents by the display name they chose, never the
# generated username.
ACCOUNT_USER_DISPLAY = "participation.residents.adapter.user_display"
# Usernames are generated at sign-up, never typed; the sign-in form carries a mobile number
# through the username method (ResidentLoginForm maps it to the account).
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_SIGNUP_FIELDS = ["email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# A reset request for an unknown address answers the same page but mails nobody.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_RATE_LIMITS = {
    "signup": "20/h/ip",
    "login": "30/m/ip",
    "login_failed": "20/m/ip,10/5m/key",
    "reset_password": "5/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# Second factor (allauth.mfa): authenticator apps (TOTP) with one-time recovery codes, and
# security keys or passkeys (WebAuthn). Required of every account that may enter the admin
# (participation.residents.middleware); residents may turn it on from their account page.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "柳背桥社区"
MFA_TOTP_TOLERANCE = 1  # a phone's clock a period off still signs in
MFA_FORMS = {
    "authenticate": "participation.residents.forms.LockoutAwareAuthenticateForm",
    "reauthenticate": "participation.residents.forms.LockoutAwareReauthenticateForm",
}
# Staff sessions end after this many minutes without a request (residents' sessions do not).
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))

# Brute force (django-axes): five failures lock out that account from that address for
# 30 minutes. Per (user, address) rather than per address alone, because a whole block of
# flats may share one public address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "participation.residents.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "participation.residents.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "participation_residents/locked_out.html"

# Retention: the personal-data access log and sign-in records (axes' attempts and logs) are
# deleted by the scheduled job prune_records once older than this many days.
ACCESS_LOG_RETENTION_DAYS = int(os.environ.get("ACCESS_LOG_RETENTION_DAYS", "365"))
SIGN_IN_RECORDS_RETENTION_DAYS = int(os.environ.get("SIGN_IN_RECORDS_RETENTION_DAYS", "90"))
# Site-level jobs for manage.py run_scheduler, besides the plugins' scheduled_jobs.
SCHEDULED_JOBS = [ScheduledJob("prune_records", at=time(3, 30))]

# Interface languages: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads under MEDIA_ROOT, or in an S3-compatible bucket with MEDIA_S3_BUCKET (config/media.py):
# "default" for images and documents, "protected" for opinion attachments.
STORAGES = {
    **media_storages(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: explicit size and pixel limits; no SVG; documents served as attachments.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Protected files (opinion attachments, documents) leave only through a view that checks
# permission; the proxy serves MEDIA_ROOT's public images only. PROTECTED_MEDIA_ACCEL=1 when
# nginx is in front: the views (Wagtail's document view too) answer with X-Accel-Redirect to
# nginx's internal location SENDFILE_URL, an alias of MEDIA_ROOT (participation/core/files.py).
# In an object store (MEDIA_S3_BUCKET) they leave as short-lived signed URLs instead.
PROTECTED_MEDIA_ACCEL = env_bool("PROTECTED_MEDIA_ACCEL", False)
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = "/_protected"
if PROTECTED_MEDIA_ACCEL:
    SENDFILE_BACKEND = "django_sendfile.backends.nginx"
WAGTAILDOCS_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "csv": "text/csv",
}
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = list(WAGTAILDOCS_CONTENT_TYPES)
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"password": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"password": False}

WAGTAIL_SITE_NAME = _("柳背桥社区")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff e-mail hashes sent to a third party
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# Security headers that hold in every environment.
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "participation.residents.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *filter(None, [media_origin()])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@liubeiqiao.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks, which Wagtail uses): immediate unless configured.
# TASKS_BACKEND=database queues them in the database (django-tasks-db); then run the worker
# `manage.py db_worker` beside the web server (see README).
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}

PHONENUMBER_DEFAULT_REGION = "CN"

# SMS (participation.notifications): the file backend writes messages under SMS_FILE_PATH;
# in production set SMS_BACKEND=participation.notifications.sms.AliyunBackend with the
# access key, the approved signature name and a template code whose one variable is ${title}.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "participation.notifications.sms.FileBackend")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms"))
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "柳背桥社区")
SMS_TEMPLATE_CODE = os.environ.get("SMS_TEMPLATE_CODE", "")
# Notices (通知公告) carry their body: a template with ${title}, ${body} and ${url}.
SMS_BROADCAST_TEMPLATE_CODE = os.environ.get("SMS_BROADCAST_TEMPLATE_CODE", "")
# The secret path segment of the provider's callback for residents' replies (TD, 退订); unset:
# the callback answers 404.
SMS_INBOUND_TOKEN = os.environ.get("SMS_INBOUND_TOKEN", "")
# Production refuses the file and console backends unless this says they are meant.
SMS_ALLOW_FILE_BACKEND = env_bool("SMS_ALLOW_FILE_BACKEND", True)
SMS_ALIYUN_ENDPOINT = os.environ.get("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
# Weekly notification digests go out on this ISO weekday (1 = Monday … 7 = Sunday); daily ones
# every day, both by the scheduled job send_digests.
NOTIFICATION_WEEKLY_DIGEST_DAY = int(os.environ.get("NOTIFICATION_WEEKLY_DIGEST_DAY", "1"))
# Non-urgent SMS wait from the first time to the second (site time); equal times: never.
SMS_QUIET_HOURS = tuple(
    time.fromisoformat(part) for part in os.environ.get("SMS_QUIET_HOURS", "21:00-08:00").split("-")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Uploads validated by content: broken images refused, GPS removed; documents checked by type.
WAGTAILIMAGES_IMAGE_FORM_BASE = "config.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "config.uploads.DocumentForm"
