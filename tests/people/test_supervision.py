"""The 30-day rule (rule 9) and 报送及时性督查: late and overdue around the deadline, the per-kind
period, each unit's on-time rate worst first, the ledger of 逾期未报 and 迟报, and the office's
page (scope, a fixed number of queries whatever the number of units and reports). The expected
retirement exits are in test_expected_exits.py."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi import access
from people import services, supervision
from people.choices import RequestKind
from people.models import ChangeRequest
from people.supervision import Period, Timeliness
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES
from tests.people.reports import report

pytestmark = pytest.mark.django_db

SUPERVISION = "people:supervision"
OCCURRED = day(3, 2)
DUE = day(4, 1)  # OCCURRED + 30 days
PERIOD = Period(day(1, 1), day(6, 30))
TODAY = day(6, 20)


def timeliness_of(request, today):
    rows = supervision.with_timeliness(ChangeRequest.objects.filter(pk=request.pk), today)
    return rows.get().timeliness


# --- the deadline --------------------------------------------------------------------------------


class TestDeadline:
    @pytest.fixture
    def records(self, world):
        line = builders.quota(world.unit, approved=5)
        return [builders.enter(builders.person(world.region, name), line) for name in "甲乙"]

    def exit_draft(self, world, record):
        request = services.request_create(
            institution=world.unit,
            kind=RequestKind.EXIT,
            occurred_on=OCCURRED,
            reason="退休",
            evidence="退休审批表",
            actor=world.users["clerk"],
        )
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=record,
            data={"end_reason": "retirement"},
        )
        return request

    def test_due_thirty_days_after_occurrence(self, world, records):
        assert self.exit_draft(world, records[0]).due_on == DUE

    def test_submitted_on_day_30_is_on_time_and_on_day_31_late(self, world, records):
        on_time, late = (self.exit_draft(world, record) for record in records)
        services.request_submit(request=on_time, actor=world.users["clerk"], on=DUE)
        services.request_submit(
            request=late, actor=world.users["clerk"], on=DUE + datetime.timedelta(days=1)
        )
        on_time.refresh_from_db()
        late.refresh_from_db()
        assert not on_time.is_late
        assert timeliness_of(on_time, TODAY) == Timeliness.ON_TIME
        assert on_time.days_late() == 0
        assert late.is_late
        assert timeliness_of(late, TODAY) == Timeliness.LATE
        assert late.days_late() == 1

    def test_unsubmitted_is_overdue_from_day_31_not_on_day_30(self, world, records):
        request = self.exit_draft(world, records[0])
        day_31 = DUE + datetime.timedelta(days=1)
        assert not request.is_overdue(DUE)
        assert timeliness_of(request, DUE) == Timeliness.PENDING
        assert request.is_overdue(day_31)
        assert timeliness_of(request, day_31) == Timeliness.OVERDUE
        assert request.days_late(day_31) == 1

    def test_returned_request_keeps_its_first_submission_date(self, world, records):
        request = self.exit_draft(world, records[0])
        services.request_submit(request=request, actor=world.users["clerk"], on=DUE)
        services.request_return(request=request, actor=world.users["reviewer"], reason="材料不全")
        services.request_submit(
            request=request, actor=world.users["clerk"], on=DUE + datetime.timedelta(days=5)
        )
        request.refresh_from_db()
        assert request.submitted_on == DUE
        assert timeliness_of(request, TODAY) == Timeliness.ON_TIME

    def test_reporting_period_per_kind(self, world, records):
        options = {**settings.BIANZHI, "REPORTING_DAYS_BY_KIND": {RequestKind.EXIT: 15}}
        with override_settings(BIANZHI=options):
            exit_request = self.exit_draft(world, records[0])
            correction = services.request_create(
                institution=world.unit,
                kind=RequestKind.CORRECTION,
                occurred_on=OCCURRED,
                reason="更正",
                actor=world.users["clerk"],
            )
        assert exit_request.due_on == OCCURRED + datetime.timedelta(days=15)
        assert correction.due_on == DUE
        assert exit_request.is_overdue(OCCURRED + datetime.timedelta(days=16))


# --- the units by on-time rate -------------------------------------------------------------------


@pytest.fixture
def ranking_world(world):
    """Reports due in the first half of 2026, judged on 20 June:

    sibling     1 on time, 1 overdue, 1 pending     → 1/2 = 50%, overdue 1
    unit        2 on time, 1 late, 1 overdue        → 2/4 = 50%, overdue 1, late 1
    supervisor  1 overdue carried over from 2025    → 0%
    school      1 on time (+ 1 late in 2025, another period) → 100%
    quiet       1 pending                           → no rate yet
    foreign     1 overdue, in another region        → never shown to 示例县
    """
    school = PublicInstitutionFactory(full_name="示例县实验学校", region=world.region)
    quiet = PublicInstitutionFactory(full_name="示例县安静单位", region=world.region)
    report(world.sibling, due=day(2, 1), submitted=day(1, 20))
    report(world.sibling, due=day(5, 1), names=("李四",))
    report(world.sibling, due=day(6, 25))
    report(world.unit, due=day(1, 10), submitted=day(1, 10))
    report(world.unit, due=day(3, 10), submitted=day(3, 1))
    report(world.unit, due=day(3, 10), submitted=day(3, 20), names=("王五", "赵六"))
    report(world.unit, due=day(6, 1), names=("孙七",))
    report(world.supervisor, due=day(12, 1, years=-1), names=("周八",))
    report(school, due=day(4, 1), submitted=day(3, 15))
    report(school, due=day(11, 1, years=-1), submitted=day(12, 1, years=-1))
    report(school, due=day(8, 1))  # after the period
    report(quiet, due=day(6, 30))
    report(world.foreign, due=day(3, 1))
    world.school, world.quiet = school, quiet
    return world


def scoped(world, role):
    return access.restrict(ChangeRequest.objects.all(), world.users[role])


class TestRanking:
    def test_worst_units_first_with_their_rates(self, ranking_world):
        world = ranking_world
        rows = list(
            supervision.unit_ranking(scoped(world, "office_staff"), period=PERIOD, today=TODAY)
        )
        assert [row["institution_id"] for row in rows] == [
            world.supervisor.pk,
            world.unit.pk,
            world.sibling.pk,
            world.school.pk,
            world.quiet.pk,
        ]
        by_unit = {row["institution_id"]: row for row in rows}
        unit = by_unit[world.unit.pk]
        assert (unit["due"], unit["on_time"], unit["late"], unit["overdue"]) == (4, 2, 1, 1)
        assert unit["rate"] == pytest.approx(0.5)
        sibling = by_unit[world.sibling.pk]
        assert (sibling["on_time"], sibling["overdue"], sibling["pending"]) == (1, 1, 1)
        assert sibling["rate"] == pytest.approx(0.5)
        assert by_unit[world.supervisor.pk]["rate"] == 0
        assert by_unit[world.school.pk]["rate"] == 1
        assert by_unit[world.school.pk]["due"] == 1
        assert by_unit[world.quiet.pk]["rate"] is None

    def test_more_overdue_ranks_worse_at_the_same_rate(self, ranking_world):
        world = ranking_world
        report(world.sibling, due=day(2, 2), submitted=day(2, 1))
        report(world.sibling, due=day(2, 3), names=("吴九",))
        rows = list(
            supervision.unit_ranking(scoped(world, "office_staff"), period=PERIOD, today=TODAY)
        )
        assert [row["institution_id"] for row in rows][1:3] == [world.sibling.pk, world.unit.pk]

    def test_summary(self, ranking_world):
        total = supervision.summary(
            scoped(ranking_world, "office_staff"), period=PERIOD, today=TODAY
        )
        assert (total.due, total.on_time, total.late, total.overdue, total.pending) == (
            10,
            4,
            1,
            3,
            2,
        )
        assert total.units == 5
        assert total.units_overdue == 3
        assert total.rate == pytest.approx(0.5)

    def test_reviewer_ranks_only_its_subtree(self, ranking_world):
        world = ranking_world
        rows = supervision.unit_ranking(scoped(world, "reviewer"), period=PERIOD, today=TODAY)
        assert {row["institution_id"] for row in rows} == {world.supervisor.pk, world.unit.pk}

    def test_search_by_unit_name(self, ranking_world):
        requests = supervision.of_units_named(scoped(ranking_world, "office_staff"), "实验")
        rows = supervision.unit_ranking(requests, period=PERIOD, today=TODAY)
        assert [row["institution_id"] for row in rows] == [ranking_world.school.pk]


class TestLedger:
    def ledger(self, world, statuses):
        return list(
            supervision.ledger(
                scoped(world, "office_staff"), period=PERIOD, today=TODAY, timeliness=statuses
            )
        )

    def test_overdue_reports_most_days_late_first_with_names(self, ranking_world):
        rows = self.ledger(ranking_world, [Timeliness.OVERDUE])
        assert [supervision.person_names(row) for row in rows] == [["周八"], ["李四"], ["孙七"]]
        assert [row.days_late(TODAY) for row in rows] == [201, 50, 19]
        assert [row.timeliness for row in rows] == [Timeliness.OVERDUE] * 3

    def test_late_reports(self, ranking_world):
        rows = self.ledger(ranking_world, [Timeliness.LATE])
        assert [supervision.person_names(row) for row in rows] == [["王五", "赵六"]]
        assert rows[0].days_late(TODAY) == 10

    def test_the_ledger_lists_every_report_of_the_period(self, ranking_world):
        assert len(self.ledger(ranking_world, None)) == 10


# --- the page ----------------------------------------------------------------------------------


def fetch(client, today=TODAY, **query):
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        return client.get(reverse(SUPERVISION), query)


def get_page(client, user, today=TODAY, **query):
    client.force_login(user)
    return fetch(client, today, **query)


def test_the_page_needs_login(client, world):
    assert_redirects_to_login(client.get(reverse(SUPERVISION)))


@pytest.mark.parametrize("role", ROLES)
def test_the_page_is_for_office_partners_and_reviewers(client, world, role):
    response = get_page(client, world.users[role])
    assert response.status_code == (403 if role == "clerk" else 200)


class TestPage:
    def ranked_ids(self, response):
        return [row.record["institution_id"] for row in response.context["table"].paginated_rows]

    def test_default_period_is_this_year_to_today(self, client, ranking_world):
        response = get_page(client, ranking_world.users["office_staff"])
        assert response.context["period"] == Period(day(1, 1), TODAY)
        assert self.ranked_ids(response)[:2] == [ranking_world.supervisor.pk, ranking_world.unit.pk]
        assert "50.0%" in response.content.decode()

    def test_reviewer_sees_its_subtree_only(self, client, ranking_world):
        response = get_page(client, ranking_world.users["reviewer"], **PERIOD_QUERY)
        world = ranking_world
        assert set(self.ranked_ids(response)) == {world.supervisor.pk, world.unit.pk}
        assert response.context["summary"].due == 5

    def test_search_by_unit_name(self, client, ranking_world):
        response = get_page(client, ranking_world.users["partner"], q="实验", **PERIOD_QUERY)
        assert self.ranked_ids(response) == [ranking_world.school.pk]

    def test_start_after_end_is_refused_and_this_year_shown(self, client, ranking_world):
        response = get_page(
            client,
            ranking_world.users["office_staff"],
            start=day(6, 1).isoformat(),
            end=day(1, 1).isoformat(),
        )
        assert "起始日期不能晚于截止日期。" in response.content.decode()
        assert response.context["period"] == Period.year_to_date(TODAY)

    def test_overdue_tab_lists_the_reports_linked_to_their_requests(self, client, ranking_world):
        response = get_page(
            client, ranking_world.users["office_staff"], tab="overdue", **PERIOD_QUERY
        )
        rows = [row.record for row in response.context["table"].paginated_rows]
        assert [supervision.person_names(row) for row in rows] == [["周八"], ["李四"], ["孙七"]]
        html = response.content.decode()
        for row in rows:
            assert row.get_absolute_url() in html

    def test_late_tab_narrowed_to_one_unit(self, client, ranking_world):
        world = ranking_world
        response = get_page(
            client,
            world.users["office_staff"],
            tab="late",
            institution=world.sibling.pk,
            **PERIOD_QUERY,
        )
        assert list(response.context["table"].paginated_rows) == []
        response = get_page(
            client,
            world.users["office_staff"],
            tab="late",
            institution=world.unit.pk,
            **PERIOD_QUERY,
        )
        assert [row.record.institution_id for row in response.context["table"].paginated_rows] == [
            world.unit.pk
        ]

    def test_a_unit_outside_the_scope_narrows_nothing_it_may_not_see(self, client, ranking_world):
        world = ranking_world
        response = get_page(
            client, world.users["reviewer"], tab="all", institution=world.foreign.pk, **PERIOD_QUERY
        )
        assert response.context["institution"] is None
        shown = {row.record.institution_id for row in response.context["table"].paginated_rows}
        assert shown == {world.supervisor.pk, world.unit.pk}

    @pytest.mark.parametrize("tab", ["units", "overdue", "late", "all"])
    def test_query_count_does_not_grow_with_units_or_reports(self, client, world, tab):
        def many(count):
            for _ in range(count):
                unit = PublicInstitutionFactory(region=world.region)
                report(unit, due=day(3, 1), submitted=day(3, 5), names=("甲", "乙"))
                report(unit, due=day(4, 1), names=("丙",))

        client.force_login(world.users["office_staff"])
        many(1)
        with CaptureQueriesContext(connection) as few:
            assert fetch(client, tab=tab).status_code == 200
        many(12)
        with CaptureQueriesContext(connection) as more:
            assert fetch(client, tab=tab).status_code == 200
        assert len(more) == len(few), "the supervision page runs a query per unit or report"


PERIOD_QUERY = {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()}
