"""The AppConfig every registering app extends: registration by convention."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# An app's registration modules, by name, called in this order in `ready()`. Each one that
# exists and defines `register()` is called; a module of such a name without it (a registry
# itself, such as `clock.kinds`) is left alone.
REGISTRATION_MODULES = (
    "kinds",
    "sections",
    "pages",
    "contributions",
    "figures",
    "privacy",
    "tokens",
    "demo",
)


class RegisteringAppConfig(AppConfig):
    """Calls `register()` of the app's `kinds`, `sections`, `pages`, `contributions`, `figures`,
    `privacy`, `tokens` and `demo` modules in `ready()`, so an app's `apps.py` says only its
    name, label and verbose name. Apps are ready in the order of INSTALLED_APPS; `site` comes
    last and freezes the registries."""

    def ready(self) -> None:
        for name in REGISTRATION_MODULES:
            path = f"{self.name}.{name}"
            if find_spec(path) is None:
                continue
            register = getattr(import_module(path), "register", None)
            if register is not None:
                register()
