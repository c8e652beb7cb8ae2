"""机构历史状况查询: the registry of one unit as it stood at the end of a past day, read from
history (history_date is wall-clock, so the scenario is recorded at fixed moments by patching
``timezone.now``); access by scope; a future day refused; queries that do not grow per row."""

import datetime
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianzhi.history import system_actor
from orgs.models import Institution
from orgs.services import institution_update
from people import asof, services
from people.idnumbers import mask_id_number
from staffing import services as staffing_services
from staffing.choices import EstablishmentType, FundingForm, PostKind
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.views import Urls, ViewTestCases
from tests.kit.world import build_world

ASOF = "people:institution_asof"
SET_UP = day(3, 1)
DAY = day(3, 15)  # the day asked about
LATER = day(4, 1)  # changes recorded after it


@contextmanager
def recorded_on(day: datetime.date, hour: int = 10):
    """Every row saved in the block is recorded in history at ``hour`` o'clock of ``day``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class TestAsOfPageAccess(ViewTestCases.DetailView):
    """Every role that may see the institution may query it; out of scope is a 404."""

    model = Institution
    urls = Urls(detail=ASOF)

    def make_object(self, world, place):
        institution = world.place(place)
        builders.quota(institution, 3)
        return institution


@pytest.fixture
def history(db):
    """The world and a unit with three people, recorded on SET_UP; then, recorded on LATER: an
    entry, an exit, a job-title change, a quota increase, a rename and a leadership change."""
    with recorded_on(SET_UP):
        world = build_world()
        unit = world.unit
        line = builders.quota(unit, 5)
        post = builders.leadership_quota(unit, PostKind.UNIT_HEAD, approved=1)
        used = builders.permit(line, count=4)
        first = builders.enter(
            builders.person(unit.region, "甲"),
            line,
            used,
            job_title="科员",
            person_category="staff",
        )
        builders.enter(builders.person(unit.region, "乙"), line, used)
        leaving = builders.enter(builders.person(unit.region, "丙"), line, used)
        builders.appoint(first.person, post, title="主任")
    actor = system_actor()
    with recorded_on(LATER):
        builders.enter(builders.person(unit.region, "丁"), line, used, entry_on=LATER)
        services.exit_register(record=leaving, ended_on=LATER, end_reason="retirement", actor=actor)
        services.record_correct(
            record=first, changes={"job_title": "副主任"}, actor=actor, reason="职务变动"
        )
        staffing_services.adjustment_apply(
            region=unit.region,
            kind="increase",
            summary="增加编制",
            document=builders.document(unit),
            effective_on=LATER,
            lines=[
                staffing_services.LineChange(
                    EstablishmentType.PUBLIC, 2, institution=unit, funding_form=FundingForm.FULL
                )
            ],
            actor=actor,
        )
        institution_update(
            institution=unit,
            actor=actor,
            reason="更名",
            changes={"full_name": "示例县新名称中心"},
            document=builders.document(unit),
        )
        builders.leadership_quota(unit, PostKind.UNIT_DEPUTY, approved=2)
    return world


def snapshot_on(client, world, day, role="clerk"):
    client.force_login(world.users[role])
    response = client.get(
        reverse(ASOF, args=[world.unit.pk]), {"on": day.isoformat(), "basis": "recorded"}
    )
    assert response.status_code == 200
    return response.context["snapshot"]


def test_the_unit_on_a_past_day_shows_its_state_then_not_the_later_changes(client, history):
    then = snapshot_on(client, history, DAY)
    assert then.institution.full_name == "示例县本单位"
    assert [(line.approved, line.occupied) for line in then.lines] == [(5, 3)]
    assert {member.name for member in then.roster} == {"甲", "乙", "丙"}
    assert {m.name: m.job_title for m in then.roster}["甲"] == "科员"
    assert [(q.post_kind, q.approved, q.filled) for q in then.leadership] == [
        (PostKind.UNIT_HEAD, 1, 1)
    ]


def test_the_unit_after_the_later_changes_shows_them(client, history):
    now = snapshot_on(client, history, LATER)
    assert now.institution.full_name == "示例县新名称中心"
    assert [(line.approved, line.occupied) for line in now.lines] == [(7, 3)]
    assert {member.name for member in now.roster} == {"甲", "乙", "丁"}
    assert {m.name: m.job_title for m in now.roster}["甲"] == "副主任"
    assert [(q.post_kind, q.approved) for q in now.leadership] == [
        (PostKind.UNIT_HEAD, 1),
        (PostKind.UNIT_DEPUTY, 2),
    ]


def test_the_page_for_the_past_day_names_the_old_name_and_the_current_one(client, history):
    client.force_login(history.users["clerk"])
    page = client.get(
        reverse(ASOF, args=[history.unit.pk]), {"on": DAY.isoformat(), "basis": "recorded"}
    )
    text = page.content.decode()
    assert "示例县本单位" in text and "现名：示例县新名称中心" in text
    assert "丙" in text and "丁" not in text


def test_a_day_before_the_unit_was_registered_shows_that_it_was_not_yet(client, history):
    before = snapshot_on(client, history, SET_UP - datetime.timedelta(days=1))
    assert before.institution is None and before.first_recorded == SET_UP
    assert before.roster == [] and before.lines == []


def test_the_day_ends_at_midnight_in_beijing_time(db):
    """Recorded at 23:30 Beijing time (15:30 UTC) on DAY: in DAY's state, not the day before."""
    with recorded_on(DAY, hour=23):
        world = build_world()
    assert asof.snapshot(world.unit.pk, DAY, full_id_numbers=False).institution is not None
    before = DAY - datetime.timedelta(days=1)
    assert asof.snapshot(world.unit.pk, before, full_id_numbers=False).institution is None


