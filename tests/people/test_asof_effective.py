"""历史状况查询 by effective dates (the default basis): H is the sum of the adjustments effective by
the day, a record counts from its entry date until its end date, a post is filled by the
appointments running on the day — whenever these were recorded."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.history import system_actor
from people import services
from people.asof_effective import snapshot_in_force
from staffing import services as staffing_services
from staffing.choices import EstablishmentType, FundingForm, PostKind
from tests.kit import builders
from tests.kit.clock import day

ASOF = "people:institution_asof"
BEFORE_APPROVAL = day(12, 31, years=-1)  # the quota is effective from builders.EFFECTIVE
AFTER_ENTRY = day(2, 15)  # builders.ENTERED is 2026-02-01
EXIT_DAY = day(3, 10)
INCREASE_DAY = day(4, 1)


@pytest.fixture
def unit(world):
    """A unit with 10 slots, three people entered on 2026-02-01, one of them leaving on
    2026-03-10, a head appointed on 2026-02-01 and ten slots more from 2026-04-01 — all
    recorded today."""
    unit = world.unit
    line = builders.quota(unit, 10)
    used = builders.permit(line, count=3)
    head, _, leaving = (
        builders.enter(builders.person(unit.region, name), line, used) for name in "甲乙丙"
    )
    services.exit_register(
        record=leaving, ended_on=EXIT_DAY, end_reason="retirement", actor=system_actor()
    )
    post = builders.leadership_quota(unit, PostKind.UNIT_HEAD, approved=1)
    builders.appoint(head.person, post, title="主任", started_on=builders.ENTERED)
    staffing_services.adjustment_apply(
        region=unit.region,
        kind="increase",
        summary="增加编制",
        document=builders.document(unit),
        effective_on=INCREASE_DAY,
        lines=[
            staffing_services.LineChange(
                EstablishmentType.PUBLIC, 10, institution=unit, funding_form=FundingForm.FULL
            )
        ],
        actor=system_actor(),
    )
    return unit


def in_force(unit, day):
    return snapshot_in_force(unit, day, full_id_numbers=False)


def figures(snapshot):
    return [(line.approved, line.occupied, line.vacancy, line.over) for line in snapshot.lines]


def test_before_the_quota_was_effective_nothing_was_in_force(unit):
    before = in_force(unit, BEFORE_APPROVAL)
    assert before.lines == [] and before.roster == []
    assert [(q.approved, q.filled) for q in before.leadership] == [(1, 0)]


def test_after_the_entries_the_three_people_count_and_the_head_is_in_post(unit):
    then = in_force(unit, AFTER_ENTRY)
    assert figures(then) == [(10, 3, 7, 0)]
    assert {member.name for member in then.roster} == {"甲", "乙", "丙"}
    assert [(q.approved, q.filled) for q in then.leadership] == [(1, 1)]


def test_a_person_no_longer_counts_from_the_day_of_leaving(unit):
    assert {m.name for m in in_force(unit, EXIT_DAY - datetime.timedelta(days=1)).roster} == {
        "甲",
        "乙",
        "丙",
    }
    assert {m.name for m in in_force(unit, EXIT_DAY).roster} == {"甲", "乙"}


def test_an_increase_counts_from_its_effective_date(unit):
    assert figures(in_force(unit, INCREASE_DAY - datetime.timedelta(days=1))) == [(10, 2, 8, 0)]
    assert figures(in_force(unit, INCREASE_DAY)) == [(20, 2, 18, 0)]


def test_the_page_defaults_to_effective_dates_and_can_replay_the_recording(client, world, unit):
    """Everything was recorded today: by recording time the unit did not exist in February."""
    client.force_login(world.users["clerk"])
    url = reverse(ASOF, args=[unit.pk])
    effective = client.get(url, {"on": AFTER_ENTRY.isoformat()})
    assert effective.context["basis"] == "effective"
    assert len(effective.context["snapshot"].roster) == 3
    assert "按生效日期计算" in effective.content.decode()
    recorded = client.get(url, {"on": AFTER_ENTRY.isoformat(), "basis": "recorded"})
    assert recorded.context["snapshot"].institution is None
    assert "尚未在系统中登记" in recorded.content.decode()


def test_an_unknown_basis_is_refused_with_a_message(client, world, unit):
    client.force_login(world.users["clerk"])
    response = client.get(
        reverse(ASOF, args=[unit.pk]), {"on": day(2, 15).isoformat(), "basis": "x"}
    )
    assert response.context["snapshot"] is None
    assert response.context["form"].errors["basis"]


def test_an_institution_abolished_later_was_active_on_the_day(unit):
    unit.status, unit.abolished_on = "abolished", INCREASE_DAY  # in memory only
    assert not in_force(unit, AFTER_ENTRY).abolished
    assert in_force(unit, INCREASE_DAY).abolished


def test_the_effective_page_runs_the_same_queries_for_three_people_or_ten(client, world, unit):
    client.force_login(world.users["clerk"])
    url = reverse(ASOF, args=[unit.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"on": AFTER_ENTRY.isoformat()})
    builders.staff(unit.quota_lines.get(), 7, name_prefix="新进")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"on": AFTER_ENTRY.isoformat()})
    assert len(response.context["snapshot"].roster) == 10
    assert len(many) == len(few), "the as-of page runs a query per row"
