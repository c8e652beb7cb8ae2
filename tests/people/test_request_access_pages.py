"""Who may act on a change request, whatever is posted: the pages offer an action only to the role
whose turn it is, and a forged post (wrong role, wrong state, own request, another unit, a
posted state) is refused by the services with nothing written."""

import pytest
from django.urls import reverse

from bianzhi.access import Role
from bianzhi.history import attribute, system_actor
from people import services
from people.choices import RequestState
from tests.kit.clock import day
from tests.kit.factories import make_user
from tests.kit.world import ROLES

from .request_scene import (
    Scene,
    add_item,
    approve_data,
    build_scene,
    create,
    drafted,
    exit_item,
    expected_request,
    header_data,
    login,
    occurred,
    post,
    reviewed,
    snapshot,
    state_of,
    submitted,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


# Each action with the data a legitimate post would send.
def action_posts(scene: Scene, request) -> dict[str, dict]:
    item = request.items.first()
    return {
        "request_edit": header_data("exit", reason="改写的事由"),
        "request_item_add": exit_item(scene),
        "request_submit": {"confirm": "1"},
        "request_discard": {},
        "request_review": {"comment": "同意"},
        "request_return": {"reason": "不同意"},
        "request_note": {"investigation": "调研", "preliminary_opinion": "意见"},
        "request_approve": approve_data(scene),
        **({"request_item_remove": {}} if item else {}),
    }


def action_url(name: str, request) -> str:
    if name == "request_item_remove":
        return url(name, request, request.items.first().pk)
    return url(name, request)


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_the_partner_reads_but_every_action_is_forbidden(client, scene, state):
    request = (
        drafted(client, scene, "exit") if state == "draft" else submitted(client, scene, "exit")
    )
    login(client, scene, "partner")
    assert client.get(request.get_absolute_url()).status_code == 200
    before = snapshot()
    for name, data in action_posts(scene, request).items():
        assert client.get(action_url(name, request)).status_code == 403, name
        assert client.post(action_url(name, request), data).status_code == 403, name
    assert snapshot() == before
    assert state_of(request) == state


def test_a_clerk_of_another_unit_finds_nothing(client, scene):
    request = drafted(client, scene, "exit")
    other = make_user(Role.CLERK, institution=scene.world.sibling, username="other_clerk")
    client.force_login(other)
    assert client.get(request.get_absolute_url()).status_code == 404
    assert request.pk not in {
        row.record.pk for row in client.get(reverse("people:request_list")).context["table"].rows
    }
    before = snapshot()
    for name, data in action_posts(scene, request).items():
        assert client.post(action_url(name, request), data).status_code == 404, name
    assert snapshot() == before


@pytest.mark.parametrize("role", ["office_staff", "office_admin", "reviewer", "clerk"])
def test_a_request_of_another_region_is_not_found(client, scene, role):
    foreign = expected_request(scene.world, "foreign", state="submitted", submitted_on=occurred())
    login(client, scene, role)
    before = snapshot()
    for name, data in action_posts(scene, foreign).items():
        assert client.post(action_url(name, foreign), data).status_code == 404, (role, name)
    assert snapshot() == before


# --- the wrong role ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "action", "stage"),
    [
        ("clerk", "request_approve", "reviewed"),
        ("clerk", "request_review", "submitted"),
        ("clerk", "request_return", "submitted"),
        ("clerk", "request_note", "reviewed"),
        ("reviewer", "request_approve", "reviewed"),
        ("reviewer", "request_approve", "submitted"),
        ("reviewer", "request_note", "submitted"),
        ("reviewer", "request_submit", "draft"),
        ("reviewer", "request_edit", "draft"),
        ("reviewer", "request_item_add", "draft"),
        ("reviewer", "request_item_remove", "draft"),
        ("reviewer", "request_discard", "draft"),
        ("office_staff", "request_review", "submitted"),
        ("office_staff", "request_submit", "draft"),
        ("office_staff", "request_edit", "draft"),
        ("office_staff", "request_item_add", "draft"),
        ("office_staff", "request_discard", "draft"),
    ],
)
def test_a_forged_post_by_the_wrong_role_is_refused(client, scene, role, action, stage):
    request = {"draft": drafted, "submitted": submitted, "reviewed": reviewed}[stage](
        client, scene, "permit" if action == "request_note" else "exit"
    )
    if action == "request_item_add":
        request.items.all().delete()
    login(client, scene, role)
    assert client.get(action_url(action, request)).status_code == 403
    before = snapshot()
    response = client.post(action_url(action, request), action_posts(scene, request)[action])
    assert response.status_code == 403, (role, action)
    assert snapshot() == before
    assert state_of(request) == {"draft": "draft"}.get(stage, stage)


def test_nobody_approves_their_own_request(client, scene):
    """A clerk who later joins the office cannot approve what they reported."""
    request = reviewed(client, scene, "exit")
    clerk = scene.user("clerk")
    scope = clerk.scope
    scope.role, scope.institution, scope.region = Role.OFFICE_STAFF, None, scene.world.region
    attribute(scope, actor=system_actor(), reason="调入编办")
    scope.save()
    client.force_login(clerk)
    page = client.get(request.get_absolute_url())
    assert "approve" not in page.context["actions"]
    before = snapshot()
    response = client.post(url("request_approve", request), approve_data(scene))
    assert response.status_code == 403
    assert snapshot() == before
    assert state_of(request) == RequestState.REVIEWED


# --- the wrong state ---------------------------------------------------------------------------


