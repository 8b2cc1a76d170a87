"""The test suite's settings: spontaan.settings_test plus the extension app, a capability
that plugs in through the registries only (see tests/extension_app)."""

from spontaan.settings_test import *  # noqa: F403
from spontaan.settings_test import INSTALLED_APPS

# Before spontaan.site, which freezes the registries once every app is ready.
INSTALLED_APPS = [
    *INSTALLED_APPS[: INSTALLED_APPS.index("spontaan.site")],
    "tests.extension_app",
    "spontaan.site",
]
