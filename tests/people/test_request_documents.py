"""Issue 14 (items 3 and 13): the documents that allow an exception travel with the request. An
entry under a 招考 permit by another way than examination (凡进必考) and a post outside the holder's
own unit (双重身份, rule 18) are refused at approval without the document, and approved with the
one the clerk names on the item."""

import pytest
from django.core.exceptions import ValidationError

from people import services
from people.choices import RequestState
from people.models import LeadershipAppointment
from people.requests.approval import Approval
from people.requests.preview import apply_items
from tests.kit import builders

from .request_scene import (
    CONFIRMED,
    Scene,
    add_item,
    approve_data,
    build_scene,
    create,
    entry_item,
    login,
    occurred,
    post,
    state_of,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def decide(client, scene, request):
    """Submit, review and approve through the pages, confirming past the preview's refusals."""
    assert post(client, scene, "clerk", "request_submit", request, CONFIRMED).status_code == 302
    post(client, scene, "reviewer", "request_review", request, {"confirm": "on"})
    data = {**approve_data(scene), "confirm": "on"}
    return post(client, scene, "office_staff", "request_approve", request, data)


def preview_errors(client, scene, request) -> list[str]:
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    return page.context["preview"].errors


def refused(client, scene, request, expected: str) -> None:
    """Without the document the request cannot even be sent (its preview breaks a rule), and
    the approval's own loop refuses it with the same message."""
    response = post(client, scene, "clerk", "request_submit", request, CONFIRMED)
    assert response.status_code == 200
    assert (
        f"{request.items.get().person_name}：{expected}"
        in response.context["form"].non_field_errors()
    )
    assert state_of(request) == RequestState.DRAFT
    approval = Approval(
        actor=scene.user("office_staff"), document=scene.document, on=occurred(), reason="核准"
    )
    with pytest.raises(ValidationError) as refusal:
        apply_items(request, list(request.items.all()), approval, collect=False)
    assert refusal.value.messages == [expected]


def transfer_entry(scene, name, **overrides) -> dict:
    """An entry by 调入 on the scene's permit, which was issued for 招考."""
    assert scene.permit.purpose == "examination"
    return entry_item(scene, name, entry_way="transfer_in", **overrides)


def test_an_entry_by_transfer_on_an_exam_permit_is_refused_without_the_document(client, scene):
    request = create(client, scene, "entry")
    add_item(client, scene, request, transfer_entry(scene, "李娜"))
    expected = services.EXAM_PERMIT_NEEDS_EXAM % {"number": scene.permit.number, "way": "调入"}
    assert preview_errors(client, scene, request) == [f"李娜：{expected}"]
    assert "未经考试进入依据文号" in expected, "the preview names the document needed"

    refused(client, scene, request, expected)


def test_an_entry_by_transfer_on_an_exam_permit_is_approved_with_the_document(client, scene):
    allowed = builders.document(scene.world.unit, number="示人社函〔2026〕5号")
    request = create(client, scene, "entry")
    data = transfer_entry(scene, "李娜", exam_exemption_document=allowed.number)
    add_item(client, scene, request, data)
    page = login(client, scene, "clerk").get(request.get_absolute_url())
    details = dict(page.context["items"][0].details)
    assert details["未经考试进入依据文号"] == "示人社函〔2026〕5号"
    assert preview_errors(client, scene, request) == []

    assert decide(client, scene, request).status_code == 302
    assert state_of(request) == RequestState.APPROVED
    record = request.items.get().result_record
    assert record.entry_way == "transfer_in"
    assert record.exam_exemption_document == allowed


def test_the_clerk_names_only_documents_in_scope(client, scene):
    elsewhere = builders.document(scene.world.foreign, number="他编发〔2026〕1号")
    request = create(client, scene, "entry")
    data = transfer_entry(scene, "李娜", exam_exemption_document=elsewhere.number)
    response = login(client, scene, "clerk").post(url("request_item_add", request), data)
    assert response.status_code == 200
    assert "exam_exemption_document" in response.context["form"].errors
    assert not request.items.exists()


# --- 双重身份: a person in establishment in another unit takes a post of this unit -------------


@pytest.fixture
def outsider(scene):
    """赵强, in establishment at the sibling unit."""
    return builders.enter(builders.person(scene.world.region, "赵强"), scene.sibling_line).person


def outsider_appointment(scene, outsider, **overrides) -> dict:
    return {
        "person": "",
        "id_number": outsider.id_number,
        "name": outsider.name,
        "quota": scene.deputy.pk,
        "title": "副主任",
        "counts_against_quota": "on",
        **overrides,
    }


def test_a_dual_identity_appointment_is_refused_without_the_document(client, scene, outsider):
    request = create(client, scene, "appointment")
    add_item(client, scene, request, outsider_appointment(scene, outsider))
    assert request.items.get().person == outsider
    expected = services.DUAL_IDENTITY_NEEDS_DOCUMENT % {
        "name": "赵强",
        "home": "示例县兄弟单位",
        "institution": "示例县本单位",
    }
    assert preview_errors(client, scene, request) == [f"赵强：{expected}"]
    assert "双重身份依据文号" in expected

    refused(client, scene, request, expected)
    assert not LeadershipAppointment.objects.filter(person=outsider).exists()


def test_a_dual_identity_appointment_is_approved_with_the_document(client, scene, outsider):
    allowed = builders.document(scene.world.unit, number="示组干〔2026〕9号")
    request = create(client, scene, "appointment")
    data = outsider_appointment(scene, outsider, dual_identity_document=allowed.number)
    add_item(client, scene, request, data)
    assert preview_errors(client, scene, request) == []

    assert decide(client, scene, request).status_code == 302
    appointment = LeadershipAppointment.objects.get(person=outsider)
    assert appointment.quota == scene.deputy
    assert appointment.dual_identity_document == allowed


def test_an_outsider_is_proved_by_the_name(client, scene, outsider):
    request = create(client, scene, "appointment")
    data = outsider_appointment(scene, outsider, name="赵刚")
    response = login(client, scene, "clerk").post(url("request_item_add", request), data)
    assert "name" in response.context["form"].errors
    both = outsider_appointment(scene, outsider, person=scene.record.person_id)
    response = client.post(url("request_item_add", request), both)
    assert response.context["form"].non_field_errors()
    assert not request.items.exists()


def test_the_request_pages_link_the_rule_a_refusal_cites(client, scene, outsider):
    """The preview's list of refusals on the request's page links 规则 18."""
    request = create(client, scene, "appointment")
    add_item(client, scene, request, outsider_appointment(scene, outsider))
    page = login(client, scene, "office_staff").get(request.get_absolute_url())
    assert page.context["preview"].errors
    assert 'href="/rules/#rule-18"' in page.content.decode()
