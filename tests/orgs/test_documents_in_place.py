"""登记批准文件 in place: approving a 用编申请 or entering an 编制调整 whose 文号 is not registered
registers it in the same form (with the documents page's service and checks), in the same
transaction; the 涉及机构 choice is searched (htmx) within the user's scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs import documents_in_place
from orgs.models import ApprovalDocument
from people.choices import RequestState
from staffing.models import Adjustment
from tests.attachments.conftest import PDF
from tests.kit.clock import day
from tests.people.request_scene import approve_data, build_scene, post, reviewed
from tests.staffing.test_views import adjustment_data

NUMBER = "示编发〔2026〕301号"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def scene(world):
    return build_scene(world)


def new_document(**overrides) -> dict:
    return {
        "register_document": "on",
        "newdoc-title": "关于核准使用事业编制的批复",
        "newdoc-issuer": "示例县机构编制委员会办公室",
        "newdoc-issued_on": day(3, 2).isoformat(),
        "newdoc-region": "",
        "newdoc-scan_token": "",
        **overrides,
    }


def test_approving_a_permit_request_registers_its_document_in_the_same_form(client, scene):
    request = reviewed(client, scene, "permit")
    data = {
        **approve_data(scene),
        "document": NUMBER,
        **new_document(**{"newdoc-scan": SimpleUploadedFile("批复.pdf", PDF)}),
        "confirm": "on",
    }
    data["newdoc-region"] = scene.world.region.pk
    response = post(client, scene, "office_staff", "request_approve", request, data)
    assert response.status_code == 302, response.context["form"].errors
    request.refresh_from_db()
    document = ApprovalDocument.objects.get(number=NUMBER)
    assert request.state == RequestState.APPROVED and request.document == document
    assert document.scan.name.endswith(".pdf")
    assert list(document.institutions.all()) == [scene.world.unit]
    assert document.history.get().history_user == scene.user("office_staff")


def test_an_unregistered_number_without_registering_is_refused_with_the_way_out(client, scene):
    request = reviewed(client, scene, "permit")
    data = {**approve_data(scene), "document": NUMBER, "confirm": "on"}
    response = post(client, scene, "office_staff", "request_approve", request, data)
    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [
        documents_in_place.NOT_REGISTERED % {"value": NUMBER}
    ]
    assert not ApprovalDocument.objects.filter(number=NUMBER).exists()


def test_an_incomplete_new_document_shows_its_errors_and_writes_nothing(client, scene):
    request = reviewed(client, scene, "permit")
    data = {
        **approve_data(scene),
        "document": NUMBER,
        **new_document(**{"newdoc-title": ""}),
        "confirm": "on",
    }
    response = post(client, scene, "office_staff", "request_approve", request, data)
    form = response.context["form"]
    assert form.errors["register_document"] == [documents_in_place.COMPLETE_BELOW]
    assert "title" in form.new_document.errors
    assert "newdoc-title" in response.content.decode()
    assert request.state == RequestState.REVIEWED
    assert not ApprovalDocument.objects.filter(number=NUMBER).exists()


def test_the_new_documents_region_defaults_to_the_users(client, scene):
    request = reviewed(client, scene, "permit")
    client.force_login(scene.user("office_staff"))
    page = client.get(request.get_absolute_url())
    new = page.context["decision_forms"]["approve"].new_document
    assert new["region"].value() == scene.world.region.pk


def adjustment_post(client, world, **extra):
    client.force_login(world.users["office_staff"])
    data = adjustment_data(world.unit, **extra)
    data["document"] = NUMBER
    return client.post(reverse("staffing:adjustment_add"), data)


def test_an_adjustment_registers_its_document_and_keeps_the_scan_across_confirmation(
    client, world, media, django_capture_on_commit_callbacks
):
    scan = SimpleUploadedFile("纪要.pdf", PDF)
    step1 = adjustment_post(client, world, **new_document(**{"newdoc-scan": scan}))
    assert step1.status_code == 200
    assert "确认时一并登记此文件" in step1.content.decode()
    assert not ApprovalDocument.objects.filter(number=NUMBER).exists()
    repost = dict(step1.context["repost"])
    assert repost["newdoc-scan_token"]
    with django_capture_on_commit_callbacks(execute=True):
        step2 = client.post(reverse("staffing:adjustment_add"), {**repost, "confirm": "1"})
    assert step2.status_code == 302
    document = ApprovalDocument.objects.get(number=NUMBER)
    assert Adjustment.objects.get(document=document).lines.get().institution == world.unit
    assert document.scan.read() == PDF
    assert list(document.institutions.all()) == [world.unit]
    assert not list((media / "staged").iterdir())


def test_a_forged_scan_token_is_refused(client, world):
    data = new_document(**{"newdoc-scan_token": "forged"})
    response = adjustment_post(client, world, confirm="1", **data)
    assert response.status_code == 200
    assert documents_in_place.STAGED_LOST in response.context["form"].new_document.errors["scan"]
    assert not ApprovalDocument.objects.filter(number=NUMBER).exists()


def test_a_refused_adjustment_registers_no_document(client, world):
    response = adjustment_post(
        client, world, confirm="1", **new_document(), **{"lines-0-delta": "-99"}
    )
    assert response.status_code == 200
    assert not ApprovalDocument.objects.filter(number=NUMBER).exists()


def test_registering_a_number_that_exists_is_refused(client, world):
    data = adjustment_data(world.unit, **new_document())
    client.force_login(world.users["office_staff"])
    response = client.post(reverse("staffing:adjustment_add"), data)
    assert response.context["form"].errors["register_document"] == [
        documents_in_place.ALREADY_REGISTERED
    ]


# --- 涉及机构: searched, scoped -----------------------------------------------------------------


def picker(client, user, q):
    client.force_login(user)
    return client.get(reverse("orgs:institution_picker"), {"q": q, "name": "newdoc-institutions"})


def test_the_picker_finds_institutions_by_part_of_the_name(client, world):
    response = picker(client, world.users["office_staff"], "兄弟")
    assert response.status_code == 200
    assert list(response.context["matches"]) == [world.sibling]
    assert 'name="newdoc-institutions"' in response.content.decode()


def test_the_picker_finds_only_what_the_user_may_see(client, world):
    assert list(picker(client, world.users["clerk"], "示例县").context["matches"]) == [world.unit]
    assert (
        picker(client, world.users["office_staff"], world.foreign.full_name).context["matches"]
        == []
    )


def test_the_picker_says_when_nothing_matches(client, world):
    response = picker(client, world.users["office_staff"], "不存在的单位")
    assert "0 条" in response.content.decode()


def test_the_picker_needs_a_login(client):
    response = client.get(reverse("orgs:institution_picker"), {"q": "县"})
    assert response.status_code == 302


def test_the_document_form_renders_no_select_of_every_institution(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("orgs:document_add")).content.decode()
    assert reverse("orgs:institution_picker") in page
    assert world.sibling.full_name not in page
