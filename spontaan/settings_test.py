"""Settings for the test suite: the normal settings with fast hashing and immediate tasks."""

import os

os.environ.setdefault("SPONTAAN_ENV", "test")
os.environ.setdefault("SECRET_KEY", "test-suite-secret-key-not-for-production")

from spontaan.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SERVE_MEDIA = True  # the tests read uploaded photos back through the app
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Most tests post many contributions from one fresh account; the tests of the new-account
# limit set it back (initiatives/tests/test_new_accounts.py).
NEW_ACCOUNT_DAILY_LIMIT = 1000
PUBLIC_PAGE_CACHE_SECONDS = 0  # tests of the page cache switch it on themselves
MAP_GEOJSON_CACHE_SECONDS = 0  # as is the map's GeoJSON cache
SHARED_FRAGMENT_CACHE_SECONDS = 0  # and the cache of shared page parts

# The concurrency tests need connections that wait for each other's locks, which the default
# in-memory SQLite test database cannot give. With SPONTAAN_TEST_SQLITE_FILE=1 the SQLite test
# database is a file in var/ (one per process, removed after the run).
if os.environ.get("SPONTAAN_TEST_SQLITE_FILE") == "1" and (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"  # noqa: F405
):
    (VAR_DIR / "test").mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / "test" / f"spontaan-{os.getpid()}.sqlite3")  # noqa: F405
    }
