import importlib
import sys

from django.apps import apps

from spontaan.core.apps_base import RegisteringAppConfig


def test_ready_calls_register_of_each_registration_module_in_order(tmp_path, monkeypatch):
    package = tmp_path / "pluggedapp"
    package.mkdir()
    (package / "__init__.py").write_text("CALLS = []\n")
    for name in ("demo", "kinds", "privacy"):
        (package / f"{name}.py").write_text(
            f"from . import CALLS\n\n\ndef register():\n    CALLS.append({name!r})\n"
        )
    (package / "sections.py").write_text("REGISTRY = object()\n")  # a registry, no register()
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("pluggedapp")
    try:
        RegisteringAppConfig("pluggedapp", module).ready()
        assert module.CALLS == ["kinds", "privacy", "demo"]
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "pluggedapp"]:
            del sys.modules[name]


def test_the_apps_that_register_use_the_convention():
    registering = {
        config.label
        for config in apps.get_app_configs()
        if isinstance(config, RegisteringAppConfig)
    }
    assert registering == {
        "accounts",
        "actors",
        "clock",
        "initiatives",
        "moderation",
        "notifications",
        "places",
        "tender",
    }
