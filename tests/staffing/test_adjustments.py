"""Rule 4 (and rule 6 for quota lines): establishment adjustments (编制调整事项) through
``staffing.services.adjustment_apply`` and region totals through ``region_total_set``. Each refusal
carries its Chinese message with the figures and writes nothing — no row and no history record."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs.choices import InstitutionKind, RegionLevel, System
from orgs.models import Institution
from orgs.services import institution_abolish
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm
from staffing.models import (
    FUNDING_ONLY_FOR_PUBLIC,
    FUNDING_REQUIRED_FOR_PUBLIC,
    MIXED_ESTABLISHMENT,
    AdjustmentLine,
    PoolBalance,
    QuotaLine,
    RegionTotal,
)
from staffing.services import (
    BELOW_OCCUPANCY,
    BELOW_ZERO,
    INSTITUTION_ABOLISHED,
    INSTITUTION_OUTSIDE_REGION,
    NO_LINES,
    POOL_SHORT,
    TOTAL_EXCEEDED,
    ZERO_DELTA,
    LineChange,
)
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
)
from tests.kit.writes import attribution, latest, nothing_written, written

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ADMIN = EstablishmentType.ADMINISTRATIVE
PUBLIC = EstablishmentType.PUBLIC


@pytest.fixture
def document(region):
    return builders.document(region=region)


def adjust(region, actor, document, *lines, kind=AdjustmentKind.OTHER, reason="", summary=None):
    return services.adjustment_apply(
        region=region,
        kind=kind,
        summary=summary or AdjustmentKind(kind).label,
        document=document,
        effective_on=day(3, 1),
        lines=list(lines),
        actor=actor,
        over_establishment_reason=reason,
    )


def unit(institution, delta, establishment_type=ADMIN, funding_form=""):
    return LineChange(
        establishment_type=establishment_type,
        delta=delta,
        institution=institution,
        funding_form=funding_form,
    )


def pool(delta, establishment_type=ADMIN):
    return LineChange(establishment_type=establishment_type, delta=delta)


def approved(institution, establishment_type=ADMIN, funding_form="") -> int:
    return QuotaLine.objects.get(
        institution=institution, establishment_type=establishment_type, funding_form=funding_form
    ).approved


def pool_balance(region, establishment_type=ADMIN) -> int:
    return PoolBalance.objects.get(region=region, establishment_type=establishment_type).balance


def set_total(region, total, actor, establishment_type=ADMIN):
    return services.region_total_set(
        region=region,
        establishment_type=establishment_type,
        total=total,
        document=builders.document(region=region),
        actor=actor,
        reason="上级核定编制总量",
    )


def lines_of(adjustment):
    return [
        (line.institution, line.approved_before, line.delta, line.approved_after)
        for line in adjustment.lines.order_by("pk")
    ]


# --- never below zero ---------------------------------------------------------------------------


def test_an_adjustment_may_not_take_a_quota_below_zero(region, actor, document, finance):
    builders.quota(finance, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, -3), kind=AdjustmentKind.DECREASE)

    assert excinfo.value.messages == [
        BELOW_ZERO % {"target": "“测试县财政局”", "type": "行政编制", "before": 2, "delta": -3}
    ]
    assert "核定 2 名，调整 -3 名后为负数" in excinfo.value.messages[0]
    assert approved(finance) == 2


def test_a_decrease_on_a_unit_without_that_quota_is_below_zero(region, actor, document, finance):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, -1), kind=AdjustmentKind.DECREASE)

    assert excinfo.value.messages == [
        BELOW_ZERO % {"target": "“测试县财政局”", "type": "行政编制", "before": 0, "delta": -1}
    ]


def test_an_adjustment_may_take_a_quota_to_exactly_zero(region, actor, document, finance):
    builders.quota(finance, 2)
    adjust(region, actor, document, unit(finance, -2), kind=AdjustmentKind.DECREASE)
    assert approved(finance) == 0


def test_a_zero_delta_is_refused(region, actor, document, finance):
    builders.quota(finance, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, 0))

    assert excinfo.value.messages == [ZERO_DELTA]


def test_an_adjustment_needs_at_least_one_line(region, actor, document):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document)

    assert excinfo.value.messages == [NO_LINES]


# --- the region's total control -----------------------------------------------------------------


def test_an_adjustment_may_not_take_the_region_above_its_total(
    region, actor, document, finance, audit
):
    builders.quota(finance, 6)
    builders.quota(audit, 2)
    set_total(region, 10, actor)
    adjust(region, actor, builders.document(region=region), pool(2))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(audit, 1), kind=AdjustmentKind.INCREASE)

    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": "测试县", "type": "行政编制", "total": 10, "sum": 11, "excess": 1}
    ]
    assert approved(audit) == 2


def test_the_pool_counts_against_the_region_total(region, actor, document, finance):
    builders.quota(finance, 8)
    set_total(region, 10, actor)
    adjust(region, actor, builders.document(region=region), pool(2))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, pool(1))

    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": "测试县", "type": "行政编制", "total": 10, "sum": 11, "excess": 1}
    ]


def test_up_to_the_region_total_is_allowed(region, actor, document, finance):
    builders.quota(finance, 8)
    set_total(region, 10, actor)

    adjust(region, actor, document, unit(finance, 2), kind=AdjustmentKind.INCREASE)

    assert approved(finance) == 10


def test_the_total_of_one_type_does_not_limit_another(region, actor, document, finance):
    set_total(region, 0, actor, establishment_type=EstablishmentType.POLITICAL_LEGAL)

    adjust(region, actor, document, unit(finance, 5))

    assert approved(finance) == 5


def test_an_adjustment_of_a_parent_region_may_not_take_a_child_region_above_its_total(actor):
    city = RegionFactory(name="测试市", level=RegionLevel.CITY)
    county = RegionFactory(name="测试市甲县", parent=city)
    county_finance = InstitutionFactory(region=county, full_name="甲县财政局")
    builders.quota(county_finance, 5)
    set_total(county, 5, actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(city, actor, builders.document(region=city), unit(county_finance, 1))

    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": "测试市甲县", "type": "行政编制", "total": 5, "sum": 6, "excess": 1}
    ]


def test_a_region_total_may_not_be_set_below_what_is_handed_out(region, actor, finance):
    builders.quota(finance, 8)
    adjust(region, actor, builders.document(region=region), pool(2))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_total(region, 9, actor)

    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": "测试县", "type": "行政编制", "total": 9, "sum": 10, "excess": 1}
    ]


def test_a_region_total_may_not_be_lowered_below_what_is_handed_out(region, actor, finance):
    builders.quota(finance, 8)
    first = set_total(region, 12, actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        set_total(region, 7, actor)

    assert excinfo.value.messages == [
        TOTAL_EXCEEDED % {"region": "测试县", "type": "行政编制", "total": 7, "sum": 8, "excess": 1}
    ]
    first.refresh_from_db()
    assert first.total == 12


def test_a_region_total_may_equal_what_is_handed_out(region, actor, finance):
    builders.quota(finance, 8)
    adjust(region, actor, builders.document(region=region), pool(2))

    total = set_total(region, 10, actor)

    assert (total.total, RegionTotal.objects.count()) == (10, 1)


# --- below occupancy ----------------------------------------------------------------------------


def test_a_quota_below_its_occupancy_needs_an_over_establishment_reason(
    region, actor, document, finance
):
    line = builders.quota(finance, 4)
    builders.staff(line, 3)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, -2), kind=AdjustmentKind.DECREASE)

    assert excinfo.value.messages == [
        BELOW_OCCUPANCY
        % {"target": "“测试县财政局”", "type": "行政编制", "occupied": 3, "after": 2}
    ]


def test_a_quota_below_its_occupancy_with_a_reason_is_applied_and_keeps_the_reason(
    region, actor, document, finance
):
    line = builders.quota(finance, 4)
    builders.staff(line, 3)

    adjustment = adjust(
        region,
        actor,
        document,
        unit(finance, -2),
        kind=AdjustmentKind.DECREASE,
        reason="机构合并，超编人员自然减员消化",
    )

    line.refresh_from_db()
    assert (line.approved, line.over_establishment_reason) == (2, "机构合并，超编人员自然减员消化")
    assert adjustment.over_establishment_reason == "机构合并，超编人员自然减员消化"


def test_a_decrease_down_to_the_occupancy_needs_no_reason(region, actor, document, finance):
    line = builders.quota(finance, 4)
    builders.staff(line, 3)

    adjust(region, actor, document, unit(finance, -1), kind=AdjustmentKind.DECREASE)

    line.refresh_from_db()
    assert (line.approved, line.over_establishment_reason) == (3, "")


def test_an_increase_that_clears_the_excess_clears_the_reason(region, actor, document, finance):
    line = builders.quota(finance, 3)
    builders.staff(line, 3)
    adjust(
        region,
        actor,
        builders.document(region=region),
        unit(finance, -1),
        reason="机构合并",
    )

    adjust(region, actor, document, unit(finance, 1), kind=AdjustmentKind.INCREASE)

    line.refresh_from_db()
    assert (line.approved, line.over_establishment_reason) == (3, "")


# --- transfers, reclaims, allocations -----------------------------------------------------------


def test_a_transfer_is_one_adjustment_with_a_minus_and_a_plus_line(
    region, actor, document, finance, audit
):
    builders.quota(finance, 4)
    builders.quota(audit, 1)

    with written() as gained:
        adjustment = adjust(
            region,
            actor,
            document,
            unit(finance, -2),
            unit(audit, 2),
            kind=AdjustmentKind.TRANSFER,
            summary="职能划转，编制随划",
        )

    assert gained["Adjustment"] == (1, 1)
    assert gained["AdjustmentLine"] == (2, 2)
    assert lines_of(adjustment) == [(finance, 4, -2, 2), (audit, 1, 2, 3)]
    assert (adjustment.kind, adjustment.document, adjustment.applied_by) == (
        AdjustmentKind.TRANSFER,
        document,
        actor,
    )
    assert (approved(finance), approved(audit)) == (2, 3)


def test_a_reclaim_moves_vacancies_from_a_unit_into_the_pool(region, actor, document, finance):
    line = builders.quota(finance, 5)
    builders.staff(line, 3)

    adjustment = adjust(
        region, actor, document, unit(finance, -2), pool(2), kind=AdjustmentKind.RECLAIM
    )

    assert lines_of(adjustment) == [(finance, 5, -2, 3), (None, 0, 2, 2)]
    assert (approved(finance), pool_balance(region)) == (3, 2)


def test_an_allocation_moves_quota_from_the_pool_to_a_unit(region, actor, document, finance):
    builders.quota(finance, 1)
    adjust(region, actor, builders.document(region=region), pool(3))

    adjustment = adjust(
        region, actor, document, pool(-2), unit(finance, 2), kind=AdjustmentKind.ALLOCATE
    )

    assert lines_of(adjustment) == [(None, 3, -2, 1), (finance, 1, 2, 3)]
    assert (approved(finance), pool_balance(region)) == (3, 1)


def test_an_allocation_beyond_the_pool_is_refused(region, actor, document, finance):
    adjust(region, actor, builders.document(region=region), pool(1))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, pool(-2), unit(finance, 2), kind=AdjustmentKind.ALLOCATE)

    assert excinfo.value.messages == [
        POOL_SHORT % {"pool": "统筹编制", "type": "行政编制", "before": 1, "needed": 2}
    ]
    assert pool_balance(region) == 1


def test_an_allocation_from_an_empty_pool_is_refused(region, actor, document, finance):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, pool(-1), unit(finance, 1), kind=AdjustmentKind.ALLOCATE)

    assert excinfo.value.messages == [
        POOL_SHORT % {"pool": "统筹编制", "type": "行政编制", "before": 0, "needed": 1}
    ]


def test_the_pools_of_two_types_are_separate(region, actor, document, finance):
    adjust(region, actor, builders.document(region=region), pool(3))

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(
            region,
            actor,
            document,
            pool(-1, EstablishmentType.ORGAN_WORKER),
            unit(finance, 1, EstablishmentType.ORGAN_WORKER),
        )

    assert excinfo.value.messages == [
        POOL_SHORT % {"pool": "统筹编制", "type": "机关工勤编制", "before": 0, "needed": 1}
    ]


def test_all_lines_or_none_a_failing_second_line_leaves_the_first_unapplied(
    region, actor, document, finance, audit
):
    builders.quota(audit, 3)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, 2), unit(audit, -5))

    assert excinfo.value.messages == [
        BELOW_ZERO % {"target": "“测试县审计局”", "type": "行政编制", "before": 3, "delta": -5}
    ]
    assert not QuotaLine.objects.filter(institution=finance).exists()
    assert approved(audit) == 3


def test_all_lines_or_none_a_zero_second_line_stops_the_whole_adjustment(
    region, actor, document, finance, audit
):
    builders.quota(finance, 3)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, -1), unit(audit, 0))

    assert excinfo.value.messages == [ZERO_DELTA]
    assert approved(finance) == 3


# --- whose quota --------------------------------------------------------------------------------


def abolish(institution, actor):
    institution_abolish(
        institution=institution,
        document=builders.document(institution),
        abolished_on=timezone.localdate(),
        actor=actor,
        reason="机构撤销",
    )


def test_an_abolished_institution_cannot_be_adjusted(region, actor, document, finance):
    abolish(finance, actor)
    finance.refresh_from_db()

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, 1))

    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": "测试县财政局"}]


def test_an_institution_abolished_after_it_was_read_cannot_be_adjusted(
    region, actor, document, finance
):
    """The service must re-read the institution: the page's copy may predate its abolition."""
    read_earlier = Institution.objects.get(pk=finance.pk)
    abolish(finance, actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(read_earlier, 1))

    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": "测试县财政局"}]


