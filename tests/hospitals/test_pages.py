"""公立医院备案管理 pages for every role: the hospital list and page (each role within its
scope), the office's forms (clerks read only: a hospital's clerk sees its own list, registering
is the office's), the 备案制 roster with masked ID numbers, the standard (set by the office
admin), the ledgers and the overview card."""

import pytest
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.history import save_tracked, system_actor
from hospitals.models import ControlTotal, FiledStaffRecord, HospitalFigures, StaffingStandard
from orgs.choices import Sector
from tests.kit import builders
from tests.kit.clock import YEAR, day
from tests.kit.pages import errors_of
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login
from tests.kit.world import ROLES
from tests.ledgers.read import read

from .scene import (
    DEFAULT_STANDARD,
    FIGURES,
    file_total,
    filed_at,
    health_unit,
    hospital_at,
    record_figures,
)

pytestmark = pytest.mark.django_db
OFFICE = {"office_admin", "office_staff"}
REGION = {"office_admin", "office_staff", "partner"}


class TestHospitalViews(ViewTestCases.ReadViews):
    urls = Urls(list="hospitals:hospital_list", detail="hospitals:hospital_detail")

    def make_object(self, world, place):
        return hospital_at(world, place)


class TestFiledStaffViews(ViewTestCases.ListView):
    urls = Urls(list="hospitals:filedstaff_list")

    def make_object(self, world, place):
        return filed_at(world, place, name=f"备案{FiledStaffRecord.objects.count()}")


@pytest.fixture
def county(world):
    """本单位 as a hospital with figures, a control total of 12 and 2 people on 编制."""
    world.unit.sector = Sector.HEALTH
    save_tracked(world.unit, actor=system_actor(), reason="领域")
    hospital = hospital_at(world, "unit")
    builders.staff(builders.quota(world.unit, 5), 2)
    record_figures(hospital)
    file_total(hospital, 12)
    return hospital


def form_urls(hospital, record=None) -> dict[str, str]:
    urls = {
        "hospitals:hospital_add": reverse("hospitals:hospital_add"),
        "hospitals:figures_add": reverse("hospitals:figures_add", args=[hospital.pk]),
        "hospitals:control_total_add": reverse("hospitals:control_total_add", args=[hospital.pk]),
        "hospitals:filedstaff_add": reverse("hospitals:filedstaff_add"),
    }
    if record is not None:
        urls["hospitals:filedstaff_end"] = reverse("hospitals:filedstaff_end", args=[record.pk])
    return urls


def test_the_forms_need_login(client, world, county):
    record = filed_at(world, "unit")
    for url in [*form_urls(county, record).values(), reverse("hospitals:standard_edit")]:
        assert_redirects_to_login(client.get(url))
    assert_redirects_to_login(client.get(reverse("hospitals:standard_list")))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_opens_the_forms(client, world, county, role):
    record = filed_at(world, "unit")
    client.force_login(world.users[role])
    for name, url in form_urls(county, record).items():
        expected = 200 if role in OFFICE else 403
        assert client.get(url).status_code == expected, (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_the_standard_is_read_by_the_region_and_set_by_the_office_admin(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse("hospitals:standard_list")).status_code == (
        200 if role in REGION else 403
    )
    edit = client.get(reverse("hospitals:standard_edit"), {"category": "general"})
    assert edit.status_code == (200 if role == "office_admin" else 403)


def test_the_office_admin_sets_a_standard(client, world):
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("hospitals:standard_edit"),
        {
            "region": world.region.pk,
            "category": "general",
            "staff_per_bed": "1.50",
            "full_use_rate": "85",
            "visits_per_addition": "10000",
            "staff_per_addition": "1",
            "reason": "编委会议定",
        },
    )
    assert response.status_code == 302
    standard = StaffingStandard.objects.get()
    assert str(standard.staff_per_bed) == "1.50"
    page = client.get(reverse("hospitals:standard_list")).content.decode()
    assert "1:1.50" in page
    assert "本区划设定" in page


def test_a_hospitals_clerk_reads_its_own_hospital(client, world, county):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("hospitals:hospital_detail", args=[county.pk])).content.decode()
    assert "人员控制总量" in page
    assert "登记备案制人员" not in page
    assert "备案人员控制总量" not in page


@pytest.mark.parametrize("role", ROLES)
def test_the_list_offers_the_standard_to_the_roles_that_read_it(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse("hospitals:hospital_list")).content.decode()
    assert (reverse("hospitals:standard_list") in page) == (role in REGION)


def test_the_office_records_figures_and_files_with_the_standard_shown(client, world, county):
    client.force_login(world.users["office_staff"])
    figures = {**FIGURES, "year": YEAR, "open_beds": 220, "reason": "年报数据"}
    response = client.post(reverse("hospitals:figures_add", args=[county.pk]), figures)
    assert response.status_code == 302
    assert HospitalFigures.objects.get(hospital=county, year=YEAR).open_beds == 220
    url = reverse("hospitals:control_total_add", args=[county.pk])
    form = client.get(url)
    # 220 × 1.40 + 5
    assert form.context["standard"].total == 313
    assert 'id="computed-standard">313<' in form.content.decode()
    document = builders.document(world.unit)
    data = {"total": 314, "document": document.number, "filed_on": day(6, 1), "reason": "备案"}
    refused = client.post(url, data)
    assert "须填写超出标准的理由" in errors_of(refused)
    assert ControlTotal.objects.filter(hospital=county).count() == 1
    response = client.post(url, {**data, "over_standard_reason": "新建院区"})
    assert response.status_code == 302
    assert county.control_totals.count() == 2


