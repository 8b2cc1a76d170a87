"""The analysis core must stay free of Django: plain data in, plain data out."""

import ast
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_in_the_analysis_core_imports_django_or_the_app():
    offenders = {}
    for path in ANALYSIS.rglob("*.py"):
        if "tests" in path.parts:
            continue
        bad = {
            n
            for n in _imports(path)
            if n.split(".")[0] == "django"
            or n.startswith("spontaan.")
            and not n.startswith("spontaan.analysis")
        }
        if bad:
            offenders[str(path.relative_to(ANALYSIS))] = sorted(bad)
    assert offenders == {}


def test_the_purity_check_catches_a_django_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from django.db import models\nimport numpy\n")
    assert "django.db" in _imports(module)
