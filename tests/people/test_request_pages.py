"""变动申报 pages: the list and a request's pages for every role in and out of scope, the list's
filters and flags, a new request and bad input, and the preview before → after."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import services
from people.choices import RequestState
from people.models import ChangeRequest, ChangeRequestItem
from tests.kit.clock import TODAY
from tests.kit.views import Urls, ViewTestCases
from tests.kit.world import ROLES

from .request_scene import (
    CONFIRMED,
    Scene,
    add_item,
    build_scene,
    create,
    entry_item,
    expected_request,
    header_data,
    login,
    post,
    snapshot,
    state_of,
    url,
)

pytestmark = pytest.mark.django_db
LIST = "people:request_list"


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def today() -> datetime.date:
    return timezone.localdate()


class TestRequestViews(ViewTestCases.ReadViews):
    """Everyone sees the requests of their scope; the actions' matrix is in
    test_request_access_pages.py."""

    model = ChangeRequest
    urls = Urls(list=LIST, detail="people:request_detail", history="people:request_history")

    def make_object(self, world, place):
        request = expected_request(world, place, kind="correction")
        ChangeRequestItem.objects.create(request=request, person_name="李娜", data={"person": {}})
        return request


def rows(response) -> dict[int, object]:
    return {row.record.pk: row for row in response.context["table"].paginated_rows}


def test_the_list_names_the_people_and_flags_lateness(client, world):
    on_time = expected_request(world, "unit", submitted_on=today(), state="submitted")
    late = expected_request(
        world,
        "unit",
        occurred_on=today() - datetime.timedelta(days=40),
        submitted_on=today(),
        state="submitted",
    )
    overdue = expected_request(world, "unit", occurred_on=today() - datetime.timedelta(days=33))
    not_due = expected_request(world, "unit")
    for name in ("李娜", "王芳", "赵强"):
        ChangeRequestItem.objects.create(request=not_due, person_name=name)
    ChangeRequestItem.objects.create(request=late, person_name="孙丽")
    client.force_login(world.users["clerk"])
    table = rows(client.get(reverse(LIST)))
    assert table[not_due.pk].get_cell("people") == "李娜 等 3 人"
    assert table[late.pk].get_cell("people") == "孙丽"
    assert table[on_time.pk].get_cell("people") == "—"
    flags = {pk: str(row.get_cell("timeliness")) for pk, row in table.items()}
    assert "按时" in flags[on_time.pk]
    assert "迟报 10 天" in flags[late.pk]
    assert "逾期 3 天" in flags[overdue.pk]
    assert "未到期" in flags[not_due.pk]
    assert table[late.pk].get_cell_value("number") == late.number


def test_the_due_date_is_the_last_day_on_time(client, world):
    """Rule 9 at the boundary: submitted on day 30 is on time, on day 31 late; unsubmitted, it is
    overdue from day 31."""
    day30 = expected_request(
        world, "unit", occurred_on=today() - datetime.timedelta(days=30), submitted_on=today()
    )
    day31 = expected_request(
        world, "unit", occurred_on=today() - datetime.timedelta(days=31), submitted_on=today()
    )
    due_today = expected_request(world, "unit", occurred_on=today() - datetime.timedelta(days=30))
    overdue = expected_request(world, "unit", occurred_on=today() - datetime.timedelta(days=31))
    client.force_login(world.users["office_staff"])
    late = set(rows(client.get(reverse(LIST), {"late": "true"})))
    assert day31.pk in late and day30.pk not in late
    overdue_ids = set(rows(client.get(reverse(LIST), {"overdue": "true"})))
    assert overdue_ids == {overdue.pk}
    assert due_today.pk in set(rows(client.get(reverse(LIST), {"overdue": "false"})))


def test_the_list_filters_and_searches(client, world):
    exit_request = expected_request(world, "unit", kind="exit")
    entry_request = expected_request(world, "sibling", kind="entry")
    ChangeRequestItem.objects.create(request=entry_request, person_name="欧阳明")
    client.force_login(world.users["office_staff"])

    def shown(**query):
        return set(rows(client.get(reverse(LIST), query)))

    assert shown(kind="entry") == {entry_request.pk}
    assert shown(institution=world.unit.pk) == {exit_request.pk}
    assert shown(q="欧阳") == {entry_request.pk}
    assert shown(q="本单位") == {exit_request.pk}
    assert shown(q=exit_request.number) == {exit_request.pk}
    assert shown(state="draft") == {exit_request.pk, entry_request.pk}
    assert shown(state="approved") == set()


def test_the_list_runs_as_many_queries_for_a_clerk_whatever_the_rows(client, world):
    client.force_login(world.users["clerk"])
    expected_request(world, "unit")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(LIST))
    for n in range(8):
        request = expected_request(world, "unit")
        ChangeRequestItem.objects.create(request=request, person_name=f"人员{n}")
        ChangeRequestItem.objects.create(request=request, person_name=f"人员{n}乙")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(LIST))
    assert len(rows(response)) == 9
    assert len(many) == len(few), "the list runs a query per row"


@pytest.mark.parametrize("role", ROLES)
def test_only_clerks_see_the_new_request_button_and_page(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse(LIST)).content.decode()
    assert ("新建申报" in page) == (role == "clerk")
    expected = 200 if role == "clerk" else 403
    assert client.get(reverse("people:request_add")).status_code == expected
    before = ChangeRequest.objects.count()
    response = client.post(reverse("people:request_add"), header_data("exit"))
    assert response.status_code == (302 if role == "clerk" else 403)
    assert ChangeRequest.objects.count() == before + (role == "clerk")


def test_every_role_finds_the_requests_in_the_menu(client, world):
    for role in ROLES:
        client.force_login(world.users[role])
        assert reverse(LIST) in client.get(reverse("people:person_list")).content.decode()


def test_the_clerk_reports_for_the_own_unit_whatever_is_posted(client, scene):
    login(client, scene, "clerk")
    form = client.get(reverse("people:request_add")).context["form"]
    assert list(form.fields["institution"].queryset) == [scene.world.unit]
    assert form.fields["institution"].disabled
    response = client.post(
        reverse("people:request_add"), header_data("exit", institution=scene.world.sibling.pk)
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert request.institution == scene.world.unit
    assert request.created_by == scene.user("clerk")
    assert request.due_on == request.occurred_on + datetime.timedelta(days=30)
    assert request.history.get().history_user == scene.user("clerk")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"occurred_on": (TODAY + datetime.timedelta(days=400)).isoformat()},
            None,
            "发生日期不能晚于今天。",
        ),
        ({"reason": ""}, "reason", "该字段是必填项。"),
        ({"occurred_on": ""}, "occurred_on", "该字段是必填项。"),
        ({"kind": "bonus"}, "kind", "选择一个有效的选项"),
    ],
)
def test_bad_request_input_writes_nothing_and_keeps_what_was_typed(
    client, scene, overrides, field, message
):
    login(client, scene, "clerk")
    before = snapshot()
    kind = overrides.pop("kind", "exit")
    response = client.post(
        reverse("people:request_add"), header_data(kind, evidence="调令原件", **overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in str(errors.get(field or "__all__")), errors
    assert "调令原件" in response.content.decode()
    assert snapshot() == before


def test_missing_evidence_refuses_the_submission_with_a_message(client, scene):
    request = create(client, scene, "exit", evidence="")
    add_item(client, scene, request)
    response = post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    assert response.status_code == 200
    assert services.EVIDENCE_REQUIRED % {"kind": "出编"} in response.content.decode()
    assert state_of(request) == RequestState.DRAFT
    assert request.submitted_on is None


def test_a_request_without_people_cannot_be_submitted(client, scene):
    request = create(client, scene, "exit")
    response = post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    assert services.NO_ITEMS in str(response.context["form"].non_field_errors())
    assert state_of(request) == RequestState.DRAFT


def test_the_preview_shows_the_figures_before_and_after(client, scene):
    request = create(client, scene, "entry")
    add_item(client, scene, request)
    page = client.get(request.get_absolute_url())
    panels = {
        c.title: {r.label: (r.before, r.after) for r in c.rows}
        for c in page.context["preview"].comparisons
    }
    line = panels["示例县本单位 · 事业编制（全额拨款）"]
    assert line["实有"] == (1, 2)
    assert line["已核准未使用"] == (2, 1)
    assert panels[f"用编通知单 {scene.permit.number}"]["已使用"] == (0, 1)
    html = page.content.decode()
    assert "核准前" in html and "核准后" in html
    assert "不违反编制规则" in html


def test_the_preview_names_every_rule_the_request_would_break(client, scene):
    request = create(client, scene, "entry")
    add_item(client, scene, request, entry_item(scene, "李娜", permit=""))
    add_item(client, scene, request, entry_item(scene, "王芳"))
    page = client.get(request.get_absolute_url())
    errors = page.context["preview"].errors
    assert len(errors) == 1 and errors[0].startswith("李娜：入编须使用本单位同类编制")
    assert "按现在的数据核准将被拒绝" in page.content.decode()
    before = snapshot()
    response = post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    assert response.status_code == 200
    assert errors[0] in str(response.context["form"].non_field_errors())
    assert state_of(request) == RequestState.DRAFT
    assert snapshot() == before


def test_the_history_tab_shows_the_requests_changes(client, scene):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    page = login(client, scene, "reviewer").get(url("request_history", request))
    assert page.status_code == 200
    reasons = [entry.reason for entry in page.context["entries"]]
    assert reasons == ["报送变动申报", "创建变动申报"]
