"""Batch entry by a unit's clerk (issue 17): "保存并继续添加" keeps what a batch shares, an item is
changed with every field it holds and re-checked, a submission asks for confirmation, and the
clerk sees the numbers it typed in full only in the request it is drafting (rule 14)."""

import pytest
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.access import Role
from bianzhi.ledgers import write_ledger
from bianzhi.models import AccessAction, AccessEvent
from people import idcrypto
from people.choices import RequestState
from people.models import ChangeRequestItem
from people.requests.items import ALREADY_IN_REQUEST
from tests.kit.factories import make_user
from tests.kit.privacy import workbook_rows

from .request_scene import (
    CONFIRMED,
    Scene,
    add_item,
    build_scene,
    create,
    entry_item,
    exit_item,
    login,
    snapshot,
    state_of,
    url,
)

pytestmark = pytest.mark.django_db
KEPT = {"quota_line", "permit", "post_category", "person_category", "job_title", "entry_way"}
PERSON_DETAILS = {
    "native_place": "山东济南",
    "education": "master",
    "degree": "master",
    "work_started_on": "2015-07-01",
    "professional_title": "中学一级教师",
}


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def filled(form) -> set[str]:
    return {name for name, value in form.initial.items() if value not in (None, "")}


def test_save_and_add_another_keeps_exactly_the_fields_a_batch_shares(client, scene):
    request = create(client, scene, "entry")
    first = entry_item(scene, "李娜", job_title="数学教师", department="", **PERSON_DETAILS)
    response = login(client, scene, "clerk").post(
        url("request_item_add", request), {**first, "add_another": "1"}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    form = page.context["form"]
    assert filled(form) == KEPT | {"institution"}
    assert form.initial["quota_line"] == str(scene.line.pk)
    assert form.initial["permit"] == str(scene.permit.pk)
    assert form.initial["job_title"] == "数学教师"
    assert form.initial["entry_way"] == "recruitment"
    assert not form.is_bound and not form.errors
    html = page.content.decode()
    assert "已保留上一人的编制类型、用编通知单、岗位类别、人员类别、职务、进入方式" in html
    assert "李娜" in html  # the success message names who was added
    assert first["id_number"] not in html

    second = entry_item(scene, "王芳", job_title="数学教师")
    add_item(client, scene, request, second)
    assert request.items.count() == 2


def test_the_kept_values_are_only_offers_a_forged_one_is_refused(client, scene):
    request = create(client, scene, "entry")
    form = (
        login(client, scene, "clerk")
        .get(url("request_item_add", request), {"permit": scene.sibling_permit.pk})
        .context["form"]
    )
    assert scene.sibling_permit not in form.fields["permit"].queryset
    data = entry_item(scene, "李娜", permit=scene.sibling_permit.pk)
    before = snapshot()
    response = client.post(url("request_item_add", request), data)
    assert response.status_code == 200 and "permit" in response.context["form"].errors
    assert snapshot() == before


def test_an_item_is_changed_with_every_field_it_holds(client, scene):
    request = create(client, scene, "entry")
    data = entry_item(scene, "李娜", job_title="数学教师", **PERSON_DETAILS)
    add_item(client, scene, request, data)
    item = request.items.get()
    edit_url = url("request_item_edit", request, item.pk)

    form = login(client, scene, "clerk").get(edit_url).context["form"]
    for name, value in {**PERSON_DETAILS, "id_number": data["id_number"], "name": "李娜"}.items():
        assert str(form.initial[name]) == value, name
    assert form.initial["permit"] == scene.permit.pk

    response = client.post(edit_url, {**data, "job_title": "物理教师", "name": "李娜娜"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.person_name == "李娜娜"
    assert item.data["job_title"] == "物理教师"
    person = idcrypto.open_part(item.data, "new_person")
    assert {name: str(person[name]) for name in PERSON_DETAILS} == PERSON_DETAILS
    assert person["id_number"] == data["id_number"]
    assert item.history.first().history_change_reason == "修改申报人员"


def test_an_edited_item_is_checked_again_and_nothing_changes_on_a_refusal(client, scene):
    request = create(client, scene, "entry")
    first, second = entry_item(scene, "李娜"), entry_item(scene, "王芳")
    add_item(client, scene, request, first)
    add_item(client, scene, request, second)
    item = request.items.get(person_name="王芳")
    edit_url = url("request_item_edit", request, item.pk)
    before = snapshot()

    wrong_digit = second["id_number"][:-1] + ("0" if second["id_number"][-1] != "0" else "1")
    response = login(client, scene, "clerk").post(edit_url, {**second, "id_number": wrong_digit})
    assert response.status_code == 200 and "id_number" in response.context["form"].errors

    response = client.post(edit_url, {**second, "id_number": first["id_number"]})
    assert ALREADY_IN_REQUEST % {"name": "王芳"} in str(response.context["form"].errors)

    response = client.post(edit_url, {**second, "post_category": ""})
    assert "post_category" in response.context["form"].errors
    assert snapshot() == before

    # Its own number is no duplicate of itself.
    assert client.post(edit_url, {**second, "job_title": "校医"}).status_code == 302


def test_an_exit_item_offers_its_own_person_when_changed(client, scene):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    item = request.items.get()
    edit_url = url("request_item_edit", request, item.pk)
    form = login(client, scene, "clerk").get(edit_url).context["form"]
    assert list(form.fields["record"].queryset) == [scene.record]
    assert form.initial["end_reason"] == "resignation"
    response = client.post(edit_url, {**exit_item(scene), "end_reason": "retirement"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.data["end_reason"] == "retirement" and item.record == scene.record


def test_items_are_changed_only_while_the_unit_drafts_the_request(client, scene):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    item = request.items.get()
    login(client, scene, "clerk").post(url("request_submit", request), CONFIRMED)
    assert state_of(request) == RequestState.SUBMITTED
    edit_url = url("request_item_edit", request, item.pk)
    assert client.get(edit_url).status_code == 302  # back to the request, with a message
    response = client.post(edit_url, {**exit_item(scene), "end_reason": "retirement"})
    assert response.status_code == 200
    assert "已不能修改" in str(response.context["form"].non_field_errors())
    item.refresh_from_db()
    assert item.data["end_reason"] == "resignation"
    login(client, scene, "reviewer")
    assert client.get(edit_url).status_code == 403


def test_submitting_asks_for_confirmation_first(client, scene):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    page = login(client, scene, "clerk").get(request.get_absolute_url())
    html = page.content.decode()
    assert f'href="{url("request_submit", request)}"' in html
    assert f'action="{url("request_submit", request)}"' not in html

    confirmation = client.get(url("request_submit", request))
    assert confirmation.status_code == 200
    assert "提交后不能再修改" in confirmation.content.decode()
    assert [row.name for row in confirmation.context["items"]] == ["张伟"]

    unconfirmed = client.post(url("request_submit", request))
    assert unconfirmed.status_code == 200
    assert state_of(request) == RequestState.DRAFT
    assert client.post(url("request_submit", request), CONFIRMED).status_code == 302
    assert state_of(request) == RequestState.SUBMITTED


def full_views() -> int:
    return AccessEvent.objects.filter(action=AccessAction.REQUEST_VIEW).count()


def test_the_clerk_sees_its_own_draft_in_full_and_nothing_else(client, scene, tmp_path):
    request = create(client, scene, "entry")
    data = entry_item(scene, "李娜")
    add_item(client, scene, request, data)
    number, masked = data["id_number"], f"{data['id_number'][:6]}********{data['id_number'][-4:]}"
    login(client, scene, "clerk")

    before = full_views()
    assert number in client.get(request.get_absolute_url()).content.decode()
    assert number in client.get(url("request_submit", request)).content.decode()
    item = request.items.get()
    assert number in client.get(url("request_item_edit", request, item.pk)).content.decode()
    assert full_views() == before + 3
    event = AccessEvent.objects.filter(action=AccessAction.REQUEST_VIEW).latest("pk")
    assert event.user == scene.user("clerk") and number not in event.label

    listed = client.get(reverse("people:request_list")).content.decode()
    history = client.get(url("request_history", request)).content.decode()
    assert number not in listed and number not in history

    assert client.post(url("request_submit", request), CONFIRMED).status_code == 302
    before = full_views()
    page = client.get(request.get_absolute_url()).content.decode()
    assert number not in page and masked in page
    assert full_views() == before


def test_a_clerk_of_another_unit_and_the_reviewer_see_the_draft_masked(client, scene):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    number = scene.record.person.id_number
    for role in ("reviewer", "partner"):
        page = login(client, scene, role).get(request.get_absolute_url())
        assert number not in page.content.decode(), role
    # The sibling unit's clerk cannot open the request at all.
    stranger = make_user(Role.CLERK, institution=scene.world.sibling, username="sibling-clerk")
    client.force_login(stranger)
    assert client.get(request.get_absolute_url()).status_code == 404


def test_the_roster_export_stays_masked_while_the_clerk_drafts(client, scene, tmp_path):
    request = create(client, scene, "exit")
    add_item(client, scene, request)
    number = scene.record.person.id_number
    target = tmp_path / "roster.xlsx"
    write_ledger(ledgers.get("roster"), user=scene.user("clerk"), params={}, target=target)
    rows = workbook_rows(target.read_bytes())
    assert any(scene.record.person.name in row for row in rows)
    assert not any(number in row for row in rows)
    assert ChangeRequestItem.objects.filter(request=request).exists()