def test_the_office_registers_and_ends_filed_staff(client, world, county):
    client.force_login(world.users["office_staff"])
    number = builders.id_number(male=False)
    data = {
        "hospital": county.pk,
        "id_number": number,
        "name": "周护士",
        "post_category": "professional",
        "job_title": "护士",
        "entry_on": day(4, 1),
        "reason": "登记备案制人员",
    }
    assert client.post(reverse("hospitals:filedstaff_add"), data).status_code == 302
    record = FiledStaffRecord.objects.get()
    assert record.person.name == "周护士"
    roster = client.get(reverse("hospitals:filedstaff_list")).content.decode()
    assert number not in roster
    assert f"{number[:6]}********{number[-4:]}" in roster
    detail = client.get(reverse("hospitals:hospital_detail", args=[county.pk]))
    assert number not in detail.content.decode()
    assert detail.context["filed_occupied"] == 1
    assert detail.context["headroom"] == 12 - 2 - 1
    end = {"ended_on": day(5, 1), "end_reason": "resignation", "reason": "辞职"}
    response = client.post(reverse("hospitals:filedstaff_end", args=[record.pk]), end)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "ended"


def test_the_page_refuses_a_registration_above_the_control_total(client, world, county):
    file_total(county, 2, filed_on=day(7, 1))
    client.force_login(world.users["office_staff"])
    data = {
        "hospital": county.pk,
        "id_number": builders.id_number(),
        "name": "超额者",
        "post_category": "professional",
        "entry_on": day(8, 1),
        "reason": "登记备案制人员",
    }
    response = client.post(reverse("hospitals:filedstaff_add"), data)
    assert "已达人员控制总量" in errors_of(response)
    assert not FiledStaffRecord.objects.exists()


def test_the_office_brings_a_health_unit_under_filing(client, world):
    unit = health_unit(world.region, "示例县妇幼保健院", parent=world.sibling)
    client.force_login(world.users["office_staff"])
    form = client.get(reverse("hospitals:hospital_add"))
    assert unit in form.context["form"].fields["institution"].queryset
    assert world.sibling not in form.context["form"].fields["institution"].queryset
    data = {"institution": unit.pk, "category": "maternal", "reason": "纳入"}
    response = client.post(reverse("hospitals:hospital_add"), data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.hospital.category == "maternal"


def test_the_list_shows_the_figures_standard_and_headroom(client, world, county):
    client.force_login(world.users["partner"])
    response = client.get(reverse("hospitals:hospital_list"), {"q": world.unit.full_name})
    (row,) = response.context["table"].paginated_rows
    assert row.get_cell("bed_use_rate") == "90.00"
    assert row.get_cell("standard") == DEFAULT_STANDARD
    assert row.get_cell("control_total") == 12
    assert row.get_cell("quota_occupied") == 2
    assert row.get_cell("headroom") == 10


# --- ledgers and the overview ---------------------------------------------------------------------


def export(tmp_path, kind, user):
    path = tmp_path / f"{kind}.xlsx"
    ledgers.write_ledger(ledgers.get(kind), user=user, params={}, target=str(path))
    return read(path)


def test_the_control_total_ledger(tmp_path, world, county):
    filed_at(world, "unit")
    sheet = export(tmp_path, "hospital_control", world.users["office_staff"])
    assert sheet.headers()[:3] == ["序号", "医院", "类别"]
    assert sheet.column("床位使用率(%)") == ["90.00"]
    assert sheet.column("测算标准") == [DEFAULT_STANDARD]
    assert sheet.column("人员控制总量") == [12]
    assert sheet.column("编制实有") == [2]
    assert sheet.column("备案制实有") == [1]
    assert sheet.column("总量内空额") == [9]
    assert not ledgers.get("hospital_control").missing_table_columns()


def test_the_filed_staff_roster_masks_numbers_as_the_policy_says(tmp_path, world, county):
    record = filed_at(world, "unit")
    number = record.person.id_number
    office = export(tmp_path, "filed_staff", world.users["office_staff"])
    assert office.column("身份证号") == [number]
    partner = export(tmp_path, "filed_staff", world.users["partner"])
    assert partner.column("身份证号") == [f"{number[:6]}********{number[-4:]}"]
    assert partner.column("出生年份") == [record.person.birth_date.year]
    assert not ledgers.get("filed_staff").missing_table_columns()


def test_the_overview_shows_establishment_and_filed_staff_of_hospitals_apart(client, world, county):
    filed_at(world, "unit")
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("people:overview")).content.decode()
    assert 'id="hospital-totals"' in page
    assert 'id="hospital-quota-occupied">2<' in page
    assert ">1</a>" in page.split('id="hospital-filed-occupied"')[1][:200]
