"""Bad input on the personnel pages (issue 3): each refused with a Chinese message naming the rule
and the figures, at the first step already, and nothing written."""

import datetime

import pytest
from django.urls import reverse

from bianzhi.history import system_actor
from people import services
from people.idnumbers import upgrade_legacy
from people.models import EstablishmentRecord, Person
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.pages import errors_of
from tests.people.test_change_pages import (
    appointment_data,
    build_scene,
    entry_data,
    exit_data,
    snapshot,
    transfer_data,
)
from tests.people.test_person_views import active_person

ENTRY = "people:entry_add"


@pytest.fixture
def scene(world):
    return build_scene(world)


def refused(client, url: str, data: dict) -> str:
    """Post both steps; both must come back to the form with errors and write nothing."""
    before = snapshot()
    messages = []
    for extra in ({}, {"confirm": "1"}):
        response = client.post(url, {**data, **extra})
        assert response.status_code == 200, extra
        assert "people/change_form.html" in [t.name for t in response.templates]
        assert response.context["form"].errors, extra
        messages.append(errors_of(response))
    assert snapshot() == before
    assert messages[0] == messages[1]
    return messages[0]


# --- 入编 -------------------------------------------------------------------------------------------


def test_entry_without_a_permit_names_the_rule_and_the_figures(staff, scene):
    message = refused(staff, reverse(ENTRY), entry_data(scene, permit=""))
    assert "入编须使用本单位同类编制有剩余名额的用编通知单（规则 3）" in message
    assert "“示例县本单位”事业编制（全额拨款）核定 50 名，实有 1 人，已核准未使用 1 名" in message


def test_entry_of_a_person_already_active_elsewhere_is_refused(staff, scene, world):
    elsewhere = active_person(world, "sibling", name="冯立")
    data = entry_data(scene, id_number=elsewhere.person.id_number, name="")
    message = refused(staff, reverse(ENTRY), data)
    assert "冯立 已在“示例县兄弟单位”占用行政编制，同一人只能占用一个编制（规则 7）" in message


def test_a_15_digit_id_number_is_upgraded(staff, scene):
    legacy = "990121880517123"
    data = entry_data(scene, id_number=legacy, name="老号码")
    confirmation = staff.post(reverse(ENTRY), data)
    assert ("身份证号", upgrade_legacy(legacy)) in confirmation.context["summary"]
    assert staff.post(reverse(ENTRY), {**data, "confirm": "1"}).status_code == 302
    person = Person.objects.get(name="老号码")
    assert person.id_number == upgrade_legacy(legacy)
    assert person.birth_date == datetime.date(1988, 5, 17)
    assert person.sex == "M"


def test_a_mistyped_id_number_names_the_expected_check_character(staff, scene):
    number = builders.id_number()
    wrong_check = "0" if number[17] != "0" else "1"
    data = entry_data(scene, id_number=number[:17] + wrong_check)
    message = refused(staff, reverse(ENTRY), data)
    assert f"身份证号校验位错误：第 18 位应为“{number[17]}”" in message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("99012119900517", "身份证号应为 18 位"),
        ("99012119901317123X", "不是有效日期"),
        ("9901211990051712AX", "前 17 位应全部为数字"),
    ],
)
def test_malformed_id_numbers_are_refused_in_chinese(staff, scene, typed, expected):
    assert expected in refused(staff, reverse(ENTRY), entry_data(scene, id_number=typed))


def test_a_birth_date_that_disagrees_with_the_id_number_is_refused(staff, scene):
    data = entry_data(
        scene,
        id_number=builders.id_number(birth=datetime.date(1990, 5, 17)),
        birth_date="1990-05-18",
    )
    message = refused(staff, reverse(ENTRY), data)
    assert "出生日期 1990-05-18 与身份证号不符（身份证号显示为 1990-05-17）" in message


def test_a_sex_that_disagrees_with_the_id_number_is_refused(staff, scene):
    data = entry_data(scene, id_number=builders.id_number(male=True), sex="F")
    assert "性别“女”与身份证号不符" in refused(staff, reverse(ENTRY), data)


def test_an_id_number_registered_outside_the_scope_cannot_be_registered_again(staff, scene, world):
    stranger = builders.person(world.other_region, "外县人")
    data = entry_data(scene, id_number=stranger.id_number, name="外县人")
    assert "该身份证号已登记，同一人不能重复登记（规则 7）" in refused(staff, reverse(ENTRY), data)


def test_a_name_that_disagrees_with_the_registered_person_is_refused(staff, scene):
    data = entry_data(scene, id_number=scene.record.person.id_number, name="别人")
    message = refused(staff, reverse(ENTRY), data)
    assert "已登记为“周敏”，与填写的姓名“别人”不符" in message


def test_a_new_person_needs_a_name(staff, scene):
    assert "新登记人员须填写姓名" in refused(staff, reverse(ENTRY), entry_data(scene, name=""))


