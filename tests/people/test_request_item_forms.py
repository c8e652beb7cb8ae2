"""The item forms of a change request: choices limited to the request's unit (the receiving unit
of a transfer: any active unit of the region), a person found by ID number, corrections that
keep only what changes, and bad input shown on the form with nothing written."""

import datetime

import pytest

from bianzhi.access import Role
from people import idcrypto, services
from people.models import ChangeRequestItem
from people.requests.kinds.correction import NOTHING_TO_CORRECT
from people.requests.kinds.entry import (
    ID_NUMBER_UNAVAILABLE,
    REGISTERED_ELSEWHERE_NEEDS_NAME,
)
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, make_user

from .request_scene import (
    Scene,
    add_item,
    build_scene,
    correction_item,
    create,
    entry_item,
    exit_item,
    login,
    permit_item,
    snapshot,
    transfer_item,
    url,
)

pytestmark = pytest.mark.django_db
INVALID_CHOICE = "选择一个有效的选项"


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def post_item(client, scene, request, data):
    login(client, scene, "clerk")
    return client.post(url("request_item_add", request), data)


def assert_refused(response, *fields, message=INVALID_CHOICE):
    assert response.status_code == 200
    errors = response.context["form"].errors
    for name in fields:
        assert message in str(errors.get(name)), errors


def test_another_units_record_cannot_be_reported(client, scene):
    request = create(client, scene, "exit")
    stranger = builders.enter(builders.person(scene.world.region, "钱多"), scene.sibling_line)
    before = snapshot()
    response = post_item(client, scene, request, {"record": stranger.pk, "end_reason": "other"})
    assert_refused(response, "record")
    assert snapshot() == before


def test_a_person_already_in_the_request_is_not_offered_again(client, scene):
    request = create(client, scene, "exit")
    form = login(client, scene, "clerk").get(url("request_item_add", request)).context["form"]
    assert list(form.fields["record"].queryset) == [scene.record]
    assert "internal_transfer" not in dict(form.fields["end_reason"].choices)
    add_item(client, scene, request)
    form = client.get(url("request_item_add", request)).context["form"]
    assert list(form.fields["record"].queryset) == []
    assert_refused(post_item(client, scene, request, exit_item(scene)), "record")


def test_the_transfer_offers_the_regions_other_active_units(client, scene):
    world = scene.world
    abolished = InstitutionFactory(
        full_name="示例县已撤销单位",
        region=world.region,
        status="abolished",
        abolition_document=builders.document(world.unit),
        abolished_on=builders.ENTERED,
    )
    request = create(client, scene, "transfer")
    form = login(client, scene, "clerk").get(url("request_item_add", request)).context["form"]
    offered = set(form.fields["institution"].queryset)
    assert {world.supervisor, world.sibling} <= offered
    assert not offered & {world.unit, world.foreign, abolished}
    assert "permit" not in form.fields


def test_the_transfer_lists_follow_the_chosen_unit(client, scene):
    request = create(client, scene, "transfer")
    data = {**transfer_item(scene), "quota_line": "", "refresh": "1"}
    before = snapshot()
    response = post_item(client, scene, request, data)
    form = response.context["form"]
    assert not form.is_bound
    assert list(form.fields["quota_line"].queryset) == [scene.sibling_line]
    assert 'id="bz-form-body"' in response.content.decode()
    assert snapshot() == before


def test_the_transfer_cannot_target_the_own_or_a_foreign_unit(client, scene):
    request = create(client, scene, "transfer")
    foreign_line = builders.quota(scene.world.foreign, approved=2)
    before = snapshot()
    own = {**transfer_item(scene), "institution": scene.world.unit.pk, "quota_line": scene.line.pk}
    assert_refused(post_item(client, scene, request, own), "institution", "quota_line")
    foreign = {
        **transfer_item(scene),
        "institution": scene.world.foreign.pk,
        "quota_line": foreign_line.pk,
    }
    assert_refused(post_item(client, scene, request, foreign), "institution", "quota_line")
    mixed = {**transfer_item(scene), "quota_line": foreign_line.pk}
    assert_refused(post_item(client, scene, request, mixed), "quota_line")
    assert snapshot() == before