def test_an_institution_of_another_region_cannot_be_adjusted(region, actor, document):
    foreign = InstitutionFactory(region=RegionFactory(name="邻县"), full_name="邻县财政局")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(foreign, 1))

    assert excinfo.value.messages == [
        INSTITUTION_OUTSIDE_REGION % {"name": "邻县财政局", "region": "测试县"}
    ]


# --- rule 6: no mixed establishment -------------------------------------------------------------


def test_an_administrative_line_on_a_public_institution_is_refused(region, actor, document):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(school, 3))

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "事业单位", "type": "行政编制"}
    ]


def test_an_administrative_quota_line_on_a_public_institution_fails_validation(region):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")

    with pytest.raises(ValidationError) as excinfo:
        QuotaLine(institution=school, establishment_type=ADMIN).full_clean()

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "事业单位", "type": "行政编制"}
    ]


def test_a_public_line_on_an_organ_is_refused(region, actor, document, finance):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, 3, PUBLIC, FundingForm.FULL))

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "党政机关", "type": "事业编制"}
    ]


def test_a_public_quota_line_on_an_organ_fails_validation(finance):
    with pytest.raises(ValidationError) as excinfo:
        QuotaLine(
            institution=finance, establishment_type=PUBLIC, funding_form=FundingForm.FULL
        ).full_clean()

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "党政机关", "type": "事业编制"}
    ]


