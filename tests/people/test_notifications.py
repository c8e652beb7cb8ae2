"""In-app notifications and tasks, computed from the requests: a clerk's returned requests and
deadlines near or past, a reviewer's submissions to review, the office's submissions to approve
(straight from units with no reviewer above, or reviewed). Counts per role, scope, the cost of the
bell, and pages that run a fixed number of queries."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi import access, notices
from bianzhi.access import Role
from people import inbox, services
from people.choices import RequestKind, RequestOrigin, RequestState
from people.context_processors import notifications
from people.models import ChangeRequest
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import PublicInstitutionFactory, make_user
from tests.kit.views import ViewTestCases
from tests.people.reports import report

pytestmark = pytest.mark.django_db

TODAY = day(6, 20)
# The 我的待办 / 待审核 / 待核准 panel is on the home page (people.home.Tasks).
TASKS = "orgs:home"
NOTIFICATIONS = "people:notifications"


class TestNotificationsPage(ViewTestCases.PageView):
    page_url = NOTIFICATIONS


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def inbox_world(world):
    """本单位 (under 主管局, which has a reviewer) and 兄弟单位 (no reviewer above it)."""
    r = {}
    r["returned"] = report(
        world.unit, due=days(-40), submitted=days(-41), state=RequestState.RETURNED
    )
    r["returned"].return_reason = "缺少退休审批表"
    r["returned"].save()
    r["due_soon"] = report(world.unit, due=days(3), names=("李四",))
    r["overdue"] = report(world.unit, due=days(-5), names=("老张",), origin=RequestOrigin.EXPECTED)
    r["last_warning_day"] = report(world.unit, due=days(7))
    r["later"] = report(world.unit, due=days(8))
    r["to_review"] = report(
        world.unit, due=days(10), submitted=days(-1), state=RequestState.SUBMITTED
    )
    r["reviewed"] = report(
        world.unit, due=days(10), submitted=days(-2), state=RequestState.REVIEWED
    )
    r["straight"] = report(
        world.sibling, due=days(10), submitted=days(-3), state=RequestState.SUBMITTED
    )
    r["approved"] = report(world.sibling, due=days(-10), submitted=days(-12))
    r["foreign"] = report(
        world.foreign, due=days(10), submitted=days(-1), state=RequestState.SUBMITTED
    )
    world.reports = r
    return world


def count(world, role):
    return inbox.notification_count(world.users[role], today=TODAY)


def listed(inbox_of):
    return {request.pk for request in inbox_of.requests}


class TestCounts:
    def test_each_role_counts_what_waits_for_it(self, inbox_world):
        assert count(inbox_world, "clerk") == 4
        assert count(inbox_world, "reviewer") == 1
        assert count(inbox_world, "office_staff") == 2
        assert count(inbox_world, "office_admin") == 2
        assert count(inbox_world, "partner") is None

    def test_clerk_notifications_are_returned_and_near_or_past_deadlines(self, inbox_world):
        r = inbox_world.reports
        shown = listed(inbox.notifications_for(inbox_world.users["clerk"], today=TODAY))
        assert shown == {
            r["returned"].pk,
            r["due_soon"].pk,
            r["overdue"].pk,
            r["last_warning_day"].pk,
        }

    def test_warning_days_is_a_setting(self, inbox_world):
        with override_settings(BIANZHI={**settings.BIANZHI, "DEADLINE_WARNING_DAYS": 2}):
            assert count(inbox_world, "clerk") == 2

    def test_clerk_tasks_hold_every_draft_and_returned_request_returned_first(self, inbox_world):
        r = inbox_world.reports
        tasks = inbox.tasks_for(inbox_world.users["clerk"])
        assert [request.pk for request in tasks.requests] == [
            r["returned"].pk,
            r["overdue"].pk,
            r["due_soon"].pk,
            r["last_warning_day"].pk,
            r["later"].pk,
        ]

    def test_office_waits_for_reviewed_and_for_units_without_a_reviewer(self, inbox_world):
        r = inbox_world.reports
        office = inbox.tasks_for(inbox_world.users["office_staff"])
        assert [request.pk for request in office.requests] == [
            r["straight"].pk,
            r["reviewed"].pk,
        ]
        reviewer = inbox.tasks_for(inbox_world.users["reviewer"])
        assert listed(reviewer) == {r["to_review"].pk}

    def test_the_office_list_agrees_with_needs_review_down_the_tree(self, inbox_world):
        world = inbox_world
        below = PublicInstitutionFactory(region=world.region, parent=world.unit)
        deep = report(below, due=days(5), submitted=days(-1), state=RequestState.SUBMITTED)
        waiting = listed(inbox.tasks_for(world.users["office_staff"]))
        submitted = ChangeRequest.objects.filter(
            state=RequestState.SUBMITTED, institution__region=world.region
        )
        for request in submitted:
            assert (request.pk in waiting) == (not services.needs_review(request)), request
        assert deep.pk in listed(inbox.tasks_for(world.users["reviewer"]))

    def test_a_deactivated_reviewer_sends_submissions_straight_to_the_office(self, inbox_world):
        reviewer = inbox_world.users["reviewer"]
        reviewer.is_active = False
        reviewer.save()
        assert count(inbox_world, "office_staff") == 3

    def test_a_clerk_of_another_unit_sees_nothing_of_it(self, inbox_world):
        world = inbox_world
        other = make_user(Role.CLERK, institution=world.sibling, username="sibling_clerk")
        assert inbox.notification_count(other, today=TODAY) == 0
        assert not listed(inbox.tasks_for(other))
        mine = report(world.sibling, due=days(1))
        assert listed(inbox.tasks_for(other)) == {mine.pk}
        assert inbox.notification_count(other, today=TODAY) == 1


class TestThroughTheWorkflow:
    def test_notifications_follow_the_request(self, world):
        line = builders.quota(world.unit, approved=2)
        record = builders.enter(builders.person(world.region, "老张"), line)
        clerk, reviewer, office = (world.users[r] for r in ("clerk", "reviewer", "office_staff"))
        request = services.request_create(
            institution=world.unit,
            kind=RequestKind.EXIT,
            occurred_on=day(3, 2),
            reason="退休",
            evidence="退休审批表",
            actor=clerk,
        )
        services.item_add(
            request=request, actor=clerk, record=record, data={"end_reason": "retirement"}
        )

        def counts():
            return tuple(inbox.notification_count(u) for u in (clerk, reviewer, office))

        assert counts() == (2, 0, 0)  # the permit the builder issued to enter 老张, overdue draft
        notices.mark_read(clerk)
        assert counts() == (1, 0, 0)
        services.request_submit(request=request, actor=clerk)
        assert counts() == (0, 1, 0)
        services.request_review(request=request, actor=reviewer)
        assert counts() == (0, 0, 1)
        services.request_return(request=request, actor=office, reason="请补充退休审批表")
        assert counts() == (1, 0, 0)
        [entry] = inbox.entries(inbox.notifications_for(clerk).requests)
        assert entry.is_returned
        assert entry.request.return_reason == "请补充退休审批表"
        assert entry.request.returned_at is not None


# --- pages -------------------------------------------------------------------------------------


def fetch(client, name, **query):
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        return client.get(reverse(name), query)


class TestPages:
    def test_clerk_panel_shows_deadlines_and_return_reasons(self, client, inbox_world):
        client.force_login(inbox_world.users["clerk"])
        html = fetch(client, TASKS).content.decode()
        assert "我的待办" in html
        assert "已逾期 5 天" in html
        assert "还剩 3 天" in html
        assert "缺少退休审批表" in html
        assert "系统预警" in html
        for key in ("returned", "overdue", "due_soon", "later"):
            assert inbox_world.reports[key].get_absolute_url() in html
        assert inbox_world.reports["straight"].get_absolute_url() not in html

    def test_office_panel_lists_submissions_to_approve(self, client, inbox_world):
        client.force_login(inbox_world.users["office_staff"])
        html = fetch(client, TASKS).content.decode()
        assert "待核准的申报" in html
        assert inbox_world.reports["straight"].get_absolute_url() in html
        assert inbox_world.reports["to_review"].get_absolute_url() not in html

    def test_partner_gets_no_panel(self, client, inbox_world):
        client.force_login(inbox_world.users["partner"])
        html = fetch(client, TASKS).content.decode()
        assert "我的待办" not in html and "待核准的申报" not in html

    def test_bell_shows_the_count(self, client, inbox_world):
        client.force_login(inbox_world.users["clerk"])
        html = fetch(client, "orgs:home").content.decode()
        assert reverse(NOTIFICATIONS) in html
        assert "消息提醒 4 条" in html

    def test_notifications_page_lists_each_entry_linked(self, client, inbox_world):
        client.force_login(inbox_world.users["reviewer"])
        response = fetch(client, NOTIFICATIONS)
        html = response.content.decode()
        assert inbox_world.reports["to_review"].get_absolute_url() in html
        assert response.context["page"].paginator.count == 1


class TestCost:
    def test_no_query_for_anonymous_users(self, django_assert_num_queries):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        with django_assert_num_queries(0):
            assert notifications(request) == {}

    @pytest.mark.parametrize("role", ["clerk", "reviewer", "office_staff"])
    def test_the_bell_is_one_count(self, inbox_world, role, django_assert_num_queries):
        request = RequestFactory().get("/")
        request.user = inbox_world.users[role]
        access.restrict(ChangeRequest.objects.none(), request.user)  # the scope, as any page
        request.user.scope.region_ids()
        request.user.scope.institution_ids()
        with django_assert_num_queries(0):
            bell = notifications(request)["notification_count"]
        expected = inbox.notification_count(request.user)
        with django_assert_num_queries(1):
            assert bell() == expected
            assert bell() == expected  # cached for the rest of the page

    @pytest.mark.parametrize(
        ("role", "page"),
        [
            ("clerk", TASKS),
            ("clerk", NOTIFICATIONS),
            ("office_staff", TASKS),
            ("office_staff", NOTIFICATIONS),
        ],
    )
    def test_pages_do_not_grow_with_requests(self, client, world, role, page):
        client.force_login(world.users[role])

        def add(n):
            for _ in range(n):
                report(world.unit, due=days(2), names=("甲", "乙"))
                report(world.sibling, due=days(2), submitted=days(-1), state=RequestState.SUBMITTED)

        add(1)
        # The home page's region figures are cached (bianzhi.figures_cache) and requests are not
        # among what they read: both measured loads find them cached.
        fetch(client, page)
        with CaptureQueriesContext(connection) as few:
            assert fetch(client, page).status_code == 200
        add(15)
        with CaptureQueriesContext(connection) as many:
            assert fetch(client, page).status_code == 200
        assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