def test_an_entry_takes_only_the_units_lines_and_permits(client, scene):
    request = create(client, scene, "entry")
    before = snapshot()
    data = entry_item(scene, quota_line=scene.sibling_line.pk, permit=scene.sibling_permit.pk)
    assert_refused(post_item(client, scene, request, data), "quota_line", "permit")
    data = entry_item(scene, permit=scene.sibling_permit.pk)
    assert_refused(post_item(client, scene, request, data), "permit")
    assert snapshot() == before


def test_an_entry_keeps_the_new_persons_fields_as_json(client, scene):
    request = create(client, scene, "entry")
    data = entry_item(scene, "李娜", work_started_on="2015-07-01", native_place="湖南长沙")
    add_item(client, scene, request, data)
    item = request.items.get()
    assert item.person is None and item.person_name == "李娜"
    assert item.id_number == data["id_number"]
    new_person = item.data["new_person"]
    assert new_person["birth_date"] == "1990-05-17" and new_person["sex"] == "F"
    assert new_person["work_started_on"] == "2015-07-01"
    assert item.data["quota_line"] == scene.line.pk and item.data["permit"] == scene.permit.pk


def test_a_new_persons_bad_id_number_or_birth_date_is_shown(client, scene):
    request = create(client, scene, "entry")
    before = snapshot()
    response = post_item(client, scene, request, entry_item(scene, id_number="123"))
    assert response.status_code == 200 and response.context["form"].errors["id_number"]
    response = post_item(client, scene, request, entry_item(scene, birth_date="1991-01-01"))
    assert "birth_date" in response.context["form"].errors
    assert snapshot() == before


def test_a_person_who_left_the_unit_is_found_by_id_number(client, scene):
    left = builders.enter(builders.person(scene.world.region, "郑重"), scene.line)
    services.exit_register(
        record=left, ended_on=builders.ENTERED, end_reason="other", actor=scene.user("office_staff")
    )
    request = create(client, scene, "entry")
    add_item(client, scene, request, entry_item(scene, "", id_number=left.person.id_number))
    item = request.items.get()
    assert item.person == left.person and item.person_name == "郑重"
    assert "new_person" not in item.data


def test_a_person_registered_elsewhere_is_identified_by_name_without_revealing_it(client, scene):
    elsewhere = builders.person(scene.world.other_region, "孙悟")
    request = create(client, scene, "entry")
    before = snapshot()
    response = post_item(
        client, scene, request, entry_item(scene, "", id_number=elsewhere.id_number)
    )
    assert_refused(response, "name", message=REGISTERED_ELSEWHERE_NEEDS_NAME)
    response = post_item(
        client, scene, request, entry_item(scene, "孙空", id_number=elsewhere.id_number)
    )
    assert_refused(response, "id_number", message=ID_NUMBER_UNAVAILABLE)
    assert "孙悟" not in response.content.decode()
    assert snapshot() == before
    add_item(client, scene, request, entry_item(scene, "孙悟", id_number=elsewhere.id_number))
    assert request.items.get().person == elsewhere


def test_an_appointment_takes_the_units_people_and_posts_only(client, scene):
    request = create(client, scene, "appointment")
    outsider = builders.enter(builders.person(scene.world.region, "钱多"), scene.sibling_line)
    sibling_post = builders.leadership_quota(scene.world.sibling, "unit_head", 1)
    form = login(client, scene, "clerk").get(url("request_item_add", request)).context["form"]
    assert list(form.fields["person"].queryset) == [scene.record.person]
    assert set(form.fields["quota"].queryset) == {scene.head, scene.deputy}
    data = {"person": outsider.person_id, "quota": sibling_post.pk, "title": "局长"}
    assert_refused(post_item(client, scene, request, data), "person", "quota")


def test_a_dismissal_offers_the_current_posts_of_the_unit(client, scene):
    ended = builders.appoint(
        builders.enter(builders.person(scene.world.region, "前任"), scene.line).person,
        scene.deputy,
        title="副主任",
    )
    services.appointment_end(
        appointment=ended,
        ended_on=builders.ENTERED + datetime.timedelta(days=5),
        document=scene.document,
        actor=scene.user("office_staff"),
    )
    request = create(client, scene, "dismissal")
    form = login(client, scene, "clerk").get(url("request_item_add", request)).context["form"]
    assert list(form.fields["appointment"].queryset) == [scene.appointment]
    assert_refused(post_item(client, scene, request, {"appointment": ended.pk}), "appointment")


