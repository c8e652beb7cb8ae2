"""The plan's pages for each role: the office decides on the region's plan page, partners read
it, units see their own plan lines; the ledger, the overview's and the home page's progress."""

import pytest
from django.urls import reverse

from bianzhi.history import system_actor
from plans import services
from plans.choices import PlanMethod
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.pages import errors_of, row_starting
from tests.kit.views import assert_redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(world):
    line = builders.quota(world.unit, approved=5)
    builders.staff(line, 2)
    return line


@pytest.fixture
def planned(line):
    return services.plan_line_propose(
        quota_line=line,
        year=TODAY.year,
        count=2,
        method=PlanMethod.EXAMINATION,
        posts="初中数学教师",
        actor=system_actor(),
    )


@pytest.fixture
def foreign_line(world):
    line = builders.quota(world.foreign, approved=3)
    return services.plan_line_propose(
        quota_line=line, year=TODAY.year, count=1, method=PlanMethod.TALENT, actor=system_actor()
    )


def urls(planned):
    return {
        "plans:plan_list": reverse("plans:plan_list"),
        "plans:plan_add": reverse("plans:plan_add"),
        "plans:plan_detail": reverse("plans:plan_detail", args=[planned.plan_id]),
        "plans:plan_issue": reverse("plans:plan_issue", args=[planned.plan_id]),
        "plans:line_list": reverse("plans:line_list"),
        "plans:line_set": reverse("plans:line_set", args=[planned.pk]),
        "plans:ledger": reverse("plans:ledger"),
    }


def test_anonymous_users_are_sent_to_log_in(client, planned):
    for url in urls(planned).values():
        assert_redirects_to_login(client.get(url))


