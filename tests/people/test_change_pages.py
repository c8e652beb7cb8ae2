"""The office's personnel changes (入编, 出编, 调动, 任职, 免职): who may open them, the confirmation
step that writes nothing, the confirmed post that writes once with history, and scope."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from people import services
from people.models import EstablishmentRecord, LeadershipAppointment, Person
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES, WRITERS, World
from tests.people.test_person_views import (
    active_person,
    line_at,
)

READERS = [role for role in ROLES if role not in WRITERS]
CHANGED_ON = day(3, 1).isoformat()


@dataclass
class Scene:
    world: World
    record: EstablishmentRecord  # 周敏, active at 本单位
    unit_permit: object
    sibling_line: object
    sibling_permit: object
    deputy_post: object  # 本单位 单位副职, 2 approved, none filled
    appointment: LeadershipAppointment  # 周敏 as 主任 under 单位正职 (1 approved)
    document: object


def build_scene(world: World) -> Scene:
    record = active_person(world, "unit", name="周敏")
    head = builders.leadership_quota(world.unit, "unit_head", 1)
    deputy = builders.leadership_quota(world.unit, "unit_deputy", 2)
    appointment = builders.appoint(record.person, head, title="主任")
    sibling_line = line_at(world.sibling)
    return Scene(
        world=world,
        record=record,
        unit_permit=builders.permit(line_at(world.unit)),
        sibling_line=sibling_line,
        sibling_permit=builders.permit(sibling_line),
        deputy_post=deputy,
        appointment=appointment,
        document=builders.document(world.unit),
    )


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def entry_data(scene: Scene, **overrides) -> dict:
    data = {
        "institution": scene.world.unit.pk,
        "quota_line": scene.record.quota_line_id,
        "permit": scene.unit_permit.pk,
        "department": "",
        "id_number": builders.id_number(),
        "name": "吴新",
        "sex": "",
        "birth_date": "",
        "ethnicity": "汉族",
        "native_place": "",
        "political_status": "masses",
        "education": "bachelor",
        "degree": "bachelor",
        "work_started_on": "",
        "professional_title": "",
        "post_category": "professional",
        "person_category": "staff",
        "job_title": "",
        "entry_way": "recruitment",
        "entry_on": CHANGED_ON,
        "entry_document": "",
        "reason": "公开招聘入编",
    }
    data.update(overrides)
    return data


def exit_data(scene: Scene, **overrides) -> dict:
    return {
        "ended_on": CHANGED_ON,
        "end_reason": "resignation",
        "end_document": scene.document.number,
        "reason": "辞职出编",
        **overrides,
    }


def transfer_data(scene: Scene, **overrides) -> dict:
    return {
        "institution": scene.world.sibling.pk,
        "quota_line": scene.sibling_line.pk,
        "permit": scene.sibling_permit.pk,
        "department": "",
        "post_category": "management",
        "person_category": "staff",
        "job_title": "科员",
        "transferred_on": CHANGED_ON,
        "document": "",
        "reason": "工作调动",
        **overrides,
    }


def appointment_data(scene: Scene, **overrides) -> dict:
    return {
        "institution": scene.world.unit.pk,
        "quota": scene.deputy_post.pk,
        "title": "副主任",
        "started_on": CHANGED_ON,
        "document": scene.document.number,
        "counts_against_quota": "on",
        "exemption_document": "",
        "over_quota_document": "",
        "reason": "任命副主任",
        **overrides,
    }


def appointment_end_data(scene: Scene, **overrides) -> dict:
    return {
        "ended_on": CHANGED_ON,
        "document": scene.document.number,
        "reason": "免去职务",
        **overrides,
    }


def snapshot() -> tuple:
    """Rows and history rows of everything these pages could write."""
    models = (Person, EstablishmentRecord, LeadershipAppointment)
    return tuple(n for model in models for n in (model.objects.count(), model.history.count()))


def latest(model):
    return model.objects.order_by("-pk").first()


def assert_one_history(obj, user, reason: str, *, before: int = 0):
    records = list(obj.history.order_by("-history_id"))
    assert len(records) == before + 1, records
    assert records[0].history_user == user
    assert records[0].history_change_reason == reason


@dataclass(frozen=True)
class Case:
    url_name: str
    target: Callable[[Scene], object]  # the object in the URL, or None
    data: Callable[[Scene], dict]
    check_written: Callable[[Scene, object, dict], None]

    def url(self, scene: Scene, target=None) -> str:
        target = target if target is not None else self.target(scene)
        return reverse(self.url_name, args=[target.pk] if target is not None else [])


def entry_written(scene, user, data):
    record = latest(EstablishmentRecord)
    assert record.person.name == data["name"] and record.is_active
    assert record.permit == scene.unit_permit
    assert_one_history(record, user, data["reason"])
    assert_one_history(record.person, user, data["reason"])


def exit_written(scene, user, data):
    scene.record.refresh_from_db()
    assert scene.record.status == "ended" and scene.record.end_reason == "resignation"
    # The person's post in the unit ended with the record (not asserted further here).
    assert_one_history(scene.record, user, data["reason"], before=1)


def transfer_written(scene, user, data):
    scene.record.refresh_from_db()
    assert scene.record.status == "ended"
    record = latest(EstablishmentRecord)
    assert record.person == scene.record.person and record.quota_line == scene.sibling_line
    assert_one_history(record, user, data["reason"])


def appointment_written(scene, user, data):
    appointment = latest(LeadershipAppointment)
    assert appointment.quota == scene.deputy_post and appointment.title == "副主任"
    assert_one_history(appointment, user, data["reason"])


def appointment_end_written(scene, user, data):
    scene.appointment.refresh_from_db()
    assert scene.appointment.ended_on is not None
    assert_one_history(scene.appointment, user, data["reason"], before=1)


CASES = {
    "entry": Case("people:entry_add", lambda s: None, entry_data, entry_written),
    "exit": Case("people:exit_add", lambda s: s.record, exit_data, exit_written),
    "transfer": Case("people:transfer_add", lambda s: s.record, transfer_data, transfer_written),
    "appointment": Case(
        "people:appointment_add", lambda s: s.record.person, appointment_data, appointment_written
    ),
    "appointment_end": Case(
        "people:appointment_end",
        lambda s: s.appointment,
        appointment_end_data,
        appointment_end_written,
    ),
}
# The same pages for an object of the foreign region (outside every office user's scope).
FOREIGN_TARGETS = {
    "exit": lambda world: active_person(world, "foreign"),
    "transfer": lambda world: active_person(world, "foreign"),
    "appointment": lambda world: active_person(world, "foreign").person,
    "appointment_end": lambda world: builders.appoint(
        active_person(world, "foreign").person,
        builders.leadership_quota(world.foreign, "unit_head", 1),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_change_pages_need_login(client, scene, case):
    assert_redirects_to_login(client.get(CASES[case].url(scene)))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_change_pages_open_for_office_roles_only(client, scene, role, case):
    client.force_login(scene.world.users[role])
    response = client.get(CASES[case].url(scene))
    assert response.status_code == (200 if role in WRITERS else 403), (role, case)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("role", READERS)
def test_readers_cannot_post_changes(client, scene, role, case):
    client.force_login(scene.world.users[role])
    before = snapshot()
    data = CASES[case].data(scene)
    for extra in ({}, {"confirm": "1"}):
        response = client.post(CASES[case].url(scene), {**data, **extra})
        assert response.status_code == 403, (role, case)
    assert snapshot() == before


@pytest.mark.parametrize("case", CASES)
def test_the_first_post_shows_the_confirmation_and_writes_nothing(client, scene, case):
    client.force_login(scene.world.users["office_staff"])
    before = snapshot()
    response = client.post(CASES[case].url(scene), CASES[case].data(scene))
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    assert "people/confirm.html" in [t.name for t in response.templates]
    assert response.context["comparisons"], "the confirmation shows figures before → after"
    assert 'name="confirm" value="1"' in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("role", sorted(WRITERS))
def test_the_confirmed_post_writes_once_with_history(client, scene, role, case):
    user = scene.world.users[role]
    client.force_login(user)
    data = CASES[case].data(scene)
    response = client.post(CASES[case].url(scene), {**data, "confirm": "1"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    CASES[case].check_written(scene, user, data)
    person = latest(EstablishmentRecord).person if case == "entry" else scene.record.person
    assert response.url == reverse("people:person_detail", args=[person.pk])


def test_an_exit_records_where_the_person_went(client, scene):
    client.force_login(scene.world.users["office_staff"])
    data = exit_data(scene, destination="考取省委选调生")
    response = client.get(CASES["exit"].url(scene))
    assert 'name="destination"' in response.content.decode()
    assert client.post(CASES["exit"].url(scene), {**data, "confirm": "1"}).status_code == 302
    scene.record.refresh_from_db()
    assert scene.record.end_destination == "考取省委选调生"


def test_a_transfer_records_the_new_unit_as_the_destination(client, scene):
    client.force_login(scene.world.users["office_staff"])
    data = transfer_data(scene)
    assert client.post(CASES["transfer"].url(scene), {**data, "confirm": "1"}).status_code == 302
    scene.record.refresh_from_db()
    assert scene.record.end_destination == scene.world.sibling.full_name


@pytest.mark.parametrize("case", FOREIGN_TARGETS)
@pytest.mark.parametrize("role", sorted(WRITERS))
def test_objects_outside_the_scope_are_not_found(client, scene, role, case):
    target = FOREIGN_TARGETS[case](scene.world)
    client.force_login(scene.world.users[role])
    url = CASES[case].url(scene, target)
    before = snapshot()
    assert client.get(url).status_code == 404
    data = CASES[case].data(scene)
    assert client.post(url, {**data, "confirm": "1"}).status_code == 404
    assert snapshot() == before


# --- the entry page ------------------------------------------------------------------------------


def test_entry_confirmation_shows_the_unit_and_permit_before_and_after(staff, scene):
    response = staff.post(reverse("people:entry_add"), entry_data(scene))
    panels = {
        c.title: {r.label: (r.before, r.after) for r in c.rows}
        for c in response.context["comparisons"]
    }
    line = panels["示例县本单位 · 事业编制（全额拨款）"]
    assert line["核定"] == (50, 50)
    assert line["实有"] == (1, 2)
    assert line["已核准未使用"] == (1, 0)
    assert line["空编"] == (49, 48)
    assert line["可用"] == (48, 48)
    assert panels[f"用编通知单 {scene.unit_permit.number}"]["已使用"] == (0, 1)


def test_transfer_confirmation_shows_both_units(staff, scene):
    response = staff.post(
        reverse("people:transfer_add", args=[scene.record.pk]), transfer_data(scene)
    )
    panels = {
        c.title: {r.label: (r.before, r.after) for r in c.rows}
        for c in response.context["comparisons"]
    }
    assert panels["示例县本单位 · 事业编制（全额拨款）"]["实有"] == (1, 0)
    assert panels["示例县兄弟单位 · 行政编制"]["实有"] == (0, 1)
    assert panels["示例县兄弟单位 · 行政编制"]["已核准未使用"] == (1, 0)


def test_appointment_confirmation_shows_the_leadership_figures(staff, scene):
    response = staff.post(
        reverse("people:appointment_add", args=[scene.record.person_id]), appointment_data(scene)
    )
    (panel,) = response.context["comparisons"]
    rows = {r.label: (r.before, r.after) for r in panel.rows}
    assert rows == {"核定职数": (2, 2), "实配": (0, 1), "缺配": (2, 1), "超配": (0, 0)}


def test_dismissal_confirmation_shows_the_post_freed(staff, scene):
    response = staff.post(
        reverse("people:appointment_end", args=[scene.appointment.pk]), appointment_end_data(scene)
    )
    (panel,) = response.context["comparisons"]
    assert {r.label: (r.before, r.after) for r in panel.rows}["实配"] == (1, 0)


def test_going_back_from_the_confirmation_keeps_what_was_typed(staff, scene):
    data = entry_data(scene, name="回改")
    response = staff.post(reverse("people:entry_add"), {**data, "confirm": "1", "edit": "1"})
    assert response.status_code == 200
    assert "people/change_form.html" in [t.name for t in response.templates]
    assert 'value="回改"' in response.content.decode()
    assert not EstablishmentRecord.objects.filter(person__name="回改").exists()


def test_an_existing_person_is_found_by_id_number(staff, scene, world):
    left = active_person(world, "unit", name="郑重")
    services.exit_register(
        record=left,
        ended_on=builders.ENTERED,
        end_reason="other",
        actor=world.users["office_staff"],
    )
    data = entry_data(scene, id_number=left.person.id_number, name="")
    response = staff.post(reverse("people:entry_add"), data)
    assert ("人员", "已登记人员 郑重（人员信息不作修改）") in response.context["summary"]
    before = Person.objects.count()
    assert staff.post(reverse("people:entry_add"), {**data, "confirm": "1"}).status_code == 302
    assert Person.objects.count() == before
    assert left.person.records.filter(status="active").count() == 1


def test_entry_is_prefilled_from_the_quota_line_and_ignores_other_scopes(staff, scene, world):
    line = scene.record.quota_line
    form = staff.get(reverse("people:entry_add"), {"quota_line": line.pk}).context["form"]
    assert form.initial["institution"] == world.unit.pk
    assert form.initial["quota_line"] == line.pk
    assert list(form.fields["permit"].queryset) == [scene.unit_permit]
    foreign_line = line_at(world.foreign)
    form = staff.get(reverse("people:entry_add"), {"quota_line": foreign_line.pk}).context["form"]
    assert "quota_line" not in form.initial
    form = staff.get(reverse("people:entry_add"), {"institution": world.sibling.pk}).context["form"]
    assert list(form.fields["quota_line"].queryset) == [scene.sibling_line]


def test_changing_the_unit_reloads_the_choices_without_errors(staff, scene, world):
    data = entry_data(scene, institution=world.sibling.pk, refresh="1")
    before = snapshot()
    response = staff.post(reverse("people:entry_add"), data, HTTP_HX_REQUEST="true")
    form = response.context["form"]
    assert not form.is_bound
    assert list(form.fields["quota_line"].queryset) == [scene.sibling_line]
    assert list(form.fields["permit"].queryset) == [scene.sibling_permit]
    assert 'id="bz-form-body"' in response.content.decode()
    assert "invalid-feedback" not in response.content.decode()
    assert snapshot() == before


def test_a_quota_line_of_another_scope_cannot_be_forged(staff, scene, world):
    foreign_line = line_at(world.foreign)
    foreign_permit = builders.permit(foreign_line)
    before = snapshot()
    data = entry_data(
        scene, institution=world.foreign.pk, quota_line=foreign_line.pk, permit=foreign_permit.pk
    )
    response = staff.post(reverse("people:entry_add"), {**data, "confirm": "1"})
    assert response.status_code == 200
    assert {"institution", "quota_line", "permit"} <= set(response.context["form"].errors)
    assert snapshot() == before


def test_a_permit_of_another_line_cannot_be_chosen(staff, scene):
    before = snapshot()
    data = entry_data(scene, permit=scene.sibling_permit.pk)
    response = staff.post(reverse("people:entry_add"), {**data, "confirm": "1"})
    assert "permit" in response.context["form"].errors
    assert snapshot() == before


def test_the_transfer_cannot_target_the_own_unit(staff, scene):
    form = staff.get(reverse("people:transfer_add", args=[scene.record.pk])).context["form"]
    assert scene.world.unit not in form.fields["institution"].queryset
