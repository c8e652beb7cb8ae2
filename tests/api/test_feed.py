"""The change feed: approved adjustments and change requests in (time, source, id) order, paged
by an opaque cursor; a consumer paging through sees every change exactly once, even when new
changes arrive between its pages, and keeps its last cursor to sync later."""

import pytest

from staffing.models import Adjustment
from tests.api.conftest import approved_entry
from tests.kit import builders

pytestmark = pytest.mark.django_db

URL = "/api/v1/changes/"


def drain(client, cursor=None, page_size=2, between=None):
    """Page through the feed from ``cursor``; ``between`` runs after each page."""
    seen = []
    while True:
        query = {"page_size": page_size, **({"cursor": cursor} if cursor else {})}
        body = client.get(URL, query).json()
        seen += [(entry["source"], entry["id"]) for entry in body["results"]]
        cursor = body["next_cursor"]
        if between:
            between()
        if not body["has_more"]:
            return seen, cursor


def test_the_feed_holds_adjustments_and_approved_requests_in_order(world, partner):
    line = builders.quota(world.unit, approved=5)
    request = approved_entry(world, line)
    body = partner.get(URL).json()
    assert [(e["source"], e["kind"]) for e in body["results"]] == [
        ("adjustment", "initial"),
        ("request", "entry"),
    ]
    assert body["results"][-1]["id"] == request.pk
    assert body["results"][-1]["people"][0]["name"] == "李娜"
    assert body["next_cursor"] == body["results"][-1]["cursor"]
    assert body["has_more"] is False


def test_a_consumer_sees_every_change_once_while_changes_arrive(world, partner):
    builders.quota(world.unit, approved=20)
    for unit in (world.sibling, world.supervisor):
        builders.quota(unit, approved=3)
    arriving = iter([world.unit, world.sibling, world.supervisor, world.unit])

    def new_change():
        unit = next(arriving, None)
        if unit is not None:
            builders.quota(unit, approved=1)

    seen, cursor = drain(partner, between=new_change)
    # Later: what came after the kept cursor (the last change made while paging, and these).
    line = builders.quota(world.unit, approved=1)
    request = approved_entry(world, line, name="王芳")
    later, _ = drain(partner, cursor=cursor)

    every = [("adjustment", pk) for pk in Adjustment.objects.values_list("pk", flat=True)]
    every.append(("request", request.pk))
    assert sorted(seen + later) == sorted(every)
    assert later[-1] == ("request", request.pk)


def test_an_empty_page_keeps_the_cursor(world, partner):
    builders.quota(world.unit, approved=1)
    cursor = partner.get(URL).json()["next_cursor"]
    body = partner.get(URL, {"cursor": cursor}).json()
    assert body == {"results": [], "next_cursor": cursor, "has_more": False}


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "eyJhIjogMX0"])
def test_a_bad_cursor_is_refused_with_a_message(world, partner, cursor):
    response = partner.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"cursor": "游标无效。"}
