"""Bad input on the registry's pages: a clear Chinese message or a 404, and nothing written."""

from django.urls import reverse

from orgs.models import CYCLE_MESSAGE, Institution, InternalDepartment
from tests.kit.clock import day
from tests.kit.factories import DepartmentFactory, InstitutionFactory
from tests.kit.pages import errors_of


def institution_form(institution: Institution, **overrides) -> dict:
    data = {
        "full_name": institution.full_name,
        "region": institution.region_id,
        "parent": institution.parent_id or "",
        "relation": institution.relation,
        "kind": institution.kind,
        "system": institution.system,
        "category": institution.category,
        "level": institution.level,
        "public_service_class": institution.public_service_class,
        "sector": institution.sector,
        "credit_code": institution.credit_code,
        "sort_order": institution.sort_order,
        "reason": "测试修改",
    }
    data.update(overrides)
    return data


def history_rows() -> int:
    return Institution.history.count() + InternalDepartment.history.count()


def post_edit(client, institution, **overrides):
    url = reverse("orgs:institution_edit", args=[institution.pk])
    return client.post(url, institution_form(institution, **overrides))


def test_wrong_credit_code_names_the_expected_check_character(staff, world):
    before = history_rows()
    response = post_edit(staff, world.sibling, credit_code="91350100M000100Y4Z")
    assert response.status_code == 200
    assert "第 18 位应为“3”" in errors_of(response)
    assert history_rows() == before


def test_duplicate_name_in_the_region_is_refused(staff, world):
    before = history_rows()
    response = post_edit(staff, world.sibling, full_name=world.supervisor.full_name)
    assert response.status_code == 200
    assert "同一行政区划内已有同名的在用机构" in errors_of(response)
    assert history_rows() == before


def test_a_parent_below_the_institution_would_make_a_cycle(staff, world):
    before = history_rows()
    response = post_edit(staff, world.supervisor, parent=world.unit.pk, relation="direct")
    assert response.status_code == 200
    assert CYCLE_MESSAGE in errors_of(response)
    world.supervisor.refresh_from_db()
    assert world.supervisor.parent is None
    assert history_rows() == before


def test_the_institution_cannot_be_its_own_parent(staff, world):
    response = post_edit(staff, world.sibling, parent=world.sibling.pk, relation="direct")
    assert CYCLE_MESSAGE in errors_of(response)


def test_an_empty_required_field_is_named(staff, world):
    before = history_rows()
    response = post_edit(staff, world.sibling, full_name="")
    assert response.status_code == 200
    assert "该字段是必填项" in errors_of(response)
    assert history_rows() == before


def test_a_change_without_reason_is_refused(staff, world):
    response = post_edit(staff, world.sibling, full_name="示例县改名单位", reason="")
    assert "reason" in response.context["form"].errors
    world.sibling.refresh_from_db()
    assert world.sibling.full_name == "示例县兄弟单位"


def test_forged_post_for_an_institution_outside_scope_is_not_found(staff, world):
    before = history_rows()
    response = post_edit(staff, world.foreign, full_name="被篡改的名称")
    assert response.status_code == 404
    world.foreign.refresh_from_db()
    assert world.foreign.full_name == "他县外县单位"
    assert history_rows() == before


def test_forged_parent_outside_scope_is_an_invalid_choice(staff, world):
    response = post_edit(staff, world.sibling, parent=world.foreign.pk, relation="direct")
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    world.sibling.refresh_from_db()
    assert world.sibling.parent is None


def test_clerk_forging_a_department_for_another_unit_writes_nothing(client, world):
    client.force_login(world.users["clerk"])
    count = InternalDepartment.objects.count()
    response = client.post(
        reverse("orgs:department_add"),
        {"institution": world.sibling.pk, "name": "伪造股", "level": "unit", "reason": "伪造"},
    )
    assert response.status_code == 403
    assert InternalDepartment.objects.count() == count


def test_clerk_typing_another_units_url_learns_nothing(client, world):
    department = DepartmentFactory(institution=world.sibling)
    client.force_login(world.users["clerk"])
    for url in [
        reverse("orgs:institution_detail", args=[world.sibling.pk]),
        reverse("orgs:institution_history", args=[world.sibling.pk]),
        reverse("orgs:department_detail", args=[department.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert world.sibling.full_name not in response.content.decode()


def test_abolishing_without_a_known_document_is_refused(staff, world):
    child = InstitutionFactory(region=world.region, parent=world.sibling, relation="direct")
    response = staff.post(
        reverse("orgs:institution_abolish", args=[child.pk]),
        {"document": "不存在〔2026〕1号", "abolished_on": day(1, 1).isoformat(), "reason": "撤销"},
    )
    assert response.status_code == 200
    assert "未找到文号为“不存在〔2026〕1号”的批准文件" in errors_of(response)
    child.refresh_from_db()
    assert child.is_active


def test_abolishing_with_active_children_is_refused_with_their_names(staff, world):
    from tests.orgs.test_views import document_for

    response = staff.post(
        reverse("orgs:institution_abolish", args=[world.supervisor.pk]),
        {
            "document": document_for(world, world.supervisor).number,
            "abolished_on": day(1, 1).isoformat(),
            "reason": "撤销",
        },
    )
    assert response.status_code == 200
    assert world.unit.full_name in response.content.decode()
    world.supervisor.refresh_from_db()
    assert world.supervisor.is_active


def test_an_english_browser_still_reads_the_messages_in_chinese(staff, world):
    data = institution_form(world.sibling, full_name="")
    response = staff.post(
        reverse("orgs:institution_edit", args=[world.sibling.pk]),
        data,
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert "该字段是必填项" in errors_of(response)
    assert "This field is required" not in response.content.decode()