def test_a_correction_keeps_only_what_changes(client, scene):
    request = create(client, scene, "correction")
    person = scene.record.person
    data = correction_item(
        scene, name=person.name, job_title="教研组长", post_category=scene.record.post_category
    )
    add_item(client, scene, request, data)
    item = request.items.get()
    assert item.data == {"person": {}, "record": {"job_title": "教研组长"}}
    assert item.record == scene.record and item.person == person


def test_a_new_id_number_brings_its_birth_date_and_sex(client, scene):
    request = create(client, scene, "correction")
    new_number = builders.id_number(birth=datetime.date(1988, 3, 9), male=False)
    add_item(
        client, scene, request, correction_item(scene, name="", id_number=new_number, job_title="")
    )
    changes = idcrypto.open_part(request.items.get().data, "person")
    assert changes == {"id_number": new_number, "birth_date": "1988-03-09", "sex": "F"}


def test_bad_corrections_are_shown_and_nothing_is_written(client, scene):
    request = create(client, scene, "correction")
    before = snapshot()
    same = correction_item(scene, name=scene.record.person.name, job_title="")
    response = post_item(client, scene, request, same)
    assert NOTHING_TO_CORRECT in str(response.context["form"].non_field_errors())
    response = post_item(client, scene, request, correction_item(scene, id_number="110105"))
    assert "id_number" in response.context["form"].errors
    response = post_item(client, scene, request, correction_item(scene, birth_date="1970-01-01"))
    assert "birth_date" in response.context["form"].errors
    sibling_line = {**correction_item(scene), "quota_line": scene.sibling_line.pk}
    assert_refused(post_item(client, scene, request, sibling_line), "quota_line")
    assert snapshot() == before


def test_the_correction_form_shows_the_current_values(client, scene):
    request = create(client, scene, "correction")
    response = post_item(client, scene, request, {"record": scene.record.pk, "refresh": "1"})
    form = response.context["form"]
    assert form.fields["name"].help_text == "现为：张伟"
    assert "****" in form.fields["id_number"].help_text


def test_a_permit_request_for_a_full_unit_is_refused_in_the_preview(client, scene):
    request = create(client, scene, "permit")
    bad = {**permit_item(scene), "count": "0"}
    assert "count" in post_item(client, scene, request, bad).context["form"].errors
    foreign = {**permit_item(scene), "quota_line": scene.sibling_line.pk}
    assert_refused(post_item(client, scene, request, foreign), "quota_line")
    add_item(client, scene, request, {**permit_item(scene), "count": "3"})
    item = request.items.get()
    assert item.data == {
        "quota_line": scene.line.pk,
        "count": 3,
        "purpose": "examination",
        "posts": "初中数学教师 2 名，本科及以上学历",
        "fill_method": "selection",
    }
    preview = login(client, scene, "clerk").get(request.get_absolute_url()).context["preview"]
    assert preview.errors, "5 approved, 1 occupied, 2 reserved: 3 more is refused (rule 2)"


def test_items_are_added_only_by_the_clerk_of_the_unit(client, scene):
    request = create(client, scene, "exit")
    for role in ("reviewer", "office_staff"):
        login(client, scene, role)
        assert client.post(url("request_item_add", request), exit_item(scene)).status_code == 403
    sibling_clerk = make_user(Role.CLERK, institution=scene.world.sibling, username="c2")
    client.force_login(sibling_clerk)
    assert client.post(url("request_item_add", request), exit_item(scene)).status_code == 404
    assert not ChangeRequestItem.objects.exists()


def test_the_same_new_person_cannot_be_added_twice(client, scene):
    request = create(client, scene, "entry")
    data = entry_item(scene, "李娜")
    add_item(client, scene, request, data)
    response = post_item(client, scene, request, data)
    assert "李娜 已在本申报中。" in str(response.context["form"].errors["id_number"])
    assert request.items.count() == 1


def test_an_occurrence_before_the_persons_entry_is_refused(client, scene):
    before_entry = (builders.ENTERED - datetime.timedelta(days=1)).isoformat()
    request = create(client, scene, "exit", occurred_on=before_entry)
    response = post_item(client, scene, request, exit_item(scene))
    assert response.status_code == 200
    assert "不能早于 张伟 的入编时间" in str(response.context["form"].non_field_errors())
    assert not request.items.exists()
