"""Omkreds settings: one file, every deploy-time value read from the environment.

The embedded default (no environment at all) is SQLite in WAL mode with DEBUG off. `make run`
turns DEBUG on and loads the demo; `make serve` runs the production set-up.
"""

import sys
import urllib.parse
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from omkreds.lib.env import env_bool, env_choice, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("OMKREDS_DATA_DIR", str(BASE_DIR / "var")))
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "") or None
if SECRET_KEY is None:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests-" + "x" * 20
elif len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address links in mail, letters and calendar invitations point at. Unset, it is this
# machine at PORT (`make run PORT=8001` and `make serve` export it); production sets SITE_URL.
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "djangosaml2",
    "django_tasks_db",
    "omkreds.accounts",
    "omkreds.citizens",
    "omkreds.access",
    "omkreds.networks",
    "omkreds.invitations",
    "omkreds.meetings",
    "omkreds.councils",
    "omkreds.cti",
    "omkreds.privacy",
    "omkreds.demo",
]

MIDDLEWARE = [
    # First, so that the time it measures includes every other middleware.
    "omkreds.lib.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "omkreds.lib.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "omkreds.accounts.middleware.SessionLifetimeMiddleware",
    "omkreds.accounts.middleware.SecondFactorMiddleware",
    "omkreds.accounts.middleware.ActiveOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A tablet handed to a participant reaches the feedback page only (meetings/tablet.py).
    "omkreds.meetings.tablet.TabletLockMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "omkreds.lib.middleware.NoStoreMiddleware",
    "omkreds.access.middleware.AccessLogGuardMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omkreds.urls"
WSGI_APPLICATION = "omkreds.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "omkreds" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omkreds.accounts.context_processors.organisation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'omkreds.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql"),
)
_SQLITE = DATABASE_URL.startswith("sqlite:")
# DB_POOLER=pgbouncer: DATABASE_URL points at PgBouncer in transaction mode, which hands each
# transaction to whichever server connection is free. What is tied to one server session must
# then not be used: server-side cursors (`.iterator()` outside a transaction). Django already
# turns psycopg's prepared statements off (`prepare_threshold`), which PgBouncer before 1.21
# could not route. See docs/deployment.md.
DB_POOLER = env_choice("DB_POOLER", "none", {"none", "pgbouncer"})
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # A process keeps its connection between requests. SQLite: neither opening the file
        # again nor the WAL checkpoint SQLite runs when the last connection closes (~10 ms after
        # saving a 500-person map). PostgreSQL: opening a connection (TCP, authentication,
        # backend start) was 40 % of /healthz (issue 16); health checks make a restarted server
        # cost one retried connection per process, not an error.
        # Behind PgBouncer the process connects to the bouncer next to it, which is cheap, and
        # closing after each request keeps its client slots to the requests in flight.
        conn_max_age=env_int(
            "DB_CONN_MAX_AGE",
            600 if _SQLITE else (0 if DB_POOLER == "pgbouncer" else 60),
            minimum=0,
        ),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DB_POOLER != "none":
        raise ImproperlyConfigured("DB_POOLER applies to PostgreSQL only.")
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    if DB_POOLER == "pgbouncer":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A streaming replica of the primary (read-only, e.g. made with `pg_basebackup -R`): reports
# and exports read from it (omkreds/lib/replica.py, docs/deployment.md).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    env_url("DATABASE_REPLICA_URL", "", schemes=("postgres", "postgresql"))
    if _SQLITE:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL.")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"]["OPTIONS"])
    if DB_POOLER == "pgbouncer":
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    # Tests use the primary's test database for it: the same rows, as a replica has.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["omkreds.lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, login, sessions --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A passkey alone, where the organisation allows it (omkreds/accounts/passkeys.py).
    "django_otp_webauthn.backends.WebAuthnBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "citizens:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Idle timeout: the cookie lives 30 minutes and every request renews it.