def test_a_worker_post_on_an_administrative_slot_is_mixed_use(staff, scene, world):
    data = entry_data(
        scene,
        institution=world.sibling.pk,
        quota_line=scene.sibling_line.pk,
        permit=scene.sibling_permit.pk,
        post_category="worker",
    )
    assert "机关工勤人员须占用机关工勤编制（规则 6）" in refused(staff, reverse(ENTRY), data)


def test_an_organ_post_needs_civil_servant_registration(staff, scene, world):
    data = entry_data(
        scene,
        institution=world.sibling.pk,
        quota_line=scene.sibling_line.pk,
        permit=scene.sibling_permit.pk,
        post_category="management",
        name="未登记",
    )
    message = refused(staff, reverse(ENTRY), data)
    assert "未登记 在非工勤岗位须已办理公务员登记（规则 6）" in message


def test_an_entry_date_in_the_future_is_refused(staff, scene, today):
    tomorrow = today + datetime.timedelta(days=1)
    data = entry_data(scene, entry_on=tomorrow.isoformat())
    assert "入编时间不能晚于今天" in refused(staff, reverse(ENTRY), data)


def test_a_used_up_permit_is_not_offered_and_cannot_be_forged(staff, scene, world):
    used_up = scene.record.permit
    form = staff.get(reverse(ENTRY), {"quota_line": scene.record.quota_line_id}).context["form"]
    assert used_up not in form.fields["permit"].queryset
    message = refused(staff, reverse(ENTRY), entry_data(scene, permit=used_up.pk))
    assert "选择一个有效的选项" in message


def test_an_unregistered_document_number_is_named(staff, scene):
    data = entry_data(scene, entry_document="示编发〔2099〕1号")
    assert "未找到文号为“示编发〔2099〕1号”的批准文件" in refused(staff, reverse(ENTRY), data)


# --- 出编、调动 ---------------------------------------------------------------------------------------


def test_an_exit_before_the_entry_date_is_refused(staff, scene):
    url = reverse("people:exit_add", args=[scene.record.pk])
    message = refused(staff, url, exit_data(scene, ended_on=day(1, 1, years=-1).isoformat()))
    expected = f"出编时间 {day(1, 1, years=-1)} 不能早于入编时间 {builders.ENTERED}"
    assert expected in message


def test_a_record_that_has_ended_cannot_end_again(staff, scene):
    services.exit_register(
        record=scene.record,
        ended_on=day(3, 1),
        end_reason="retirement",
        actor=system_actor(),
    )
    url = reverse("people:exit_add", args=[scene.record.pk])
    assert "这条占编记录已结束" in refused(staff, url, exit_data(scene))


def test_a_transfer_without_a_permit_of_the_receiving_unit_is_refused(staff, scene):
    url = reverse("people:transfer_add", args=[scene.record.pk])
    message = refused(staff, url, transfer_data(scene, permit=""))
    assert "“示例县兄弟单位”行政编制核定 50 名，实有 0 人" in message
    assert EstablishmentRecord.objects.get(pk=scene.record.pk).is_active


# --- 任职 -------------------------------------------------------------------------------------------


def test_a_second_unit_head_beyond_the_quota_is_refused(staff, scene, world):
    head = scene.appointment.quota
    second = active_person(world, "unit", name="第二正职")
    url = reverse("people:appointment_add", args=[second.person_id])
    message = refused(staff, url, appointment_data(scene, quota=head.pk, title="主任"))
    assert "核定 1 名，已配 1 名，再任职将超职数配备（规则 5）" in message


def test_over_quota_with_a_document_is_allowed_and_shown_as_over(staff, scene, world):
    head = scene.appointment.quota
    second = active_person(world, "unit", name="第二正职")
    url = reverse("people:appointment_add", args=[second.person_id])
    data = appointment_data(
        scene, quota=head.pk, title="主任", over_quota_document=builders.document(world.unit).number
    )
    (panel,) = staff.post(url, data).context["comparisons"]
    assert {r.label: (r.before, r.after) for r in panel.rows}["超配"] == (0, 1)


def test_not_counting_against_the_quota_needs_a_document(staff, scene):
    url = reverse("people:appointment_add", args=[scene.record.person_id])
    data = appointment_data(scene, counts_against_quota="")
    assert "兼职不占职数须依据批准文件" in refused(staff, url, data)


def test_a_person_not_in_establishment_cannot_be_appointed(staff, scene, world):
    outsider = builders.person(world.region, "无编人员")
    url = reverse("people:appointment_add", args=[outsider.pk])
    assert "当前没有在编记录，不能任职" in refused(staff, url, appointment_data(scene))


def test_the_institution_quota_list_offers_only_the_chosen_units_posts(staff, scene, world):
    sibling_post = builders.leadership_quota(world.sibling, "unit_head", 1)
    url = reverse("people:appointment_add", args=[scene.record.person_id])
    form = staff.get(url).context["form"]
    assert form.initial["institution"] == world.unit.pk
    assert sibling_post not in form.fields["quota"].queryset
    message = refused(staff, url, appointment_data(scene, quota=sibling_post.pk))
    assert "选择一个有效的选项" in message
