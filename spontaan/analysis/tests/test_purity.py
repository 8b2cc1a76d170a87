"""The analysis core must stay free of Django: plain data in, plain data out."""

import ast
from pathlib import Path

import pytest

ANALYSIS = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = ANALYSIS.parent.parent  # the directory that holds the `spontaan` package


def _module_name(path: Path, root: Path = PACKAGE_ROOT) -> str:
    """The dotted name of a module file under `root`, e.g. `spontaan.analysis.stats`."""
    parts = list(path.resolve().relative_to(root.resolve()).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(source: str, *, module: str, is_package: bool = False) -> set[str]:
    """Every module that `source` imports, anywhere in it, as absolute dotted names.

    Relative imports are resolved against `module`; `from a import b` yields both `a` and
    `a.b` (b may be a module); `importlib.import_module("x")` and `__import__("x")` with a
    literal name count too.
    """
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                up = node.level - 1
                if up > len(base_parts):
                    names.add("." * node.level + (node.module or ""))  # beyond the top: flag it
                    continue
                base = ".".join(base_parts[: len(base_parts) - up])
                target = ".".join(p for p in (base, node.module) if p)
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    names.discard("")
    return names


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in {"__import__", "import_module"}
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def _forbidden(names: set[str]) -> set[str]:
    """Django, and any part of Spontaan outside the analysis core."""
    return {
        n
        for n in names
        if n.split(".")[0] == "django"
        or n.startswith(".")
        or (n == "spontaan" or n.startswith("spontaan."))
        and not (n == "spontaan.analysis" or n.startswith("spontaan.analysis."))
    }


def _offenders_in(path: Path, root: Path = PACKAGE_ROOT) -> set[str]:
    return _forbidden(
        _imports(
            path.read_text(),
            module=_module_name(path, root),
            is_package=path.name == "__init__.py",
        )
    )


def test_no_module_in_the_analysis_core_imports_django_or_the_app():
    offenders = {}
    for path in ANALYSIS.rglob("*.py"):
        if "tests" in path.parts:
            continue
        bad = _offenders_in(path)
        if bad:
            offenders[str(path.relative_to(ANALYSIS))] = sorted(bad)
    assert offenders == {}


DYNAMIC = (
    "import importlib\n"
    "def f():\n"
    "    from spontaan.places import models\n"
    "    class C:\n"
    "        def g(self):\n"
    "            import django.utils.timezone\n"
    "    return importlib.import_module('spontaan.accounts.selectors')\n"
)


@pytest.mark.parametrize(
    ("source", "module", "is_package", "forbidden"),
    [
        pytest.param(
            "from django.db import models\nimport numpy\n",
            "spontaan.analysis.x",
            False,
            {"django.db", "django.db.models"},
            id="a-django-import",
        ),
        pytest.param(
            "from .. import initiatives\nfrom ..core import workdays\nfrom . import stats\n",
            "spontaan.analysis.x",
            False,
            {"spontaan", "spontaan.initiatives", "spontaan.core", "spontaan.core.workdays"},
            id="relative-imports-outside-the-core",
        ),
        pytest.param(
            "from ..clock import selectors\nfrom .stats import median\n",
            "spontaan.analysis",
            True,
            {"spontaan.clock", "spontaan.clock.selectors"},
            id="relative-imports-in-a-package",
        ),
        pytest.param(
            DYNAMIC,
            "spontaan.analysis.x",
            False,
            {
                "spontaan.places",
                "spontaan.places.models",
                "django.utils.timezone",
                "spontaan.accounts.selectors",
            },
            id="imports-inside-functions-and-dynamic-imports",
        ),
        pytest.param(
            "from . import stats\nfrom .stats import median\n",
            "spontaan.analysis.x",
            False,
            set(),
            id="the-core-importing-its-own-modules",
        ),
    ],
)
def test_the_purity_check_finds_what_a_source_may_not_import(source, module, is_package, forbidden):
    names = _imports(source, module=module, is_package=is_package)
    assert _forbidden(names) == forbidden


def test_the_purity_check_finds_a_relative_import_in_a_file(tmp_path):
    """The whole path from a file on disk to a finding, with a module inside the core."""
    core = tmp_path / "spontaan" / "analysis"
    core.mkdir(parents=True)
    bad = core / "bad.py"
    bad.write_text("def f():\n    from ..initiatives.models import Initiative\n")
    assert _offenders_in(bad, root=tmp_path) == {
        "spontaan.initiatives.models",
        "spontaan.initiatives.models.Initiative",
    }