def test_the_office_cannot_approve_before_the_reviewer(client, scene):
    request = submitted(client, scene, "exit")
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    assert "approve" not in page.context["actions"]
    assert page.context["waiting_for_review"]
    response = client.get(url("request_approve", request))
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    before = snapshot()
    response = client.post(url("request_approve", request), approve_data(scene))
    assert response.status_code == 200
    assert services.REVIEW_FIRST in str(response.context["form"].non_field_errors())
    assert snapshot() == before
    assert state_of(request) == RequestState.SUBMITTED


@pytest.mark.parametrize(
    ("role", "action", "stage", "message"),
    [
        ("office_staff", "request_approve", "drafted", "不能核准"),
        ("office_staff", "request_return", "drafted", "不能退回"),
        ("reviewer", "request_review", "reviewed", "不能审核"),
        ("reviewer", "request_return", "reviewed", "不能退回"),
        ("clerk", "request_submit", "submitted", "不能提交"),
        ("clerk", "request_edit", "submitted", "已不能修改"),
        ("clerk", "request_discard", "submitted", "只能作废"),
    ],
)
def test_an_action_in_the_wrong_state_is_refused_with_a_message(
    client, scene, role, action, stage, message
):
    request = {"drafted": drafted, "submitted": submitted, "reviewed": reviewed}[stage](
        client, scene, "exit"
    )
    state = request.state
    login(client, scene, role)
    before = snapshot()
    response = client.post(action_url(action, request), action_posts(scene, request)[action])
    assert response.status_code == 200
    assert message in str(response.context["form"].non_field_errors())
    assert snapshot() == before
    assert state_of(request) == state


def test_a_posted_state_is_ignored(client, scene):
    request = create(client, scene, "exit")
    data = {
        **header_data("exit", reason="新的事由"),
        "state": "approved",
        "submitted_on": day(1, 1).isoformat(),
    }
    assert post(client, scene, "clerk", "request_edit", request, data).status_code == 302
    assert state_of(request) == RequestState.DRAFT
    assert request.reason == "新的事由" and request.submitted_on is None
    add_item(client, scene, request, {**exit_item(scene), "state": "approved"})
    data = {
        "state": "approved",
        "decided_by": scene.user("clerk").pk,
        "document": "x",
        "confirm": "1",
    }
    assert post(client, scene, "clerk", "request_submit", request, data).status_code == 302
    assert state_of(request) == RequestState.SUBMITTED
    assert request.decided_by is None and request.document is None


def test_the_return_needs_a_reason_and_keeps_the_request(client, scene):
    request = submitted(client, scene, "exit")
    before = snapshot()
    response = post(client, scene, "reviewer", "request_return", request, {"reason": "  "})
    assert response.status_code == 200
    assert "退回须说明原因。" in str(response.context["form"].errors["reason"])
    assert snapshot() == before
    assert state_of(request) == RequestState.SUBMITTED


# --- what each role is offered -----------------------------------------------------------------


OFFERED = {
    ("draft", "clerk"): {"edit", "item_add", "item_edit", "item_remove", "submit", "discard"},
    ("submitted", "reviewer"): {"review", "return"},
    # The office may send back what waits for the reviewer, but not approve it yet.
    ("submitted", "office_staff"): {"return"},
    ("submitted", "office_admin"): {"return"},
    ("reviewed", "office_staff"): {"approve", "return"},
    ("reviewed", "office_admin"): {"approve", "return"},
    ("reviewed", "clerk"): set(),
    ("reviewed", "reviewer"): set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", ["draft", "submitted", "reviewed"])
def test_each_role_is_offered_only_its_turn(client, scene, role, stage):
    request = {"draft": drafted, "submitted": submitted, "reviewed": reviewed}[stage](
        client, scene, "exit"
    )
    page = login(client, scene, role).get(request.get_absolute_url())
    assert page.status_code == 200
    assert page.context["actions"] == OFFERED.get((stage, role), set()), (stage, role)
    assert set(page.context["decision_forms"]) <= {"review", "return", "note", "approve"}
    assert ("preview" in page.context) is True


def test_the_item_and_discard_pages_ask_before_acting(client, scene):
    request = drafted(client, scene, "exit")
    item = request.items.get()
    login(client, scene, "clerk")
    page = client.get(url("request_item_remove", request, item.pk))
    assert page.status_code == 200 and "张伟" in page.content.decode()
    assert request.items.exists(), "opening the page deletes nothing"
    assert client.post(url("request_item_remove", request, item.pk)).status_code == 302
    assert not request.items.exists()
    assert client.get(url("request_discard", request)).status_code == 200
    response = client.post(url("request_discard", request))
    assert response.url == reverse("people:request_list")
    request.refresh_from_db()
    assert request.state == RequestState.DISCARDED


def test_discarded_drafts_are_listed_only_under_their_filter(client, scene):
    request = drafted(client, scene, "exit")
    login(client, scene, "clerk")
    client.post(url("request_discard", request))
    listed = client.get(reverse("people:request_list")).context["table"].rows
    assert request.pk not in [row.record.pk for row in listed]
    query = {"state": RequestState.DISCARDED}
    listed = client.get(reverse("people:request_list"), query).context["table"].rows
    assert [row.record.pk for row in listed] == [request.pk]
    page = client.get(request.get_absolute_url())
    assert "已作废" in page.content.decode() and not page.context["actions"]


def test_an_expected_exit_cannot_be_discarded(client, scene):
    scene.world.unit.refresh_from_db()
    request = expected_request(scene.world, "unit", origin="expected")
    page = login(client, scene, "clerk").get(request.get_absolute_url())
    assert "discard" not in page.context["actions"]
    assert "系统预警" in page.content.decode()
    response = client.post(url("request_discard", request))
    assert services.NOT_DISCARDABLE in str(response.context["form"].non_field_errors())
    assert type(request).objects.filter(pk=request.pk).exists()