# --- occupancy per type (rule 1) -----------------------------------------------------------------


def test_vacancy_and_over_at_the_day_are_per_quota_line_and_never_summed(db):
    with recorded_on(SET_UP):
        world = build_world()
        full = builders.quota(world.unit, 1)
        partial = builders.quota(world.unit, 3, EstablishmentType.PUBLIC, FundingForm.PARTIAL)
        builders.staff(full, 1)
    with recorded_on(LATER):
        staffing_services.adjustment_apply(
            region=world.region,
            kind="decrease",
            summary="核减编制（机构合并）",
            document=builders.document(world.unit),
            effective_on=LATER,
            lines=[
                staffing_services.LineChange(
                    EstablishmentType.PUBLIC, -1, institution=world.unit, funding_form="full"
                )
            ],
            actor=system_actor(),
            over_establishment_reason="机构合并",
        )
    figures = {
        line.pk: (line.approved, line.occupied, line.vacancy, line.over)
        for line in asof.snapshot(world.unit.pk, LATER, full_id_numbers=False).lines
    }
    assert figures == {full.pk: (0, 1, 0, 1), partial.pk: (3, 0, 3, 0)}
    assert asof.snapshot(world.unit.pk, DAY, full_id_numbers=False).lines[0].over == 0


# --- the chosen day --------------------------------------------------------------------------------


def test_without_a_day_the_page_shows_today(client, world):
    client.force_login(world.users["clerk"])
    response = client.get(reverse(ASOF, args=[world.unit.pk]))
    assert response.context["snapshot"].day == timezone.localdate()
    assert response.context["snapshot"].institution.full_name == world.unit.full_name


def test_a_future_day_is_refused_with_a_message(client, world):
    client.force_login(world.users["clerk"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(reverse(ASOF, args=[world.unit.pk]), {"on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert response.context["snapshot"] is None
    assert "查询日期不能晚于今天" in response.content.decode()


def test_a_mistyped_day_is_refused_with_a_message(client, world):
    client.force_login(world.users["clerk"])
    response = client.get(reverse(ASOF, args=[world.unit.pk]), {"on": "2026-13-45"})
    assert response.context["snapshot"] is None
    assert response.context["form"].errors["on"]


def test_a_clerk_of_another_unit_gets_404_whatever_the_day(client, world):
    client.force_login(world.users["clerk"])
    for place in ("sibling", "foreign", "supervisor"):
        url = reverse(ASOF, args=[world.place(place).pk])
        assert client.get(url, {"on": day(3, 1).isoformat()}).status_code == 404, place


# --- ID numbers (rule 14) ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office_staff", "partner", "reviewer", "clerk"])
def test_the_roster_at_a_day_masks_id_numbers_unless_the_role_may_see_them(client, world, role):
    record = builders.enter(builders.person(world.region, "甲"), builders.quota(world.unit, 2))
    number = record.person.id_number
    client.force_login(world.users[role])
    page = client.get(reverse(ASOF, args=[world.unit.pk])).content.decode()
    assert (number in page) == (role == "office_staff"), role
    assert role == "office_staff" or mask_id_number(number) in page


# --- queries -------------------------------------------------------------------------------------


def test_the_page_runs_the_same_queries_for_two_people_or_ten(client, world):
    line = builders.quota(world.unit, 20)
    post = builders.leadership_quota(world.unit, PostKind.UNIT_DEPUTY, approved=3)
    records = builders.staff(line, 2)
    client.force_login(world.users["clerk"])
    url = reverse(ASOF, args=[world.unit.pk])
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["snapshot"].roster) == 2
    records += builders.staff(line, 8, name_prefix="新进")
    for record in records[:3]:
        builders.appoint(record.person, post, title="副主任")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["snapshot"].roster) == 10
    assert len(many) == len(few), "the as-of page runs a query per row"
