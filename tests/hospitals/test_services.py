"""Rule 29 and rule 7 for hospitals: a control total is filed with the standard computed at
filing (above it only with a reason, never below the people already under it); 备案制 people
are registered under it, never above it, counted apart from 编制; one person holds either an
active 编制 record or an active 备案制 record, refused both ways."""

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from hospitals import selectors, services
from hospitals.models import OVER_STANDARD_NEEDS_REASON, ControlTotal, FiledStaffRecord
from people import services as people_services
from people.choices import EndReason, RecordStatus
from people.rules import ALREADY_ACTIVE_CODE
from staffing.selectors import with_figures
from tests.kit import builders
from tests.kit.clock import TODAY, YEAR, day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.writes import attribution, latest

from .scene import (
    DEFAULT_STANDARD,
    file_total,
    health_unit,
    hospital,
    record_figures,
    register_filed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(region):
    """测试县人民医院: 10 事业编制, 8 people on them, last year's figures (standard 285)."""
    where = hospital(region)
    line = builders.quota(where.institution, 10)
    builders.staff(line, 8)
    record_figures(where)
    return where


def test_a_filing_keeps_the_standard_computed_at_filing_with_its_attribution(county, actor):
    filing = file_total(county, 280, actor=actor)
    assert (filing.total, filing.standard, filing.figures_year) == (280, DEFAULT_STANDARD, YEAR)
    assert attribution(latest(filing))[:2] == (actor, "人员控制总量备案")
    assert latest(filing).history_document == filing.document.number


def test_a_filing_above_the_standard_needs_a_reason(county):
    with pytest.raises(ValidationError) as refused:
        file_total(county, DEFAULT_STANDARD + 1)
    assert OVER_STANDARD_NEEDS_REASON in refused.value.messages
    assert not ControlTotal.objects.exists()
    filing = file_total(county, DEFAULT_STANDARD + 1, reason="承担县域医疗中心建设任务")
    assert filing.over_standard_reason == "承担县域医疗中心建设任务"


def test_a_filing_needs_figures_of_its_year_or_before(region):
    where = hospital(region)
    record_figures(where, year=YEAR + 1)
    with pytest.raises(ValidationError) as refused:
        file_total(where, 100, filed_on=day(3, 1))
    assert refused.value.messages == [services.NO_FIGURES % {"year": YEAR}]


def test_a_filing_below_the_people_already_under_it_is_refused(county):
    with pytest.raises(ValidationError) as refused:
        file_total(county, 7)
    assert refused.value.messages == [
        services.BELOW_OCCUPANTS % {"total": 7, "quota": 8, "filed": 0}
    ]


def test_the_latest_filing_is_in_force_and_the_earlier_ones_stay(county):
    file_total(county, 200, filed_on=day(3, 1))
    file_total(county, 250, filed_on=day(6, 1))
    assert selectors.current_control_total(county, on=TODAY).total == 250
    assert selectors.current_control_total(county, on=day(4, 1)).total == 200
    assert county.control_totals.count() == 2


def test_no_filed_staff_without_a_control_total(county):
    with pytest.raises(ValidationError) as refused:
        register_filed(county)
    assert refused.value.messages == [services.NO_CONTROL_TOTAL]


def test_filed_staff_above_the_control_total_is_refused(county):
    file_total(county, 10)  # 8 on 编制: room for 2 under the total
    register_filed(county, name="备案一")
    second = register_filed(county, name="备案二")
    with pytest.raises(ValidationError) as refused:
        register_filed(county, name="备案三")
    assert refused.value.messages == [services.OVER_CONTROL_TOTAL]
    assert FiledStaffRecord.objects.count() == 2
    services.filed_staff_end(
        record=second,
        ended_on=day(5, 1),
        end_reason=EndReason.RESIGNATION,
        actor=system_actor(),
        reason="辞职",
    )
    register_filed(county, name="备案三")
    assert selectors.occupants(county) == (8, 2)


def test_an_entry_on_establishment_above_the_control_total_is_refused(county, region):
    """编制 + 备案制 stays within the control total whichever way people come in; a hospital
    without a filing (the fixture's eight entries) is not limited."""
    file_total(county, 10)
    register_filed(county, name="备案一")
    line = county.institution.quota_lines.get()
    builders.enter(builders.person(region, "第九人"), line)
    with pytest.raises(ValidationError) as refused:
        builders.enter(builders.person(region, "第十一人"), line)
    assert refused.value.messages == [services.ENTRY_OVER_CONTROL_TOTAL]
    assert selectors.occupants(county) == (9, 1)


def test_a_person_on_establishment_cannot_be_registered_filed(county, region):
    file_total(county, 20)
    elsewhere = PublicInstitutionFactory(region=region)
    on_quota = builders.enter(builders.person(region, "在编者"), builders.quota(elsewhere, 1))
    with pytest.raises(ValidationError) as refused:
        register_filed(county, on_quota.person)
    assert "同一人只能占用一个编制" in refused.value.messages[0]
    assert not FiledStaffRecord.objects.exists()


def test_a_person_on_filed_staff_cannot_enter_establishment(county, region):
    file_total(county, 20)
    record = register_filed(county, name="备案者")
    elsewhere = PublicInstitutionFactory(region=region)
    with pytest.raises(ValidationError) as refused:
        builders.enter(record.person, builders.quota(elsewhere, 1))
    assert refused.value.messages == [
        services.ALREADY_FILED % {"name": "备案者", "hospital": county}
    ]
    assert refused.value.error_list[0].code == ALREADY_ACTIVE_CODE


def test_a_person_on_filed_staff_cannot_be_registered_twice(county, region):
    file_total(county, 20)
    record = register_filed(county, name="备案者")
    other = hospital(region, name="测试县中医医院")
    record_figures(other)
    file_total(other, 20)
    with pytest.raises(ValidationError) as refused:
        register_filed(other, record.person)
    assert refused.value.messages == [
        services.ALREADY_FILED % {"name": "备案者", "hospital": county}
    ]


def test_filed_staff_is_counted_apart_from_establishment(county):
    file_total(county, 20)
    lines = with_figures(county.institution.quota_lines.all(), on=TODAY)
    before = [(line.in_force, line.occupied, line.vacancy) for line in lines]
    register_filed(county, name="备案一")
    register_filed(county, name="备案二")
    lines = with_figures(county.institution.quota_lines.all(), on=TODAY)
    assert (
        [(line.in_force, line.occupied, line.vacancy) for line in lines] == before == [(10, 8, 2)]
    )
    row = selectors.with_figures(type(county).objects.filter(pk=county.pk), on=TODAY).get()
    assert (row.quota_approved, row.quota_occupied, row.filed_occupied) == (10, 8, 2)
    assert selectors.headroom(row.control_total, row.quota_occupied, row.filed_occupied) == 10


def test_a_new_filed_person_is_registered_with_a_checked_id_number(county):
    file_total(county, 20)
    with pytest.raises(ValidationError) as refused:
        services.filed_staff_register(
            hospital=county,
            new_person={"id_number": "11010519491231002Y", "name": "号码错"},
            post_category="professional",
            entry_on=day(4, 1),
            actor=system_actor(),
        )
    assert "id_number" in refused.value.message_dict
    record = services.filed_staff_register(
        hospital=county,
        new_person={"id_number": builders.id_number(male=False), "name": "新护士"},
        post_category="professional",
        entry_on=day(4, 1),
        actor=system_actor(),
    )
    assert record.person.region == county.institution.region
    assert record.person.sex == "F"


def test_ending_a_filing_twice_is_refused(county):
    file_total(county, 20)
    record = register_filed(county)
    end = {"ended_on": day(5, 1), "end_reason": EndReason.RESIGNATION}
    services.filed_staff_end(record=record, actor=system_actor(), reason="辞职", **end)
    record.refresh_from_db()
    assert record.status == RecordStatus.ENDED
    with pytest.raises(ValidationError) as refused:
        services.filed_staff_end(record=record, actor=system_actor(), reason="辞职", **end)
    assert refused.value.messages == [services.FILING_ENDED % {"name": record.person.name}]


def test_after_a_filing_ends_the_person_may_enter_establishment(county, region):
    file_total(county, 20)
    record = register_filed(county, name="转编者")
    services.filed_staff_end(
        record=record,
        ended_on=day(5, 1),
        end_reason=EndReason.OTHER,
        actor=system_actor(),
        reason="考入编制",
    )
    entered = builders.enter(
        record.person, builders.quota(PublicInstitutionFactory(region=region), 1)
    )
    assert entered.status == RecordStatus.ACTIVE


def test_only_public_institutions_of_the_health_sector_come_under_filing(region):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    with pytest.raises(ValidationError) as refused:
        services.hospital_register(
            institution=school, category="general", actor=system_actor(), reason="纳入"
        )
    assert refused.value.messages == [services.NOT_HEALTH_SECTOR % {"name": "测试县第一中学"}]
    unit = health_unit(region)
    services.hospital_register(
        institution=unit, category="general", actor=system_actor(), reason="纳入"
    )
    with pytest.raises(ValidationError) as again:
        services.hospital_register(
            institution=unit, category="general", actor=system_actor(), reason="纳入"
        )
    assert again.value.messages == [services.ALREADY_HOSPITAL % {"name": unit.full_name}]


def test_figures_of_a_year_are_corrected_in_place_with_history(county):
    figures = record_figures(county, open_beds=210)
    assert county.figures.count() == 1
    assert figures.open_beds == 210
    assert figures.history.count() == 2


def test_people_transfer_keeps_working_for_people_not_on_filed_staff(county, region):
    """The placement hook only refuses people active on 备案制."""
    source = builders.quota(PublicInstitutionFactory(region=region), 2)
    record = builders.enter(builders.person(region, "调动者"), source)
    target = builders.quota(PublicInstitutionFactory(region=region), 2)
    moved = people_services.transfer_register(
        record=record,
        quota_line=target,
        permit=builders.permit(target),
        transferred_on=day(6, 1),
        post_category="professional",
        actor=system_actor(),
    )
    assert moved.quota_line == target
