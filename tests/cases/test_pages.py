"""违规案件 pages: the office's own (partners, reviewers and clerks are refused, a unit may be the
one reported); the office handles a report end to end in the pages — intake, assignment,
investigation, findings, responsible persons, feedback, closing — and cannot close without the
feedback; home and overview count open and overdue cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.choices import CaseState
from cases.models import CLOSED_NEEDS_FEEDBACK, Case, ResponsiblePerson
from tests.kit.clock import TODAY
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES, WRITERS

from .scene import CONTACT, assigned, concluded, days_ago, fed_back, other_staff, received

pytestmark = pytest.mark.django_db

STEP_URLS = (
    "cases:case_assign",
    "cases:case_investigate",
    "cases:case_conclude",
    "cases:responsible_add",
    "cases:case_feedback",
    "cases:case_close",
)


def test_every_page_needs_a_login(client, world):
    case = fed_back(world)
    person = ResponsiblePerson.objects.create(case=case, name="李某", post="主任", measure="other")
    assert_redirects_to_login(client.get(reverse("cases:case_list")))
    assert_redirects_to_login(client.get(reverse("cases:case_add")))
    for name in ("cases:case_detail", "cases:case_history", *STEP_URLS):
        assert_redirects_to_login(client.get(reverse(name, args=[case.pk])))
    assert_redirects_to_login(client.get(reverse("cases:responsible_remove", args=[person.pk])))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_opens_the_cases_of_its_region(client, world, role):
    case = received(world)
    foreign = received(world, region=world.other_region)
    client.force_login(world.users[role])
    list_response = client.get(reverse("cases:case_list"))
    if role not in WRITERS:
        assert list_response.status_code == 403
        assert client.get(reverse("cases:case_add")).status_code == 403
        for name in ("cases:case_detail", "cases:case_history", *STEP_URLS):
            assert client.get(reverse(name, args=[case.pk])).status_code == 403, name
        return
    shown = {row.record.pk for row in list_response.context["table"].paginated_rows}
    assert shown == {case.pk}
    for name in ("cases:case_detail", "cases:case_history"):
        assert client.get(reverse(name, args=[case.pk])).status_code == 200
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404


def test_the_list_query_count_does_not_grow_with_cases(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.users["office_staff"])
    assigned(world)
    url = reverse("cases:case_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        assigned(world)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def post_ok(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def test_the_office_handles_a_report_end_to_end(client, world):
    admin, handler = world.users["office_admin"], world.users["office_staff"]
    client.force_login(handler)
    assert client.get(reverse("cases:case_add")).status_code == 200
    post_ok(
        client,
        reverse("cases:case_add"),
        {
            "received_on": days_ago(5).isoformat(),
            "channel": "phone",
            "reporter_name": "赵某",
            "reporter_contact": CONTACT,
            "institution": world.unit.pk,
            "category": "over_establishment",
            "summary": "反映本单位超编进人",
            "content": "来电反映。",
        },
    )
    case = Case.objects.get()
    assert (case.institution, case.state) == (world.unit, CaseState.RECEIVED)
    detail = reverse("cases:case_detail", args=[case.pk])

    # The office admin assigns; the staff who took the call may not.
    assert (
        client.post(
            reverse("cases:case_assign", args=[case.pk]), {"handler": handler.pk}
        ).status_code
        == 200
    )
    client.force_login(admin)
    assert reverse("cases:case_assign", args=[case.pk]) in client.get(detail).content.decode()
    assert client.get(reverse("cases:case_assign", args=[case.pk])).status_code == 200
    post_ok(client, reverse("cases:case_assign", args=[case.pk]), {"handler": handler.pk})

    client.force_login(handler)
    page = client.get(detail).content.decode()
    assert CONTACT in page
    url = reverse("cases:case_investigate", args=[case.pk])
    assert client.get(url).status_code == 200
    post_ok(client, url, {"root_cause": "未按程序用编", "process": "调阅名册", "current_state": ""})
    # Findings wait for all three parts of the investigation.
    url = reverse("cases:case_conclude", args=[case.pk])
    conclusion = {"conclusion": "true", "findings": "属实", "concluded_on": days_ago(2).isoformat()}
    refused = client.post(url, conclusion)
    assert refused.status_code == 200
    assert "查根源、查过程、查现状都要记录" in refused.content.decode()
    post_ok(
        client,
        reverse("cases:case_investigate", args=[case.pk]),
        {"root_cause": "未按程序用编", "process": "调阅名册", "current_state": "两人在编外"},
    )
    assert client.get(url).status_code == 200
    post_ok(client, url, conclusion)

    url = reverse("cases:responsible_add", args=[case.pk])
    assert client.get(url).status_code == 200
    post_ok(client, url, {"name": "李某", "post": "单位负责人", "measure": "admonition"})
    person = ResponsiblePerson.objects.get()
    post_ok(client, url, {"name": "误登", "post": "无", "measure": "other"})
    mistaken = ResponsiblePerson.objects.get(name="误登")
    remove = reverse("cases:responsible_remove", args=[mistaken.pk])
    assert client.get(remove).status_code == 200
    post_ok(client, remove, {})
    assert list(ResponsiblePerson.objects.all()) == [person]

    # 举报必查、事后反馈: no closing before the feedback is on record.
    close = reverse("cases:case_close", args=[case.pk])
    assert client.get(close).status_code == 200
    refused = client.post(close, {})
    assert refused.status_code == 200
    # The message's rule citation is a link to the rules page.
    assert CLOSED_NEEDS_FEEDBACK.split("（规则")[0] in refused.content.decode()
    url = reverse("cases:case_feedback", args=[case.pk])
    assert client.get(url).status_code == 200
    post_ok(
        client, url, {"feedback_on": TODAY.isoformat(), "method": "phone", "note": "已电话告知"}
    )
    post_ok(client, close, {})
    case.refresh_from_db()
    assert (case.state, case.feedback_method, case.closed_on) == (CaseState.CLOSED, "phone", TODAY)
    history = client.get(reverse("cases:case_history", args=[case.pk])).content.decode()
    assert "办结" in history and "分办给" in history


def test_another_staff_member_reads_the_case_but_cannot_handle_it(client, world):
    case = concluded(world)
    client.force_login(other_staff(world))
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:case_feedback", args=[case.pk]) not in page
    response = client.post(
        reverse("cases:case_feedback", args=[case.pk]),
        {"feedback_on": TODAY.isoformat(), "method": "phone"},
    )
    assert response.status_code == 200
    assert "只有该案件的承办人或编办管理员" in response.content.decode()
    case.refresh_from_db()
    assert case.feedback_on is None


@pytest.mark.parametrize("role", ROLES)
def test_home_and_overview_count_open_and_overdue_cases(client, world, role):
    received(world, received_days_ago=70)  # overdue
    assigned(world, received_days_ago=5)
    received(world, region=world.other_region, received_days_ago=90)
    client.force_login(world.users[role])
    counters = {c.label: c for c in client.get(reverse("orgs:home")).context["counters"]}
    overview = client.get(reverse("people:overview"))
    if role in WRITERS:
        assert counters["未办结违规案件"].value == 2
        assert counters["逾期未办结违规案件"].value == 1
        assert counters["逾期未办结违规案件"].url == reverse("cases:case_list") + "?overdue=1"
        page = overview.content.decode()
        assert 'id="case-card"' in page and "其中逾期 1 件" in page
        listed = client.get(counters["逾期未办结违规案件"].url).context["table"]
        assert len(list(listed.paginated_rows)) == 1
    else:
        assert "未办结违规案件" not in counters
        assert 'id="case-card"' not in overview.content.decode()
