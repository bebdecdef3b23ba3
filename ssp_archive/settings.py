"""Settings for SSP Archive, all read from the environment (and an optional `.env` file) here.

Nothing set gives a development archive on an SQLite file under `var/`; production sets
`DATABASE_URL=postgres://...`, `SECRET_KEY`, `DEBUG=0` and `ALLOWED_HOSTS` (see `.env.example`).
"""
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from meetings.minutes.limits import DocumentLimits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Real environment variables win over the file: the file only fills in what is not set.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in development, one generated once and kept under var/."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise serves static files under runserver too, so development matches production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files (no CDN)
    "simple_history",
    "axes",
    "csp",
    "people",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ssp_archive.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outermost of the site's own: it marks every response, error pages included, as private.
    "ssp_archive.middleware.PrivateCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the query string: a NUL byte or an overlong value is a 400, never a 500.
    "ssp_archive.middleware.QueryStringGuardMiddleware",
    # Public pages from the cache, before sessions and auth are touched; inside PrivateCacheMiddleware
    # (browsers still get private + Vary: Cookie) and django-csp (a cached page gets a fresh nonce).
    "ssp_archive.anonymous_cache.AnonymousCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The anonymous page cache (ssp_archive/anonymous_cache.py): local memory per process by default, Redis
# (shared by every worker) when REDIS_URL is set. Entries are keyed on the archive's version, so a
# change is never served stale whichever backend keeps them.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
    } if REDIS_URL else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ssp-archive",
        "OPTIONS": {"MAX_ENTRIES": env.int("LOCMEM_CACHE_MAX_ENTRIES", default=3000)},
    },
}
ANONYMOUS_CACHE_ALIAS = "default"
ANONYMOUS_CACHE_SECONDS = env.int("ANONYMOUS_CACHE_SECONDS", default=60 * 60)
ANONYMOUS_CACHE_MAX_BYTES = env.int("ANONYMOUS_CACHE_MAX_BYTES", default=2 * 1024 * 1024)
# Paths whose anonymous responses may be cached: one ending in "/" covers what is under it ("/" itself is
# only the home page), any other is exact.
# Never the admin, accounts, API or downloads (an allowlist, so a new URL is uncached until added).
ANONYMOUS_CACHE_PATHS = [
    "/", "/meetings/", "/resolutions/", "/search/", "/people/", "/organisations/", "/feeds/",
    "/sitemap.xml", "/sitemap-pages.xml", "/sitemap-meetings.xml", "/sitemap-items.xml", "/sitemap-people.xml",
    "/sitemap-organisations.xml", "/robots.txt", "/accessibility/",
]
# Names the deployed code in cache keys and ETags; empty: derived from the files' modification times.
RELEASE = env.str("RELEASE", default="")

ROOT_URLCONF = "ssp_archive.urls"
WSGI_APPLICATION = "ssp_archive.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two imports at once: IMMEDIATE takes the write lock when a transaction begins, so the second
    # waits for the first (up to "timeout" seconds) instead of failing mid-transaction with
    # "database is locked"; the import service retries a few times more, then refuses cleanly.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=env.int("SQLITE_TIMEOUT", default=20),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Where a sign-in without ?next= lands: officers (staff) at the admin, partners at the home page
# (ssp_archive.views.LoginView); LOGIN_REDIRECT_URL is the partners' one.
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-axes: every login form (/accounts/login/, /admin/login/) goes through its backend. After
# AXES_FAILURE_LIMIT failures for one username (from any address) or from one address (for any
# username), sign-in is refused for AXES_COOLOFF_TIME hours, with templates/registration/locked_out.html.
# Officers unlock early by deleting the "Access attempt" in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1.0)  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind TRUSTED_PROXY_COUNT proxies (production), the client's address is the one the outermost
# proxy appended to X-Forwarded-For; otherwise the connection's. Without this, every sign-in would
# come from the proxy's address and five failures by anyone would lock everyone out.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "ssp_archive.middleware.client_address"

# Password reset mails. EMAIL_URL is smtp://user:pass@host:587 (smtp+tls://, smtp+ssl://) in
# production; in development the console backend prints them.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
globals().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, ...
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SSP Archive <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The archive serves no uploaded files: MEDIA_* stay Django's defaults, and no URL serves MEDIA_ROOT.
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# The minutes documents officers imported (restricted items in full): kept here, outside anything
# served, and read back only by the officers' admin view (meetings/storage.py).
MINUTES_DOCUMENTS_DIR = env.path("MINUTES_DOCUMENTS_DIR", default=VAR_DIR / "minutes-documents")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files in development and tests, where
        # collectstatic has not been run.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Minutes documents: the most the readers take from one file, in one place. The defaults are the
# parser's own (meetings.minutes.limits.DocumentLimits); meetings.imports.documents.minutes_document_limits hands these to
# the readers for the import service, the admin and the commands alike. Over any of them a file is
# refused, naming the limit and the size, before more than the limit is read or inflated.
_LIMITS = DocumentLimits()
# The largest document an officer may import, in bytes.
MINUTES_MAX_UPLOAD_BYTES = env.int("MINUTES_MAX_UPLOAD_BYTES", default=_LIMITS.max_bytes)
# A .docx (a ZIP): most parts, most bytes all parts inflate to, highest compression ratio of a part.
MINUTES_DOCX_MAX_MEMBERS = env.int("MINUTES_DOCX_MAX_MEMBERS", default=_LIMITS.docx_max_members)
MINUTES_DOCX_MAX_UNCOMPRESSED_BYTES = env.int(
    "MINUTES_DOCX_MAX_UNCOMPRESSED_BYTES", default=_LIMITS.docx_max_uncompressed_bytes
)
MINUTES_DOCX_MAX_RATIO = env.int("MINUTES_DOCX_MAX_RATIO", default=_LIMITS.docx_max_ratio)
# Most pages read from a PDF; most characters of text taken from any document.
MINUTES_PDF_MAX_PAGES = env.int("MINUTES_PDF_MAX_PAGES", default=_LIMITS.pdf_max_pages)
MINUTES_MAX_TEXT_CHARS = env.int("MINUTES_MAX_TEXT_CHARS", default=_LIMITS.max_text_chars)
# Uploaded minutes wait here between the admin's preview and the officer's confirm (never served).
MINUTES_STAGING_DIR = env.path("MINUTES_STAGING_DIR", default=VAR_DIR / "import-staging")
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)
# The admin's meeting and item forms carry hundreds of inline fields on long minutes.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# HTTPS hardening, on whenever DEBUG is off; a TLS-terminating proxy sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    # Preloading HSTS is a commitment the domain's owner makes, not a default the code can make.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): everything from this site; the two inline scripts of
# templates/base.html (and the admin's import preview) carry the request's nonce. No 'unsafe-inline'.
# GOV.UK Frontend's CSS embeds small images as data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Features no page of the archive uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)
# The longest value a query-string parameter may have (ssp_archive.middleware.QueryStringGuardMiddleware).
QUERY_PARAM_MAX_LENGTH = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Partners sign in through the site; the API reads the same session. No Basic auth: a wrong
    # password would be a 403 where the public is otherwise always served, and passwords stay off scripts.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SSP Archive API",
    "DESCRIPTION": "Read-only record of the Safer Stockton Partnership's meetings.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ uses the copies installed with drf-spectacular-sidecar, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The admin's export (page and action) needs the model's "view" permission: staff status alone is not enough.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
