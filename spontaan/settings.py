"""Settings, read from the environment (twelve-factor).

Environment variables:
  SPONTAAN_ENV      development (default) | production | test. The demo loader refuses to run
                    in production.
  DEBUG             1/0; defaults to 1 in development, 0 otherwise.
  SECRET_KEY        required when DEBUG is off; the app refuses to start without it.
  DATABASE_URL      sqlite:///path or postgres://user:pass@host:port/name;
                    default: sqlite file var/spontaan.sqlite3.
  ALLOWED_HOSTS     comma-separated host names.
  CSRF_TRUSTED_ORIGINS comma-separated origins (https://example.org) behind a proxy.
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
  DEFAULT_FROM_EMAIL  SMTP settings; without EMAIL_HOST mail goes to the console.
  SITE_URL          absolute base URL used in e-mails (default http://127.0.0.1:8000).
  MAP_TILE_URL, MAP_TILE_ATTRIBUTION, GEOCODER_URL  map provider (default PDOK).
  SECURE_HSTS_SECONDS, SECURE_SSL_REDIRECT, USE_X_FORWARDED_PROTO  TLS behind a proxy.
  REDIS_URL         optional shared cache for several app servers.
  RATELIMIT_PROXY_COUNT  number of trusted reverse proxies in front of the app (0 = none);
                    rate limits then use the client address from X-Forwarded-For.
  CONN_MAX_AGE      seconds to keep database connections open (default 60).
  PUBLIC_PAGE_CACHE_SECONDS  how long public pages are cached for anonymous visitors
                    (default 60; 0 = off). Any write makes them stale at once.
  MAP_GEOJSON_CACHE_SECONDS  how long the map's GeoJSON per filter is cached, for everyone
                    (default 300; 0 = off). Any write makes it stale at once.
  SHARED_FRAGMENT_CACHE_SECONDS  how long parts of pages that many people see alike (lists,
                    timelines, scheme cases) are cached, for signed-in people too (default
                    300; 0 = off). A write to what a part shows makes it stale at once.
  SPONTAAN_VAR_DIR  where the SQLite file, collected static files and media live (var/).
  MEDIA_ROOT        where uploaded photos are stored (default var/media).
  SERVE_MEDIA       1/0: the app serves MEDIA_URL itself (default: as DEBUG).
  PRIVATE_MEDIA_ROOT where files only some people may read are stored (default var/private);
                    never serve it directly.
  LOG_LEVEL         logging level (default INFO).
  SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, LANGUAGE_COOKIE_SECURE  default on when DEBUG
                    is off (the messages cookie follows SESSION_COOKIE_SECURE).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SPONTAAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("SPONTAAN_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured("SPONTAAN_ENV must be development, production or test.")
DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")

_DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Spontaan refuses to start on a default key."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif SECRET_KEY == _DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is the development default; set a real one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "spontaan.core",
    "spontaan.places",
    "spontaan.accounts",
    "spontaan.actors",
    "spontaan.clock",
    "spontaan.notifications",
    "spontaan.moderation",
    "spontaan.initiatives",
    "spontaan.tender",
    "spontaan.site",  # last: composes the site and freezes the registries
]

MIDDLEWARE = [
    "spontaan.core.middleware.HeadAsGetMiddleware",  # first: HEAD is a GET without a body
    # Sends an answer's gzip form, made once and cached with it (core.compression).
    "spontaan.core.compression.GzipAlternativeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "spontaan.core.middleware.SecurityHeadersMiddleware",
    "spontaan.core.api_boundary.ApiBoundaryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spontaan.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spontaan.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Django's widget templates, with text boxes and select boxes rendered without a template each.
FORM_RENDERER = "spontaan.core.widgets.FormRenderer"

ROOT_URLCONF = "spontaan.site.urls"
WSGI_APPLICATION = "spontaan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "spontaan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spontaan.site.context_processors.site",
            ],
        },
    }
]

# Database: SQLite in var/ by default (WAL mode), PostgreSQL when DATABASE_URL says so.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'spontaan.sqlite3'}"
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["spontaan.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "personal"
LOGOUT_REDIRECT_URL = "home"
# Argon2id first (ADR 0009); the others only to verify hashes stored earlier, which are
# stored again with Argon2id at the next login.
PASSWORD_HASHERS = [
    "spontaan.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Public pages for anonymous visitors are cached this long (0 turns the cache off); every
# successful write makes them stale at once (see spontaan/core/pagecache.py).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# Parts of pages many people see alike (lists, timelines, scheme cases), for signed-in people
# too; made stale by the same content areas (see spontaan/core/fragments.py). 0 turns it off.
SHARED_FRAGMENT_CACHE_SECONDS = int(os.environ.get("SHARED_FRAGMENT_CACHE_SECONDS", "300"))
# The map's GeoJSON per filter and person class (see spontaan/initiatives/mapdata.py).
MAP_GEOJSON_CACHE_SECONDS = int(os.environ.get("MAP_GEOJSON_CACHE_SECONDS", "300"))
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Background work: a queue in the database, worked by `spontaan db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "spontaan" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("vendor", BASE_DIR / "build" / "vendor")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Let the app serve MEDIA_URL itself (with safe headers); in production the web server does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files that only some people may read (attachments of applications); never served by
    # the web server directly, only through views that check access.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private/"},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # width x height of an uploaded photo; more is refused unread
PHOTO_MAX_SIDE = 2000  # stored photos are scaled down to at most this many pixels a side

# E-mail: SMTP when EMAIL_HOST is set, the console otherwise.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Spontaan <noreply@spontaan.localhost>")

# Maps: Leaflet with a pluggable tile and geocoding provider (PDOK by default).
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)"
)
GEOCODER_URL = os.environ.get(
    "GEOCODER_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
)

# Security. With DEBUG off: secure cookies, HSTS, no sniffing; a Content Security Policy always.
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database, read with precompiled SQL (the read every signed-in request makes).
SESSION_ENGINE = "spontaan.core.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language preference (spontaan.core.language); no script reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "INFO"}},
}

# Sign-up and login rate limits (per client address and per account).
LOGIN_ATTEMPTS_LIMIT = 5  # failed attempts per account/address within the window
LOGIN_ATTEMPTS_WINDOW = 15 * 60  # seconds
SIGNUP_LIMIT_PER_ADDRESS = 5  # registrations per address per hour
# New accounts (no contribution older than NEW_ACCOUNT_HOURS yet, see moderation.selectors)
# may post this many contributions a day, and their links are not clickable.
NEW_ACCOUNT_HOURS = 24
NEW_ACCOUNT_DAILY_LIMIT = 3
RATELIMIT_PROXY_COUNT = int(os.environ.get("RATELIMIT_PROXY_COUNT", "0"))