def test_a_political_legal_line_on_a_mass_organisation_is_refused(region, actor, document):
    union = InstitutionFactory(
        region=region,
        full_name="测试县总工会",
        kind=InstitutionKind.MASS_ORGANISATION,
        system=System.MASS,
    )

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(union, 1, EstablishmentType.POLITICAL_LEGAL))

    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "群团机关", "type": "政法专项编制"}
    ]


def test_a_civil_servant_managed_unit_holds_public_quota(region, actor, document):
    managed = PublicInstitutionFactory(
        region=region,
        full_name="测试县农业综合执法大队",
        kind=InstitutionKind.CIVIL_SERVANT_MANAGED,
        public_service_class="",
    )

    adjust(region, actor, document, unit(managed, 6, PUBLIC, FundingForm.FULL))
    with pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, builders.document(region=region), unit(managed, 1))

    assert approved(managed, PUBLIC, FundingForm.FULL) == 6
    assert excinfo.value.messages == [
        MIXED_ESTABLISHMENT % {"kind": "参照公务员法管理事业单位", "type": "行政编制"}
    ]


def test_public_quota_needs_a_funding_form(region, actor, document):
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(school, 3, PUBLIC, ""))

    assert excinfo.value.messages == [FUNDING_REQUIRED_FOR_PUBLIC]