# Absolute lifetime: SessionLifetimeMiddleware ends a session 12 hours after login.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, minimum=600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Flash messages live in the session, not in a "messages" cookie of their own: they may name a
# citizen, and that cookie could not carry the __Host- prefix (issue 8, figure 9).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The second factor is required for every account; demo accounts skip it only when DEBUG is on.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "Omkreds"
# Passkeys (django-otp-webauthn). The relying party is the site's host name; a browser accepts
# passkeys only over https, or on "localhost" (an IP address cannot be a relying party).
_SITE_HOST = urllib.parse.urlsplit(SITE_URL).hostname or "localhost"
_SITE_IS_IP = _SITE_HOST.replace(".", "").isdigit() or ":" in _SITE_HOST
OTP_WEBAUTHN_RP_ID = env_str("PASSKEY_RP_ID", "localhost" if _SITE_IS_IP else _SITE_HOST)
OTP_WEBAUTHN_RP_NAME = "Omkreds"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "PASSKEY_ORIGINS",
    [SITE_URL if not _SITE_IS_IP else SITE_URL.replace(_SITE_HOST, "localhost", 1)],
)

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
# Lock the pair of account and address (the address of the TCP peer): locking either alone
# would let anyone lock anyone out. Across addresses the account slows down instead
# (omkreds/accounts/lockout.py; issue 15, point 3). Forwarded headers are not trusted, so a
# forged X-Forwarded-For can neither reset nor move a lockout.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "omkreds.accounts.lockout.normalise_username"
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_ENABLE_ADMIN = False

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("da", _("Danish")),
    ("sv", _("Swedish")),
    ("sv-fi", _("Swedish (Finland)")),
    ("fi", _("Finnish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Finland-Swedish: locale/sv_FI holds only the words where Finland differs (everything else falls
# back to Swedish); omkreds/formats/sv_FI gives Finnish dates and numbers (d.m.yyyy).
FORMAT_MODULE_PATH = ["omkreds.formats"]
LANG_INFO.setdefault(
    "sv-fi",
    {
        "bidi": False,
        "code": "sv-fi",
        "name": "Swedish (Finland)",
        "name_local": "svenska (Finland)",
    },
)
TIME_ZONE = env_str("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and private files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Project-wide files (the stylesheet, vendored browser files); apps keep theirs in <app>/static.
STATICFILES_DIRS = [BASE_DIR / "omkreds" / "static"]
# Photos and documents are private: they live outside any public path and are served only by
# views that ask the access policy first. There is deliberately no MEDIA_URL.
PRIVATE_ROOT = DATA_DIR / "private"
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT},
    },
    "staticfiles": {
        "BACKEND": "omkreds.lib.staticfiles.ManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Files served at the site's root: /favicon.ico, which browsers ask for on pages that name no
# icon (the API, a PDF, an error page).
WHITENOISE_ROOT = BASE_DIR / "omkreds" / "root"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
# Django 6.1 configures mail through MAILERS; the EMAIL_HOST/EMAIL_PORT/... settings are
# deprecated. The environment keeps the familiar names. Lower-case names are not settings.
email_host = env_str("EMAIL_HOST", "")
email_use_tls = env_bool("EMAIL_USE_TLS", False)
email_use_ssl = env_bool("EMAIL_USE_SSL", False)
if email_use_tls and email_use_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
if email_host:
    MAILERS = {
        "default": {
            "BACKEND": "omkreds.lib.mailers.SMTPBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env_int("EMAIL_PORT", 25, minimum=1, maximum=65535),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": email_use_tls,
                "use_ssl": email_use_ssl,
                "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
            },
        }
    }
else:
    # No mail server configured (a laptop, the demo): mail is written to the console.
    MAILERS = {"default": {"BACKEND": "omkreds.lib.mailers.ConsoleBackend"}}
# (Both are Django's own backends that also count what they send for the metrics.)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Omkreds <noreply@omkreds.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work ------------------------------------------------------------------------
# "database": tasks are rows in the database (django-tasks-db) that `make worker` (the
# `db_worker` command) runs, retried when the mail server is away: production (`make serve`,
# docs/deployment.md). "immediate": run at once in the request, the embedded default for a laptop.
TASKS_BACKEND = env_choice("TASKS_BACKEND", "immediate", {"immediate", "database"})
# With a worker, e-mail the mail server could not take is tried again: after 30 s, then twice
# as long each time (at most an hour), this many times before it is marked failed.
MAIL_RETRY_FIRST_SECONDS = env_int("MAIL_RETRY_FIRST_SECONDS", 30)
MAIL_RETRY_ATTEMPTS = env_int("MAIL_RETRY_ATTEMPTS", 10)
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# HTTPS=1 means: the site is served over HTTPS, by this process or by a proxy in front of it
# that sets X-Forwarded-Proto. Everything that only makes sense over HTTPS follows from it.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS and not DEBUG and not TESTING)
# Load balancers probe /healthz and /readyz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
# LOG_FORMAT=json: one JSON object per line (lib/logformat.py), for a log collector; gunicorn's
# own lines follow the same variable (lib/logmask.py). Tokens are masked in both formats.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", {"plain", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "omkreds.lib.middleware.RequestIdFilter"},
        # Link tokens and short codes never reach a log line (issue 15, point 6).
        "mask_tokens": {"()": "omkreds.lib.logmask.MaskTokens"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "omkreds.lib.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "mask_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # The development server logs request paths; paths never hold personal data, and their
        # link tokens are masked here and by the handler.
        # Django's own loggers write through the console handler above only (named here, they
        # lose the handlers Django gives them, which would print each line a second time,
        # unformatted). The development server's request lines included.
        "django": {"level": "INFO"},
        "django.server": {"level": "INFO", "filters": ["mask_tokens"], "propagate": True},
        "django.request": {"level": "ERROR", "filters": ["mask_tokens"]},
        # WeasyPrint and fontTools report every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Metrics --------------------------------------------------------------------------------
# GET /metrics (Prometheus' text format) answers only a request that carries this token as
# `Authorization: Bearer <token>`; without METRICS_TOKEN nobody gets the figures.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters long.")

# --- Single sign-on -------------------------------------------------------------------------
# Each organisation's admin configures its identity provider (accounts.IdentityProvider).
# SAML: djangosaml2 over pysaml2, which signs and decrypts with Debian's xmlsec1.
SAML_XMLSEC_BINARY = env_str("SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# The service provider's key pair; without these, one is made in DATA_DIR/saml (see sso/keys.py).
SAML_SP_KEY_FILE = env_str("SAML_SP_KEY_FILE", "")
SAML_SP_CERT_FILE = env_str("SAML_SP_CERT_FILE", "")
# Requests go to the IdP by redirect (no self-submitting form our CSP would stop).
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_CSP_HANDLER = ""  # Django's own CSP middleware applies; djangosaml2 must not add another
# The IdP posts its answer from its own site: the cookie that remembers the request must travel
# with a cross-site POST, which browsers allow only for SameSite=None over HTTPS.
SAML_SESSION_COOKIE_NAME = "saml_session"
SAML_SESSION_COOKIE_SAMESITE = "None" if HTTPS else "Lax"
# Metadata and issuers over plain http only on a development machine and in tests.
SSO_ALLOW_HTTP = DEBUG or TESTING

# --- Product --------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
DEMO_MODE_PASSWORD = "omkreds-demo"  # nosec B105  # the demo accounts' published password

if TESTING:
    # Hashing cost is not what the tests test; it would dominate their run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