EXPECTED = {
    # (plan list and page, office forms, line list and ledger)
    "office_admin": (200, 200, 200),
    "office_staff": (200, 200, 200),
    "partner": (200, 403, 200),
    "reviewer": (403, 403, 200),
    "clerk": (403, 403, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_opens_what_it_may(client, world, planned, role):
    client.force_login(world.users[role])
    pages = urls(planned)
    region, forms, lists = EXPECTED[role]
    for name in ("plans:plan_list", "plans:plan_detail"):
        assert client.get(pages[name]).status_code == region, name
    for name in ("plans:plan_add", "plans:plan_issue", "plans:line_set"):
        assert client.get(pages[name]).status_code == forms, name
    for name in ("plans:line_list", "plans:ledger"):
        assert client.get(pages[name]).status_code == lists, name


def test_a_plan_of_another_region_is_not_found(client, world, foreign_line):
    client.force_login(world.users["office_staff"])
    assert client.get(reverse("plans:plan_detail", args=[foreign_line.plan_id])).status_code == 404
    assert client.get(reverse("plans:line_set", args=[foreign_line.pk])).status_code == 404


def test_the_plan_page_shows_each_proposal_beside_the_units_figures(client, world, planned):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("plans:plan_detail", args=[planned.plan_id]))
    row = row_starting(page, "示例县本单位")
    # unit, type, method, posts, proposed, H, vacancy, available, retiring ×2, last year ×2, plan
    assert row[2:8] == ["招考", "初中数学教师", "2", "5", "3", "3"]
    assert "待核定" in row[12]
    headroom = row_starting(page, "事业编制")
    assert headroom[1] == "2" and headroom[7] == "3"
    assert "减多增少" in page.content.decode()


def test_the_office_sets_a_line_and_is_refused_above_the_headroom(client, world, planned):
    client.force_login(world.users["office_staff"])
    url = reverse("plans:line_set", args=[planned.pk])
    refused = client.post(url, {"approved": 4})
    assert refused.status_code == 200
    assert "超过计划空间 3 名" in errors_of(refused)
    assert client.post(url, {"approved": 2, "reason": "同意"}).status_code == 302
    planned.refresh_from_db()
    assert planned.approved == 2
    assert planned.history.first().history_change_reason == "同意"


def test_the_office_issues_the_plan_with_its_document(client, world, planned):
    services.plan_line_set(line=planned, approved=2, actor=world.users["office_staff"])
    document = builders.document(world.unit)
    client.force_login(world.users["office_staff"])
    url = reverse("plans:plan_issue", args=[planned.plan_id])
    assert "下达后按核定计划数" in client.get(url).content.decode()
    response = client.post(url, {"document": document.number})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.permit.count == 2
    page = client.get(reverse("plans:plan_detail", args=[planned.plan_id]))
    assert planned.permit.number in page.content.decode()


def test_the_office_opens_a_plan_year(client, world):
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("plans:plan_add"), {"region": world.region.pk, "year": TODAY.year + 1}
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_a_clerk_sees_its_own_plan_lines_only(client, world, planned, foreign_line):
    sibling_line = builders.quota(world.sibling, approved=3, establishment_type="administrative")
    services.plan_line_propose(
        quota_line=sibling_line, year=TODAY.year, count=1, method="selection", actor=system_actor()
    )
    client.force_login(world.users["clerk"])
    page = client.get(reverse("plans:line_list")).content.decode()
    assert "示例县本单位" in page
    assert "示例县兄弟单位" not in page and "他县外县单位" not in page
    menu = client.get(reverse("orgs:home")).content.decode()
    assert reverse("plans:line_list") in menu


def test_the_ledger_page_and_the_overview_show_the_years_plan(client, world, planned):
    services.plan_line_set(line=planned, approved=2, actor=world.users["office_staff"])
    services.plan_issue(
        plan=planned.plan, document=builders.document(), actor=world.users["office_staff"]
    )
    planned.refresh_from_db()
    builders.enter(
        builders.person(world.region, "新教师"), planned.quota_line, planned.permit, entry_on=TODAY
    )
    client.force_login(world.users["office_staff"])
    ledger = client.get(reverse("plans:ledger"), {"year": TODAY.year})
    row = row_starting(ledger, "示例县本单位")
    assert row[1:6] == ["事业编制", "2", "2", "1", "1"]
    overview = client.get(reverse("people:overview")).content.decode()
    assert "用编进人计划执行" in overview and "已使用 1 名（50%）" in overview
    home = client.get(reverse("orgs:home")).content.decode()
    assert "home-plan-progress" in home


def test_the_plan_pages_queries_do_not_grow_with_its_lines(client, world, planned):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["office_staff"])
    url = reverse("plans:plan_detail", args=[planned.plan_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for count in (1, 2):
        line = builders.quota(PublicInstitutionFactory(region=world.region), approved=4)
        services.plan_line_propose(
            quota_line=line, year=TODAY.year, count=count, method="talent", actor=system_actor()
        )
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_the_clerk_fills_in_a_plan_proposal_on_the_request_page(client, world, line):
    from people import services as people_services
    from people.choices import RequestKind

    clerk = world.users["clerk"]
    client.force_login(clerk)
    created = client.post(
        reverse("people:request_add"),
        {
            "institution": world.unit.pk,
            "kind": RequestKind.PLAN,
            "occurred_on": TODAY.isoformat(),
            "reason": "明年教师缺口",
        },
    )
    assert created.status_code == 302
    request = world.unit.change_requests.get(kind=RequestKind.PLAN)
    form_url = reverse("people:request_item_add", args=[request.pk])
    assert "补充方式" in client.get(form_url).content.decode()
    response = client.post(
        form_url,
        {
            "year": TODAY.year + 1,
            "quota_line": line.pk,
            "count": 2,
            "posts": "初中数学教师 2 名",
            "method": PlanMethod.TALENT,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert request.items.get().data["method"] == PlanMethod.TALENT
    people_services.request_submit(request=request, actor=clerk)
    page = client.get(request.get_absolute_url()).content.decode()
    assert "人才引进" in page and f"{TODAY.year + 1}年" in page
