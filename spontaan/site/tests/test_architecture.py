"""Rules of the structure that the import contract (pyproject.toml, `lint-imports`) cannot
see: an app reaches another app's tables only through that app's services and selectors,
and no module grows past 600 lines."""

import ast
from pathlib import Path

from django.apps import apps

import spontaan

ROOT = Path(spontaan.__file__).resolve().parent
MAX_LINES = 600


def _app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        yield parts[0], path


def _model_owners() -> dict[str, str]:
    return {
        model.__name__: model._meta.app_config.name.split(".")[-1]
        for model in apps.get_models()
        if model.__module__.startswith("spontaan.")
    }


def foreign_manager_uses(source: str, app: str, owners: dict[str, str]) -> list[str]:
    """`Model.objects` (or `_default_manager`) where Model belongs to another app."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and owners.get(node.value.id, app) != app
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


def test_the_check_finds_a_foreign_manager():
    owners = {"Clock": "clock", "Scheme": "tender"}
    source = "def f():\n    Clock.objects.filter(kind='x').delete()\n    Scheme.objects.all()\n"
    assert foreign_manager_uses(source, "tender", owners) == ["Clock.objects (line 2)"]


def test_apps_use_other_apps_tables_only_through_their_services_and_selectors():
    owners = _model_owners()
    problems = []
    for app, path in _app_modules():
        if app == "site":  # the top composes; it has no tables and reads through selectors
            continue
        for use in foreign_manager_uses(path.read_text(encoding="utf-8"), app, owners):
            problems.append(f"{path.relative_to(ROOT)}: {use}")
    assert not problems, "Use the owning app's services and selectors:\n" + "\n".join(problems)


def test_no_module_of_an_app_is_over_600_lines():
    too_long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for _app, path in _app_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not too_long, "Split these modules along their seams:\n" + "\n".join(too_long)
