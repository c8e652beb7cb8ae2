"""Every URL pattern of the project is covered by the access matrix of the view-test kit."""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.kit.views import covered_url_names

# Pages that are not about domain data: their access is Django's own and is tested elsewhere.
PUBLIC_OR_ACCOUNT = {"login", "logout", "password_change", "password_change_done"}
# Django admin is guarded by its own permission checks (tests/orgs/test_admin.py).
SKIPPED_NAMESPACES = {"admin"}


def url_names(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name
        elif isinstance(entry, URLPattern):
            yield f"<unnamed {entry.pattern}>"


def import_every_test_module():
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("test_*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        importlib.import_module(module)


def test_every_url_is_covered_by_the_access_matrix():
    import_every_test_module()
    names = set(url_names(get_resolver().url_patterns))
    uncovered = names - covered_url_names() - PUBLIC_OR_ACCOUNT
    assert not uncovered, f"URL patterns without access tests: {sorted(uncovered)}"
