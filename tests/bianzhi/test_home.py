"""工作台 per role (bianzhi.home): each role's figures, lists and direct links to its main jobs —
every main job is one click from home to its page (two at most, the issue asks) — and nothing
that means nothing to the role."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.choices import RequestState
from tests.certificates.scene import ended_publicity, issued, publicity_since, staffed
from tests.kit import builders
from tests.kit.factories import InstitutionFactory
from tests.kit.world import ROLES
from tests.people.reports import report

HOME = "orgs:home"

# The pages of each role's main jobs: a link to each is on the home page.
MAIN_JOBS = {
    "office_staff": [
        "staffing:adjustment_add",
        "certificates:certificate_issue",
        "staffing:permit_add",
        "people:entry_add",
        "people:notifications",
    ],
    "office_admin": ["staffing:adjustment_add", "certificates:certificate_issue"],
    "clerk": ["people:request_add", "people:request_list"],
    "reviewer": ["people:notifications", "people:request_list"],
    "partner": ["people:person_list", "exports:index"],
}


def home(client, user):
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 200
    return response


def counters(response) -> dict:
    return {counter.label: counter for counter in response.context["counters"]}


@pytest.mark.parametrize("role", ROLES)
def test_each_main_job_is_linked_from_home(client, world, role):
    page = home(client, world.users[role]).content.decode()
    for url_name in MAIN_JOBS[role]:
        assert f'href="{reverse(url_name)}' in page, url_name
    assert f'href="{reverse("help")}"' in page


def test_the_clerk_sees_its_unit_figures_per_type_and_no_registry_counts(client, world):
    line = builders.quota(world.unit, 10)
    builders.staff(line, 3)
    builders.permit(line, 2)
    builders.quota(world.sibling, 50)
    response = home(client, world.users["clerk"])
    panel = next(p for p in response.context["panels"] if p.template_name.startswith("home/unit"))
    assert panel.context["rows"] == [
        {
            "label": "事业编制",
            "approved": 10,
            "occupied": 3,
            "reserved": 2,
            "vacancy": 7,
            "over": 0,
            "available": 5,
        }
    ]
    page = response.content.decode()
    assert "本单位编制（示例县本单位）" in page
    assert "新建申报" in page
    assert reverse("staffing:institution_establishment", args=[world.unit.pk]) in page
    assert response.context["counters"] == []
    assert "kind_counts" not in response.context
    for meaningless in ("内设机构", "批准文件", "在用机构"):
        assert meaningless not in page.split('id="shortcuts"')[1], meaningless


def test_the_clerk_sees_its_drafts_and_returned_requests(client, world, today):
    draft = report(world.unit, due=today + datetime.timedelta(days=5), names=("草稿人",))
    returned = report(
        world.unit,
        due=today - datetime.timedelta(days=3),
        submitted=today - datetime.timedelta(days=5),
        state=RequestState.RETURNED,
        names=("退回人",),
    )
    elsewhere = report(world.sibling, due=today, names=("别处人",))
    page = home(client, world.users["clerk"]).content.decode()
    assert "我的待办" in page
    assert draft.get_absolute_url() in page and returned.get_absolute_url() in page
    assert elsewhere.get_absolute_url() not in page


def test_the_office_sees_what_needs_dealing_with(client, world, today):
    line = builders.quota(world.unit, 2)
    builders.staff(line, 2)
    builders.enter_unchecked(
        builders.person(world.region, "老周", birth=datetime.date(1950, 3, 5)), line
    )
    report(world.unit, due=today - datetime.timedelta(days=2))  # 逾期未报
    report(world.sibling, due=today - datetime.timedelta(days=40))  # 逾期未报
    report(world.unit, due=today + datetime.timedelta(days=2))  # not yet due
    submitted = report(world.sibling, due=today, submitted=today, state=RequestState.SUBMITTED)
    report(world.foreign, due=today - datetime.timedelta(days=2))  # out of scope
    response = home(client, world.users["office_staff"])
    figures = counters(response)
    assert figures["超编单位"].value == 1
    assert figures["超编单位"].url == reverse("people:overview") + "#over-established"
    assert figures["逾期未报"].value == 2
    assert figures["逾期未报"].url == reverse("people:supervision") + "?tab=overdue"
    assert figures["待核准"].value == 1
    assert figures["超过退休时间仍在编"].value == 1
    assert figures["超过退休时间仍在编"].url == (
        reverse("people:person_list") + "?check=past_retirement&sort=birth_date"
    )
    assert figures["待发证"].value == 0
    assert figures["自查发现问题"].url == reverse("checks:breach_list")
    page = response.content.decode()
    assert "待核准的申报" in page and submitted.get_absolute_url() in page


def test_the_counters_lead_to_lists_of_the_same_number(client, world, today):
    report(world.unit, due=today - datetime.timedelta(days=2))
    line = builders.quota(world.unit, 2)
    builders.enter_unchecked(
        builders.person(world.region, "老周", birth=datetime.date(1950, 3, 5)), line
    )
    figures = counters(home(client, world.users["office_staff"]))
    overdue = client.get(figures["逾期未报"].url)
    assert overdue.context["table"].paginator.count == 1
    retired = client.get(figures["超过退休时间仍在编"].url)
    assert retired.context["table"].paginator.count == 1


def test_awaiting_issue_lists_ended_publicities_without_open_objections(client, world):
    staffed(world.unit)
    staffed(world.sibling, names=("赵敏",))
    ended_publicity(world.unit)
    publicity_since(world.sibling, 1)  # still running
    response = home(client, world.users["office_staff"])
    figures = counters(response)
    assert figures["待发证"].value == 1
    page = response.content.decode()
    issue = (
        reverse("certificates:certificate_issue") + "?" + urlencode({"institution": world.unit.pk})
    )
    assert f'href="{issue}"' in page
    awaiting = client.get(figures["待发证"].url)
    assert [row.record.institution for row in awaiting.context["table"].page.object_list] == [
        world.unit
    ]


def test_an_issued_unit_no_longer_awaits_its_certificate(client, world):
    staffed(world.unit)
    issued(world.unit)
    figures = counters(home(client, world.users["office_staff"]))
    assert figures["待发证"].value == 0


def test_the_reviewer_sees_pending_reviews_and_no_office_figures(client, world, today):
    waiting = report(world.unit, due=today, submitted=today, state=RequestState.SUBMITTED)
    response = home(client, world.users["reviewer"])
    page = response.content.decode()
    assert "待审核的申报" in page and waiting.get_absolute_url() in page
    assert response.context["counters"] == []
    assert "kind_counts" not in response.context


def test_the_partner_gets_search_and_ledgers_and_no_tasks(client, world):
    response = home(client, world.users["partner"])
    page = response.content.decode()
    assert f'action="{reverse("people:person_list")}"' in page
    assert f'action="{reverse("orgs:institution_list")}"' in page
    assert "实名制人员花名册" in page and reverse("exports:index") in page
    assert "我的待办" not in page and "待核准" not in page
    assert response.context["counters"] == []


def test_the_office_home_takes_a_fixed_number_of_queries(client, world, today):
    def count():
        client.force_login(world.users["office_staff"])
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(HOME))
        return len(queries)

    builders.staff(builders.quota(world.unit, 3), 3)
    few = count()
    for index in range(5):
        unit = InstitutionFactory(region=world.region, full_name=f"示例县新单位{index}")
        builders.staff(builders.quota(unit, 3), 2)
        report(unit, due=today - datetime.timedelta(days=2))
    assert count() == few
