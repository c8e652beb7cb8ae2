"""Sample data sits at the top of the import chain: no domain app or the shared kit imports it,
not even inside a function, so a production install can leave the app out."""

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BELOW_SAMPLE_DATA = ("bianzhi", "orgs", "staffing", "people", "certificates")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", BELOW_SAMPLE_DATA)
def test_no_app_below_sample_data_imports_it(app):
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {name}"
        for path in sorted((REPO_ROOT / app).rglob("*.py"))
        for name in imported_modules(path)
        if name == "sampledata" or name.startswith("sampledata.")
    ]
    assert offenders == []