def test_other_quota_takes_no_funding_form(region, actor, document, finance):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        adjust(region, actor, document, unit(finance, 3, ADMIN, FundingForm.FULL))

    assert excinfo.value.messages == [FUNDING_ONLY_FOR_PUBLIC % {"type": "行政编制"}]


def test_funding_forms_of_public_quota_are_separate_lines(region, actor, document):
    hospital = PublicInstitutionFactory(region=region, full_name="测试县人民医院")

    adjust(
        region,
        actor,
        document,
        unit(hospital, 10, PUBLIC, FundingForm.FULL),
        unit(hospital, 20, PUBLIC, FundingForm.PARTIAL),
    )

    assert approved(hospital, PUBLIC, FundingForm.FULL) == 10
    assert approved(hospital, PUBLIC, FundingForm.PARTIAL) == 20


def test_the_database_refuses_a_quota_line_whose_funding_does_not_match_its_type(finance):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaLine.objects.create(institution=finance, establishment_type=PUBLIC, funding_form="")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaLine.objects.create(
            institution=finance, establishment_type=ADMIN, funding_form=FundingForm.FULL
        )


def test_the_database_refuses_an_adjustment_line_of_zero(region, actor, document, finance):
    adjustment = adjust(region, actor, document, unit(finance, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AdjustmentLine.objects.create(
            adjustment=adjustment,
            institution=finance,
            establishment_type=ADMIN,
            delta=0,
            approved_before=1,
            approved_after=1,
        )


# --- history (rule 13) --------------------------------------------------------------------------


def test_an_adjustment_records_one_history_entry_per_row_it_changes(
    region, actor, document, finance, audit
):
    finance_line = builders.quota(finance, 4)
    audit_line = builders.quota(audit, 1)

    with written() as gained:
        adjustment = adjust(
            region,
            actor,
            document,
            unit(finance, -2),
            unit(audit, 2),
            kind=AdjustmentKind.TRANSFER,
            summary="职能划转，编制随划",
        )

    assert gained == {"QuotaLine": (0, 2), "Adjustment": (1, 1), "AdjustmentLine": (2, 2)}
    for obj in (adjustment, *adjustment.lines.all(), finance_line, audit_line):
        assert attribution(latest(obj)) == (actor, "职能划转，编制随划", document.number)


def test_an_adjustment_creating_a_quota_line_records_it_once_with_its_actor(
    region, actor, document, finance
):
    with written() as gained:
        adjust(region, actor, document, unit(finance, 5), kind=AdjustmentKind.INITIAL)

    assert gained == {"QuotaLine": (1, 1), "Adjustment": (1, 1), "AdjustmentLine": (1, 1)}
    line = QuotaLine.objects.get(institution=finance)
    assert [attribution(r) for r in line.history.all()] == [(actor, "核定编制", document.number)]


def test_a_reclaim_creating_the_pool_records_it_once_with_its_actor(
    region, actor, document, finance
):
    builders.quota(finance, 5)

    with written() as gained:
        adjust(region, actor, document, unit(finance, -2), pool(2), kind=AdjustmentKind.RECLAIM)

    assert gained == {
        "QuotaLine": (0, 1),
        "PoolBalance": (1, 1),
        "Adjustment": (1, 1),
        "AdjustmentLine": (2, 2),
    }
    balance = PoolBalance.objects.get(region=region)
    assert [attribution(r) for r in balance.history.all()] == [(actor, "空编收回", document.number)]


def test_setting_a_region_total_records_one_history_entry(region, actor):
    document = builders.document(region=region)

    with written() as gained:
        total = services.region_total_set(
            region=region,
            establishment_type=ADMIN,
            total=30,
            document=document,
            actor=actor,
            reason="上级核定行政编制总量",
        )

    assert gained == {"RegionTotal": (1, 1)}
    assert attribution(latest(total)) == (actor, "上级核定行政编制总量", document.number)
