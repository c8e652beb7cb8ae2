"""Every paginated list takes ``?per_page=`` within 1 to MAX_PER_PAGE rows: zero, a negative or a
huge number is brought into that range instead of failing or rendering the whole region."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bianzhi.views import MAX_PER_PAGE, BoundedPaginator, ObjectListView
from checks.views import BreachListView
from people.views.supervision import SupervisionView

pytestmark = pytest.mark.django_db


def list_url_names(patterns=None, namespace=None):
    """The URL names of the table pages that take no argument."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from list_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            view = getattr(entry.callback, "view_class", None)
            if view and issubclass(view, ObjectListView | SupervisionView | BreachListView):
                yield f"{namespace}:{entry.name}" if namespace else entry.name


LISTS = sorted(set(list_url_names()))


def test_the_lists_are_found():
    assert len(LISTS) >= 12
    assert {"orgs:institution_list", "people:supervision", "checks:breach_list"} <= set(LISTS)


@pytest.mark.parametrize("per_page", ["-1", "0", "-99999", str(10**12)])
@pytest.mark.parametrize("name", LISTS)
def test_any_per_page_is_answered(client, world, name, per_page):
    client.force_login(world.users["office_staff"])

    response = client.get(reverse(name), {"per_page": per_page})

    assert response.status_code == 200
    table = response.context.get("table")
    if table is not None and hasattr(table, "paginator"):
        assert 1 <= table.paginator.per_page <= MAX_PER_PAGE


@pytest.mark.parametrize(("asked", "given"), [(-5, 1), (0, 1), (30, 30), (10**9, MAX_PER_PAGE)])
def test_the_page_size_is_kept_within_bounds(asked, given):
    assert BoundedPaginator(range(1000), asked).per_page == given
