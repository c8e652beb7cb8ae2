"""The change feed: approved adjustments, change requests and the records the office registered
or ended directly, in (time, source, id) order, paged by an opaque cursor; a consumer paging through sees every change exactly once, even when new
changes arrive between its pages, and keeps its last cursor to sync later."""

import pytest

from bianzhi.history import save_tracked
from people import services as people_services
from staffing.models import Adjustment
from tests.api.conftest import approved_entry
from tests.kit import builders
from tests.kit.clock import day

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


# --- records the office registered directly (issue 20, item 3: a payroll system misses nothing) --


def record_events(client):
    body = client.get(URL, {"page_size": 200}).json()
    return [e for e in body["results"] if e["source"] == "record"]


def test_a_direct_entry_and_exit_are_in_the_feed(world, partner):
    line = builders.quota(world.unit, approved=5)
    record = builders.enter(builders.person(world.region, "直接入编"), line)
    people_services.exit_register(
        record=record, ended_on=day(6, 30), end_reason="retirement", actor=builders.system_actor()
    )
    entry, end = record_events(partner)
    assert (entry["kind"], entry["kind_label"]) == ("record_entry", "入编登记（编办直接登记）")
    assert entry["effective_on"] == builders.ENTERED.isoformat()
    assert entry["people"][0]["name"] == "直接入编"
    assert "*" in entry["people"][0]["id_number"]  # the token's masking (rule 14)
    assert entry["lines"][0]["record"] == record.pk
    assert entry["lines"][0]["funding_form"] == line.funding_form
    assert (end["kind"], end["effective_on"]) == ("record_end", day(6, 30).isoformat())
    assert entry["institutions"] == end["institutions"] == [world.unit.pk]


def test_a_direct_transfer_ends_one_record_and_opens_another(world, partner):
    line = builders.quota(world.unit, approved=5)
    other = builders.quota(world.sibling, approved=5)
    record = builders.enter(builders.person(world.region, "调动人员"), line)
    people_services.transfer_register(
        record=record,
        quota_line=other,
        permit=builders.permit(other),
        transferred_on=day(5, 1),
        post_category=builders.post_for(other),
        actor=builders.system_actor(),
    )
    kinds = [(e["kind"], e["institutions"][0]) for e in record_events(partner)]
    assert kinds == [
        ("record_entry", world.unit.pk),
        ("record_end", world.unit.pk),
        ("record_entry", world.sibling.pk),
    ]


def test_a_record_changed_after_its_end_is_not_ended_twice(world, partner):
    line = builders.quota(world.unit, approved=5)
    record = builders.enter(builders.person(world.region, "出编人员"), line)
    people_services.exit_register(
        record=record, ended_on=day(6, 30), end_reason="retirement", actor=builders.system_actor()
    )
    record.refresh_from_db()
    record.notes = "档案已移交"
    save_tracked(record, actor=builders.system_actor(), reason="补记备注")
    assert [e["kind"] for e in record_events(partner)] == ["record_entry", "record_end"]


def test_records_of_approved_requests_come_once_as_the_request(world, partner):
    line = builders.quota(world.unit, approved=5)
    request = approved_entry(world, line)
    assert record_events(partner) == []
    body = partner.get(URL).json()
    assert [(e["source"], e["id"]) for e in body["results"]][-1] == ("request", request.pk)


def test_a_direct_entry_elsewhere_is_not_in_the_feed(world, partner):
    line = builders.quota(world.foreign, approved=2)
    builders.enter(builders.person(world.other_region, "外县人员"), line)
    assert record_events(partner) == []


def test_paging_through_direct_records_sees_each_once(world, partner):
    line = builders.quota(world.unit, approved=6)
    for index in range(5):
        builders.enter(builders.person(world.region, f"职工{index}"), line)
    seen, _ = drain(partner, page_size=2)
    assert len([pair for pair in seen if pair[0] == "record"]) == 5
    assert len(seen) == len(set(seen))
