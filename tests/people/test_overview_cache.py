"""The overview's region figures are cached until the data they read changes (issue 7)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.history import system_actor
from people import services
from tests.people.test_overview import OVERVIEW, enter_people, scenario  # noqa: F401
from tests.people.test_person_views import line_at


def _administrative(client):
    context = client.get(reverse(OVERVIEW)).context
    return next(row for row in context["totals"] if row.establishment_type == "administrative")


def test_cached_overview_is_recomputed_after_an_entry_and_an_exit(client, world, scenario):  # noqa: F811
    client.force_login(world.users["office_staff"])
    before = _administrative(client)
    assert _administrative(client).occupied == before.occupied  # served from the cache
    (newcomer,) = enter_people(line_at(world.sibling), ["周新"])
    assert _administrative(client).occupied == before.occupied + 1
    services.exit_register(
        record=newcomer, ended_on=newcomer.entry_on, end_reason="resignation", actor=system_actor()
    )
    assert _administrative(client).occupied == before.occupied


def test_a_second_read_of_unchanged_figures_sends_fewer_queries(client, world, scenario):  # noqa: F811
    client.force_login(world.users["office_staff"])
    with CaptureQueriesContext(connection) as first:
        client.get(reverse(OVERVIEW))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse(OVERVIEW))
    assert len(second) < len(first)
