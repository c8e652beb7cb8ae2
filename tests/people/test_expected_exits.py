"""The changes the system foresees (rule 9): a person past their retirement month and still active
is an expected, overdue 出编 of their unit, drafted once by ``detect_expected_changes``."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from people import services, supervision
from people.choices import RequestKind, RequestOrigin, RequestState
from people.models import ChangeRequest
from people.supervision import Period, Timeliness
from tests.kit import builders
from tests.kit.clock import day
from tests.people.test_supervision import OCCURRED, scoped

pytestmark = pytest.mark.django_db

AFTER_RETIREMENT = day(4, 1)


class TestExpectedExits:
    """A man born 1965-01 retires in 2025-02 (rule 10): from 2025-03 he is an expected exit."""

    @pytest.fixture
    def line(self, world):
        return builders.quota(world.unit, approved=5)

    @pytest.fixture
    def retiree(self, world, line):
        who = builders.person(world.region, "老张", birth=datetime.date(1965, 1, 20))
        # Unchecked: past retirement on the kit's entry date in later years (rule 19).
        return builders.enter_unchecked(who, line, builders.permit(line))

    def test_past_retirement_month_is_an_expected_overdue_exit_of_the_unit(self, world, retiree):
        builders.enter(builders.person(world.region, "小李"), retiree.quota_line)
        [request] = services.expected_exits_create(today=AFTER_RETIREMENT)
        assert request.institution == world.unit
        assert request.kind == RequestKind.EXIT
        assert request.origin == RequestOrigin.EXPECTED
        assert request.state == RequestState.DRAFT
        assert retiree.retirement_month() == datetime.date(2025, 2, 1)
        # He entered (in this test world) after that month: the exit is dated from his entry.
        assert request.occurred_on == retiree.entry_on == builders.ENTERED
        assert request.due_on == builders.ENTERED + datetime.timedelta(days=30)
        assert [item.record for item in request.items.all()] == [retiree]
        assert request.is_overdue(AFTER_RETIREMENT)
        rows = supervision.ledger(
            scoped(world, "office_staff"),
            period=Period.year_to_date(AFTER_RETIREMENT),
            today=AFTER_RETIREMENT,
            timeliness=[Timeliness.OVERDUE],
        )
        assert [supervision.person_names(row) for row in rows] == [["老张"]]

    def test_occurred_on_the_first_day_of_the_retirement_month(self, world, line):
        """Retiring in May: expected from 1 June, overdue from 1 June too (due 31 May)."""
        birth = builders.born_retiring_in(day(5, 1))
        record = builders.enter(builders.person(world.region, "老王", birth=birth), line)
        assert services.expected_exits_create(today=day(5, 31)) == []
        [request] = services.expected_exits_create(today=day(6, 1))
        assert [item.record for item in request.items.all()] == [record]
        assert request.occurred_on == day(5, 1)
        assert request.due_on == day(5, 31)
        assert not request.is_overdue(day(5, 31))
        assert request.is_overdue(day(6, 1))

    def test_created_once(self, world, retiree):
        assert len(services.expected_exits_create(today=AFTER_RETIREMENT)) == 1
        assert services.expected_exits_create(today=AFTER_RETIREMENT) == []
        assert ChangeRequest.objects.filter(origin=RequestOrigin.EXPECTED).count() == 1

    def test_not_created_when_the_unit_already_reported_the_exit(self, world, retiree):
        request = services.request_create(
            institution=world.unit,
            kind=RequestKind.EXIT,
            occurred_on=OCCURRED,
            reason="退休",
            actor=world.users["clerk"],
        )
        services.item_add(
            request=request,
            actor=world.users["clerk"],
            record=retiree,
            data={"end_reason": "retirement"},
        )
        assert services.expected_exits_create(today=AFTER_RETIREMENT) == []

    def test_pending_requests_without_a_record_do_not_hide_anyone(self, world, retiree, line):
        """Regression: an entry request's item has no record; a NULL in the NOT IN subquery
        used to exclude every record."""
        permit = builders.permit(line)
        entry = services.request_create(
            institution=world.unit,
            kind=RequestKind.ENTRY,
            occurred_on=OCCURRED,
            reason="招聘",
            actor=world.users["clerk"],
        )
        services.item_add(
            request=entry,
            actor=world.users["clerk"],
            data={
                "quota_line": line.pk,
                "permit": permit.pk,
                "post_category": builders.post_for(line),
                "entry_way": "recruitment",
                "new_person": {
                    "id_number": builders.id_number(male=False),
                    "name": "新人",
                    "civil_servant_registered": False,
                },
            },
            person_name="新人",
        )
        assert len(services.expected_exits_create(today=AFTER_RETIREMENT)) == 1

    def test_daily_command_reports_how_many_and_is_idempotent(self, world, retiree):
        outputs = []
        with mock.patch("django.utils.timezone.localdate", return_value=AFTER_RETIREMENT):
            for _ in range(2):
                out = StringIO()
                call_command("detect_expected_changes", stdout=out)
                outputs.append(out.getvalue())
        assert "已生成 1 件" in outputs[0]
        assert "已生成 0 件" in outputs[1]
