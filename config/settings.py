"""Reclaim settings: one module, driven by environment variables, failing loudly on bad values.

Development defaults come only from `make run` / `make test`, which point the `*_FILE`
variables at keys under var/ and set DJANGO_DEBUG=1. See docs/configuration.md.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor  # type: ignore[import-untyped]  # no type information shipped

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "on"}
_FALSE = {"0", "false", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, on/off")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str:
    """Read a secret from NAME or from the file named by NAME_FILE; never print its value."""
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at an unreadable file") from exc
    if value := os.environ.get(name):
        return value
    raise ImproperlyConfigured(f"set {name} or {name}_FILE")


def env_secret_list(name: str) -> list[str]:
    return [item.strip() for item in env_secret(name).replace("\n", ",").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
VAR_DIR = Path(env_str("RECLAIM_VAR_DIR", str(BASE_DIR / "var")))

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("set DJANGO_ALLOWED_HOSTS (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "reclaim.core",
    "reclaim.accounts",
    "reclaim.people",
    "reclaim.cases",
    "reclaim.documents",
    "reclaim.assessments",
    "reclaim.funding",
    "reclaim.plans",
    "reclaim.services",
    "reclaim.scheduling",
    "reclaim.consent",
    "reclaim.referrals",
    "reclaim.legal",
    "reclaim.connect",
    "reclaim.outreach",
    "reclaim.reporting",
    "reclaim.api",
    "reclaim.interop",
    "reclaim.retention",
    "reclaim.portal",
    "reclaim.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "reclaim.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reclaim.accounts.middleware.PlainUserMiddleware",  # request.user without the lazy proxy (issue 12)
    "reclaim.accounts.middleware.StaffLanguageMiddleware",  # the staff member's own language, after sign-in
    "reclaim.portal.middleware.PortalSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reclaim.core.middleware.IdleTimeoutMiddleware",
    "reclaim.core.middleware.StaffLoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "reclaim.accounts.middleware.RequireMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reclaim.core.middleware.NoStoreMiddleware",
    "reclaim.api.middleware.ApiGuardMiddleware",  # API rate-limit headers; idempotency keys' answers kept
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Django's widget templates (input, select, textarea) written in Python, byte for byte: a fifth of the case
# overview's time went into rendering them through the template engine (issue 12).
FORM_RENDERER = "reclaim.core.form_renderer.PlainWidgetRenderer"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reclaim.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "reclaim.sqlite3")}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the report queries it judges costly: it spent 1.2 s of a 1.25 s report query
    # compiling (bench/tims_report.py at 100k services) for a 60 ms plan. Short queries gain nothing from it.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Whether the file is named by DATABASE_URL or is the default one under VAR_DIR:
    # WAL for concurrent readers, FULL sync so an acknowledged write survives a crash,
    # IMMEDIATE so writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A database cache so login throttling and rate limits hold across gunicorn workers.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "reclaim_cache"},
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each reading a session's user with their membership in one query
# (reclaim/accounts/backends.py). Sessions name their backend: those made before this change sign in again.
AUTHENTICATION_BACKENDS = [
    "reclaim.accounts.backends.MemberModelBackend",
    "reclaim.accounts.backends.MemberAuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "reclaim.accounts.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("RECLAIM_REAUTH_SECONDS", default=300, minimum=30)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("RECLAIM_TOTP_ISSUER", "Reclaim")
MFA_PASSKEY_LOGIN_ENABLED = False

# Sessions: an absolute lifetime (cookie age) and an idle timeout (core.middleware).
SESSION_COOKIE_AGE = env_int("RECLAIM_SESSION_MAX_HOURS", default=12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
RECLAIM_IDLE_TIMEOUT_SECONDS = env_int("RECLAIM_IDLE_TIMEOUT_MINUTES", default=30, minimum=1) * 60
RECLAIM_REQUIRE_MFA = env_bool("RECLAIM_REQUIRE_MFA", default=True)
RECLAIM_BREAK_GLASS_MAX_HOURS = env_int("RECLAIM_BREAK_GLASS_MAX_HOURS", default=4, minimum=1)
RECLAIM_INVITATION_DAYS = env_int("RECLAIM_INVITATION_DAYS", default=7, minimum=1)
RECLAIM_PUBLIC_URL = env_str("RECLAIM_PUBLIC_URL", "http://127.0.0.1:8000")
RECLAIM_ADMIN_PATH = env_str("RECLAIM_ADMIN_PATH", "config-admin").strip("/")
# What the survivor portal shows first before an agency's link was opened (docs/portal.md): a JSON list of
# {"label", "number", "text", "note"}. The default is the US National Human Trafficking Hotline and 911.
_DEFAULT_HOTLINES = [
    {"label": "Emergency", "number": "911", "text": "", "note": ""},
    {
        "label": "National Human Trafficking Hotline",
        "number": "1-888-373-7888",
        "text": "233733",
        "note": "24 hours, every day. Confidential. Many languages.",
    },
]
try:
    RECLAIM_PORTAL_HOTLINES = json.loads(env_str("RECLAIM_PORTAL_HOTLINES", json.dumps(_DEFAULT_HOTLINES)))
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"RECLAIM_PORTAL_HOTLINES is not valid JSON: {exc}") from exc
if not isinstance(RECLAIM_PORTAL_HOTLINES, list) or not all(
    isinstance(line, dict) and line.get("label") for line in RECLAIM_PORTAL_HOTLINES
):
    raise ImproperlyConfigured('RECLAIM_PORTAL_HOTLINES must be a JSON list of {"label", "number", "text", "note"}')

# --- API rate limits and idempotency keys (docs/api/README.md) --------------------------------
# Per API token (or per signed-in user for browser calls), per fixed window: "<count>/<second|minute|hour|day>";
# empty turns the limit off. Reads are GET/HEAD/OPTIONS, writes everything else.
RECLAIM_API_RATE_LIMIT = env_str("RECLAIM_API_RATE_LIMIT", "600/minute")
RECLAIM_API_WRITE_RATE_LIMIT = env_str("RECLAIM_API_WRITE_RATE_LIMIT", "120/minute")
for _rate in (RECLAIM_API_RATE_LIMIT, RECLAIM_API_WRITE_RATE_LIMIT):
    if _rate and not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)s?", _rate.strip().lower()):
        raise ImproperlyConfigured(f"an API rate limit is '<count>/<second|minute|hour|day>', not {_rate!r}")
# How long the first answer to an Idempotency-Key is kept and replayed (seconds).
RECLAIM_API_IDEMPOTENCY_TTL = env_int("RECLAIM_API_IDEMPOTENCY_TTL", default=86400, minimum=60)

# --- Security headers -----------------------------------------------------------------------
HTTPS = env_bool("RECLAIM_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("RECLAIM_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Encryption keys (docs/security.md) ---------------------------------------------------
RECLAIM_MASTER_KEYS = env_secret_list("RECLAIM_MASTER_KEYS")
RECLAIM_INDEX_KEYS = env_secret_list("RECLAIM_INDEX_KEYS")
RECLAIM_KEY_STORE = "reclaim.accounts.keystore.AgencyKeyStore"

# --- Background work ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("RECLAIM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    # Encrypted document files (docs/security.md#documents): ciphertext only, owner-only permissions.
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(env_str("RECLAIM_DOCUMENT_DIR", str(VAR_DIR / "documents"))),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Source maps (swagger-ui's and redoc's: 11 of the 21 MB collected) are fetched only by browsers' developer tools;
# left uncompressed, `collectstatic` takes about half the time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
RECLAIM_DOCUMENT_MAX_BYTES = env_int("RECLAIM_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024, minimum=1)

# --- Aggregates -----------------------------------------------------------------------------
# Small-cell suppression (ARCHITECTURE invariant 6): counts under k are shown as "fewer than k".
RECLAIM_SMALL_CELL_K = env_int("RECLAIM_SMALL_CELL_K", default=11, minimum=5)

# --- Imports --------------------------------------------------------------------------------
# Rows per transaction of `import_records` (reclaim/interop/imports_actions.py): a crash loses at most one batch.
RECLAIM_IMPORT_BATCH_SIZE = env_int("RECLAIM_IMPORT_BATCH_SIZE", default=1000, minimum=1)

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "reclaim@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging: ids and codes only; the redaction filter is a safety net, not a licence ------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "reclaim.core.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("RECLAIM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# --- Periodic jobs (run_scheduler enqueues, db_worker runs): (name, every N seconds, task) ----
RECLAIM_PERIODIC_JOBS = [
    ("close_expired_break_glass", 300, "reclaim.accounts.tasks.close_expired_break_glass"),
    ("clear_expired_sessions", 3600, "reclaim.core.tasks.clear_expired_sessions"),
    ("verify_audit_chain", 86400, "reclaim.core.tasks.verify_audit_chain"),
    ("mark_missed_follow_ups", 3600, "reclaim.cases.tasks.mark_missed_follow_up_contacts"),
    ("remind_overdue_assessments", 3600, "reclaim.assessments.tasks.remind_overdue_assessments"),
    ("send_appointment_reminders", 300, "reclaim.scheduling.tasks.send_due_reminders"),
    ("check_referral_deadlines", 900, "reclaim.referrals.tasks.check_referral_deadlines"),
    ("record_missed_portal_check_ins", 3600, "reclaim.connect.tasks.record_missed_portal_check_ins"),
    ("purge_expired_portal_messages", 86400, "reclaim.connect.tasks.purge_expired_portal_messages"),
    (
        "withdraw_stories_with_ended_consent",
        86400,
        "reclaim.outreach.stories_tasks.withdraw_stories_with_ended_consent",
    ),
    ("send_due_webhooks", 60, "reclaim.interop.webhooks_tasks.send_due_webhooks"),
    ("purge_expired_idempotency_keys", 3600, "reclaim.accounts.tasks.purge_expired_idempotency_keys"),
    # Closed cases, documents and people past each agency's retention policy (docs/retention.md).
    ("purge_expired_records", 86400, "reclaim.retention.tasks.purge_expired_records"),
]

# --- Webhooks (docs/interop.md#webhooks) -------------------------------------------------------
# Targets must be public HTTPS addresses. Loopback (http://127.0.0.1, localhost) is allowed in DEBUG or with
# this switch (tests, a receiver on the same host); private networks (10.x, 192.168.x, ...) only with the next.
RECLAIM_WEBHOOKS_ALLOW_LOOPBACK = env_bool("RECLAIM_WEBHOOKS_ALLOW_LOOPBACK", default=False)
RECLAIM_WEBHOOKS_ALLOW_PRIVATE = env_bool("RECLAIM_WEBHOOKS_ALLOW_PRIVATE", default=False)

# --- Appointment reminders (docs/scheduling.md) ----------------------------------------------
# Email reminders to staff (neutral text: a time, nothing else). Off unless turned on.
RECLAIM_APPOINTMENT_EMAIL_REMINDERS = env_bool("RECLAIM_APPOINTMENT_EMAIL_REMINDERS", default=False)
# Text-message gateway (a dotted path to a class with send(*, to, body)); staff only, never survivors yet.
RECLAIM_SMS_BACKEND = env_str("RECLAIM_SMS_BACKEND", "reclaim.scheduling.sms.ConsoleSmsBackend")
