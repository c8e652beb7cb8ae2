"""Each kind of change request walked through every state on the pages, by the role whose turn
it is: the clerk drafts and submits, the reviewer returns it, the clerk corrects and resubmits,
the reviewer reviews, the office approves; the registry's figures change only then."""

import pytest
from django.urls import reverse

from people.choices import RequestAction, RequestState
from people.models import LeadershipAppointment, Person
from staffing.models import LeadershipQuota, UsagePermit
from staffing.selectors import leadership_with_figures, line_figures
from tests.kit import builders
from tests.kit.factories import make_user
from tests.kit.world import World

from .request_scene import (
    CONFIRMED,
    ITEMS,
    Scene,
    add_item,
    approve_data,
    build_scene,
    create,
    entry_item,
    login,
    post,
    reviewed,
    state_of,
    submitted,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def filled(quota: LeadershipQuota) -> int:
    return leadership_with_figures(LeadershipQuota.objects.filter(pk=quota.pk)).get().filled


def figures(scene: Scene) -> dict:
    """What any request of the scene could change."""
    unit, sibling = line_figures(scene.line), line_figures(scene.sibling_line)
    return {
        "unit_occupied": unit.occupied,
        "unit_reserved": unit.reserved,
        "sibling_occupied": sibling.occupied,
        "permits": UsagePermit.objects.filter(quota_line=scene.line).count(),
        "head": filled(scene.head),
        "deputy": filled(scene.deputy),
        "name": Person.objects.get(pk=scene.record.person_id).name,
    }


# What approval changes, per kind (everything else stays as it was).
EXPECTED_CHANGE = {
    "permit": {"unit_reserved": 2, "permits": 1},
    "entry": {"unit_occupied": 1, "unit_reserved": -1},
    "exit": {"unit_occupied": -1, "head": -1},
    "transfer": {"unit_occupied": -1, "sibling_occupied": 1, "head": -1},
    "appointment": {"deputy": 1},
    "dismissal": {"head": -1},
    "correction": {"name": "张卫"},
}


def expected_after(before: dict, kind: str) -> dict:
    after = dict(before)
    for key, change in EXPECTED_CHANGE[kind].items():
        after[key] = change if isinstance(change, str) else before[key] + change
    return after


def check_result(scene: Scene, kind: str, request) -> None:
    item = request.items.get()
    if kind == "permit":
        assert item.result_permit.count == 2
        assert item.result_permit.document == scene.document
    elif kind == "entry":
        assert item.result_record.person.name == "李娜"
        assert item.result_record.entry_on == request.occurred_on
        assert item.result_record.permit == scene.permit
    elif kind == "exit":
        scene.record.refresh_from_db()
        assert scene.record.ended_on == request.occurred_on
        assert scene.record.end_reason == "resignation"
    elif kind == "transfer":
        assert item.result_record.quota_line == scene.sibling_line
        assert item.result_record.permit == scene.sibling_permit
    elif kind == "appointment":
        appointment = item.result_appointment
        assert (appointment.title, appointment.quota) == ("副主任", scene.deputy)
        assert appointment.start_document == scene.document
    elif kind == "dismissal":
        scene.appointment.refresh_from_db()
        assert scene.appointment.ended_on == request.occurred_on
    elif kind == "correction":
        scene.record.refresh_from_db()
        assert scene.record.job_title == "教研组长"


@pytest.mark.parametrize("kind", ITEMS)
def test_every_kind_walks_through_every_state_on_the_pages(client, scene, kind):
    before = figures(scene)
    request = create(client, scene, kind)
    assert state_of(request) == RequestState.DRAFT
    add_item(client, scene, request)

    page = login(client, scene, "clerk").get(request.get_absolute_url())
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.errors == [], preview.errors
    assert preview.comparisons or kind == "correction"
    assert {"edit", "item_add", "submit", "discard"} <= page.context["actions"]

    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    assert state_of(request) == RequestState.SUBMITTED
    first_submission = request.submitted_on

    response = post(
        client, scene, "reviewer", "request_return", request, {"reason": "请补充证明材料文号"}
    )
    assert response.status_code == 302
    assert state_of(request) == RequestState.RETURNED
    assert request.return_reason == "请补充证明材料文号"

    edit = {
        "occurred_on": request.occurred_on.isoformat(),
        "reason": request.reason,
        "evidence": request.evidence,
        "evidence_number": "证明〔2026〕3号",
    }
    assert post(client, scene, "clerk", "request_edit", request, edit).status_code == 302
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    assert state_of(request) == RequestState.SUBMITTED
    assert request.evidence_number == "证明〔2026〕3号"
    assert request.submitted_on == first_submission

    assert post(client, scene, "reviewer", "request_review", request).status_code == 302
    assert state_of(request) == RequestState.REVIEWED
    assert figures(scene) == before, "nothing changes before the office approves"

    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert state_of(request) == RequestState.APPROVED
    assert request.decided_by == scene.user("office_staff")
    assert figures(scene) == expected_after(before, kind)
    check_result(scene, kind, request)
    assert [event.action for event in request.events.all()] == [
        RequestAction.CREATE,
        RequestAction.SUBMIT,
        RequestAction.RETURN,
        RequestAction.SUBMIT,
        RequestAction.REVIEW,
        RequestAction.APPROVE,
    ]
    page = login(client, scene, "clerk").get(request.get_absolute_url())
    assert page.context["actions"] == set()
    assert "preview" not in page.context
    assert page.context["items"][0].results, "an approved item links to what it became"


def test_the_office_returns_a_reviewed_request_and_approves_it_resubmitted(client, scene):
    request = reviewed(client, scene, "exit")
    response = post(
        client, scene, "office_staff", "request_return", request, {"reason": "出编原因有误"}
    )
    assert response.status_code == 302
    assert state_of(request) == RequestState.RETURNED
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    assert page.context["waiting_for_review"], "a resubmitted request goes to the reviewer again"
    assert post(client, scene, "reviewer", "request_review", request).status_code == 302
    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 302
    assert state_of(request) == RequestState.APPROVED
    scene.record.refresh_from_db()
    assert not scene.record.is_active


def test_a_unit_without_a_reviewer_goes_straight_to_the_office(client, scene):
    world: World = scene.world
    sibling_clerk = make_user("clerk", institution=world.sibling, username="sibling_clerk")
    record = builders.enter(builders.person(world.region, "赵强"), scene.sibling_line)
    client.force_login(sibling_clerk)
    response = client.post(
        reverse("people:request_add"),
        {
            "kind": "exit",
            "occurred_on": record.entry_on.isoformat(),
            "reason": "辞职",
            "evidence": "辞职批复",
        },
    )
    request = world.sibling.change_requests.get()
    assert response.url == request.get_absolute_url()
    client.post(
        url("request_item_add", request), {"record": record.pk, "end_reason": "resignation"}
    )
    page = client.get(request.get_absolute_url())
    assert page.context["needs_review"] is False
    assert "由编办直接核准" in page.content.decode()
    assert client.post(url("request_submit", request), CONFIRMED).status_code == 302

    login(client, scene, "reviewer")
    assert client.get(request.get_absolute_url()).status_code == 404
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    assert "approve" in page.context["actions"]
    assert not page.context["waiting_for_review"]
    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 302
    assert state_of(request) == RequestState.APPROVED
    record.refresh_from_db()
    assert not record.is_active


def test_a_batch_entry_is_approved_as_a_whole(client, scene):
    request = create(client, scene, "entry")
    response = login(client, scene, "clerk").post(
        url("request_item_add", request), {**entry_item(scene, "李娜"), "add_another": "1"}
    )
    assert response.url.startswith(url("request_item_add", request) + "?"), (
        "保存并继续添加 opens the form again"
    )
    add_item(client, scene, request, entry_item(scene, "王芳"))
    page = client.get(reverse("people:request_list"))
    row = next(row for row in page.context["table"].paginated_rows if row.record.pk == request.pk)
    assert row.get_cell("people") == "李娜 等 2 人"
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    assert post(client, scene, "reviewer", "request_review", request).status_code == 302
    before = line_figures(scene.line).occupied
    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 302
    assert line_figures(scene.line).occupied == before + 2
    assert set(Person.objects.filter(name__in=["李娜", "王芳"]).values_list("name", flat=True)) == {
        "李娜",
        "王芳",
    }


def test_the_office_notes_its_investigation_on_a_permit_request(client, scene):
    request = reviewed(client, scene, "permit")
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    assert {"note", "approve", "return"} <= set(page.context["decision_forms"])
    data = {"investigation": "经实地调研，该校缺数学教师 2 名", "preliminary_opinion": "拟同意"}
    assert post(client, scene, "office_staff", "request_note", request, data).status_code == 302
    request.refresh_from_db()
    assert request.investigation == data["investigation"]
    assert request.preliminary_opinion == "拟同意"
    assert request.state == RequestState.REVIEWED


def test_approval_shows_the_refusal_when_the_last_slot_went_elsewhere(client, scene):
    request = reviewed(client, scene, "entry")
    # Meanwhile the permit's slots are taken by direct registrations.
    for name in ("先到一", "先到二"):
        builders.enter(builders.person(scene.world.region, name), scene.line, scene.permit)
    before = line_figures(scene.line).occupied
    response = post(client, scene, "office_staff", "request_approve", request, approve_data(scene))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors and "没有剩余名额" in errors[0]
    assert state_of(request) == RequestState.REVIEWED
    assert line_figures(scene.line).occupied == before
    assert not Person.objects.filter(name="李娜").exists()


def test_document_is_required_to_approve_an_appointment(client, scene):
    request = reviewed(client, scene, "appointment")
    response = post(client, scene, "office_staff", "request_approve", request, {"comment": ""})
    assert response.status_code == 200
    assert "核准任职须填写核准文件" in str(response.context["form"].errors["document"])
    assert state_of(request) == RequestState.REVIEWED
    assert not LeadershipAppointment.objects.filter(quota=scene.deputy).exists()


def test_submitted_requests_are_not_editable_any_more(client, scene):
    request = submitted(client, scene, "exit")
    login(client, scene, "clerk")
    response = client.get(url("request_edit", request))
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    response = client.post(
        url("request_edit", request),
        {"occurred_on": request.occurred_on.isoformat(), "reason": "改", "evidence": "x"},
    )
    assert response.status_code == 200
    assert "已不能修改" in str(response.context["form"].non_field_errors())
    request.refresh_from_db()
    assert request.reason == "单位人员变动"
