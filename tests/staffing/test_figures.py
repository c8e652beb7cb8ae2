"""Rule 1: the figures the office lives by — 核定 H, 实有 A, 已核准未使用 R, 空编, 超编, 可用 — computed
by ``staffing.selectors`` from the records, for small scenarios built by hand through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people import services as people_services
from people.choices import EndReason
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm
from staffing.models import AdjustmentLine, QuotaLine
from staffing.selectors import (
    institution_lines,
    line_figures,
    over_established,
    region_totals,
    with_figures,
)
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ADMIN = EstablishmentType.ADMINISTRATIVE
WORKER = EstablishmentType.ORGAN_WORKER
PUBLIC = EstablishmentType.PUBLIC
ON = day(3, 1)  # after the builders' permits are issued and used, before they expire


def organ(region, name):
    return InstitutionFactory(region=region, full_name=name)


def figures(line: QuotaLine, on=ON) -> dict[str, int]:
    f = line_figures(line, on=on)
    return {
        "核定": f.approved,
        "实有": f.occupied,
        "已核准未使用": f.reserved,
        "空编": f.vacancy,
        "超编": f.over,
        "可用": f.available,
    }


def annotated(row) -> dict[str, int]:
    return {
        "核定": row.approved,
        "实有": row.occupied,
        "已核准未使用": row.reserved,
        "空编": row.vacancy,
        "超编": row.over,
        "可用": row.available,
    }


def row(h, a, r, vacancy, over, available) -> dict[str, int]:
    return {
        "核定": h,
        "实有": a,
        "已核准未使用": r,
        "空编": vacancy,
        "超编": over,
        "可用": available,
    }


def adjust(region, actor, *changes, kind=AdjustmentKind.OTHER, reason=""):
    return services.adjustment_apply(
        region=region,
        kind=kind,
        summary="编制调整",
        document=builders.document(region=region),
        effective_on=builders.EFFECTIVE,
        lines=list(changes),
        actor=actor,
        over_establishment_reason=reason,
    )


def change(institution, delta, establishment_type=ADMIN, funding_form=""):
    return services.LineChange(
        establishment_type=establishment_type,
        delta=delta,
        institution=institution,
        funding_form=funding_form,
    )


LEFT = day(2, 20)


def leave(record, actor, on=LEFT):
    return people_services.exit_register(
        record=record, ended_on=on, end_reason=EndReason.RETIREMENT, actor=actor
    )


# --- one line -----------------------------------------------------------------------------------


def test_figures_count_active_records_and_the_unused_slots_of_open_permits(region):
    unit = PublicInstitutionFactory(region=region)
    line = builders.quota(unit, 10)
    builders.staff(line, 4)
    builders.permit(line, 3)

    assert figures(line) == row(10, 4, 3, vacancy=6, over=0, available=3)
    [annotated_line] = institution_lines(unit, on=ON)
    assert annotated(annotated_line) == figures(line)


def test_a_line_without_records_or_permits_is_all_vacancy(region):
    line = builders.quota(organ(region, "测试县财政局"), 4)
    assert figures(line) == row(4, 0, 0, vacancy=4, over=0, available=4)


def test_a_permit_stops_reserving_the_slots_it_has_used(region):
    line = builders.quota(organ(region, "测试县财政局"), 5)
    permit = builders.permit(line, 3)
    builders.enter(builders.person(region, "甲"), line, permit)
    builders.enter(builders.person(region, "乙"), line, permit)

    assert figures(line) == row(5, 2, 1, vacancy=3, over=0, available=2)


def test_an_exit_frees_a_vacancy_and_the_permit_slot_it_used_stays_used(region, actor):
    line = builders.quota(organ(region, "测试县财政局"), 3)
    first, _ = builders.staff(line, 2)

    leave(first, actor)

    assert figures(line) == row(3, 1, 0, vacancy=2, over=0, available=2)


def test_cancelled_permits_reserve_nothing(region, actor):
    line = builders.quota(organ(region, "测试县财政局"), 5)
    builders.staff(line, 1)
    permit = builders.permit(line, 3)
    assert figures(line) == row(5, 1, 3, vacancy=4, over=0, available=1)

    services.permit_cancel(permit=permit, actor=actor, reason="招考计划取消")

    assert figures(line) == row(5, 1, 0, vacancy=4, over=0, available=4)


def test_a_cancelled_permit_still_counts_the_people_who_entered_with_it(region, actor):
    line = builders.quota(organ(region, "测试县财政局"), 5)
    permit = builders.permit(line, 3)
    builders.enter(builders.person(region, "甲"), line, permit)

    services.permit_cancel(permit=permit, actor=actor, reason="余下名额不再使用")

    assert figures(line) == row(5, 1, 0, vacancy=4, over=0, available=4)


def test_permits_reserve_only_between_their_issue_and_expiry_dates(region):
    line = builders.quota(organ(region, "测试县财政局"), 5)
    builders.permit(line, 2, issued_on=day(1, 10), expires_on=day(2, 28))

    assert figures(line, on=day(1, 9))["已核准未使用"] == 0
    assert figures(line, on=day(1, 10))["已核准未使用"] == 2
    assert figures(line, on=day(2, 28))["已核准未使用"] == 2
    assert figures(line, on=day(3, 1)) == row(5, 0, 0, 5, 0, 5)


def test_permits_marked_expired_reserve_nothing_even_within_their_dates(region, actor):
    line = builders.quota(organ(region, "测试县财政局"), 5)
    builders.permit(line, 2, issued_on=day(1, 10), expires_on=day(2, 28))

    services.permits_expire(today=day(3, 1), actor=actor)

    assert figures(line, on=day(2, 1)) == row(5, 0, 0, 5, 0, 5)


# --- types are never summed ---------------------------------------------------------------------


def test_a_unit_with_an_administrative_vacancy_and_a_worker_excess_shows_both(region, actor):
    unit = organ(region, "测试县财政局")
    administrative = builders.quota(unit, 3)
    builders.staff(administrative, 1, name_prefix="干部")
    workers = builders.quota(unit, 2, establishment_type=WORKER)
    builders.staff(workers, 2, name_prefix="工勤")
    adjust(
        region,
        actor,
        change(unit, -1, WORKER),
        kind=AdjustmentKind.DECREASE,
        reason="后勤服务社会化，工勤编制核减",
    )

    by_type = {line.establishment_type: annotated(line) for line in institution_lines(unit, on=ON)}
    assert by_type == {
        ADMIN: row(3, 1, 0, vacancy=2, over=0, available=2),
        WORKER: row(1, 2, 0, vacancy=0, over=1, available=-1),
    }
    totals = {
        t.establishment_type: t
        for t in region_totals(unit.quota_lines.all(), region_ids=[region.pk], on=ON)
    }
    assert (totals[ADMIN].vacancy, totals[ADMIN].over) == (2, 0)
    assert (totals[WORKER].vacancy, totals[WORKER].over) == (0, 1)


def test_a_vacancy_in_one_unit_does_not_offset_an_excess_in_another(region, actor):
    vacant = organ(region, "测试县财政局")
    builders.staff(builders.quota(vacant, 3), 1)
    crowded = organ(region, "测试县审计局")
    builders.staff(builders.quota(crowded, 2), 2)
    adjust(region, actor, change(crowded, -1), reason="机构改革核减")

    [administrative] = [
        t
        for t in region_totals(QuotaLine.objects.all(), region_ids=[region.pk], on=ON)
        if t.establishment_type == ADMIN
    ]
    assert (administrative.approved, administrative.occupied) == (4, 3)
    assert (administrative.vacancy, administrative.over) == (2, 1)


# --- mergers and transfers ----------------------------------------------------------------------


def test_over_establishment_after_a_merger_shows_the_excess_and_keeps_the_reason(region, actor):
    merged = organ(region, "测试县市场监督管理局")
    merged_line = builders.quota(merged, 5)
    records = builders.staff(merged_line, 5)
    receiving = organ(region, "测试县行政审批服务局")
    receiving_line = builders.quota(receiving, 1)
    reason = "机构合并，超编人员通过自然减员消化"

    adjustment = adjust(
        region,
        actor,
        change(merged, -2),
        change(receiving, +2),
        kind=AdjustmentKind.TRANSFER,
        reason=reason,
    )

    merged_line.refresh_from_db()
    assert merged_line.over_establishment_reason == reason
    assert figures(merged_line) == row(3, 5, 0, vacancy=0, over=2, available=-2)
    assert figures(receiving_line) == row(3, 0, 0, vacancy=3, over=0, available=3)
    lines = AdjustmentLine.objects.filter(adjustment=adjustment).order_by("pk")
    assert [(x.institution, x.approved_before, x.delta, x.approved_after) for x in lines] == [
        (merged, 5, -2, 3),
        (receiving, 1, 2, 3),
    ]
    listed = over_established(QuotaLine.objects.filter(institution__region=region), on=ON)
    assert [(x.pk, x.over) for x in listed] == [(merged_line.pk, 2)]

    leave(records[0], actor)
    leave(records[1], actor)

    assert figures(merged_line) == row(3, 3, 0, vacancy=0, over=0, available=0)
    assert not over_established(QuotaLine.objects.filter(institution__region=region), on=ON)


def test_over_established_lists_the_largest_excess_first(region, actor):
    slightly = organ(region, "测试县财政局")
    builders.staff(builders.quota(slightly, 2), 2)
    badly = organ(region, "测试县审计局")
    builders.staff(builders.quota(badly, 4), 4)
    builders.quota(organ(region, "测试县统计局"), 2)
    adjust(region, actor, change(slightly, -1), change(badly, -3), reason="机构改革核减")

    listed = over_established(QuotaLine.objects.all(), on=ON)
    assert [(x.institution, x.over) for x in listed] == [(badly, 3), (slightly, 1)]


def test_a_transfer_between_two_units_moves_one_person_in_the_figures_of_both(region, actor):
    sending = organ(region, "测试县财政局")
    sending_line = builders.quota(sending, 3)
    mover, *_ = builders.staff(sending_line, 3)
    receiving = organ(region, "测试县审计局")
    receiving_line = builders.quota(receiving, 2)
    builders.staff(receiving_line, 1)
    permit = builders.permit(receiving_line, 1, purpose="transfer_in")
    assert figures(receiving_line) == row(2, 1, 1, vacancy=1, over=0, available=0)

    people_services.transfer_register(
        record=mover,
        quota_line=receiving_line,
        permit=permit,
        transferred_on=day(2, 15),
        post_category="management",
        actor=actor,
    )

    assert figures(sending_line) == row(3, 2, 0, vacancy=1, over=0, available=1)
    assert figures(receiving_line) == row(2, 2, 0, vacancy=0, over=0, available=0)


# --- the region ---------------------------------------------------------------------------------


def test_region_totals_sum_each_type_against_the_pool_and_the_total_control(region, actor):
    finance = organ(region, "测试县财政局")
    builders.staff(builders.quota(finance, 5), 3)
    builders.quota(finance, 1, establishment_type=WORKER)
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    school_line = builders.quota(school, 10)
    builders.staff(school_line, 4)
    builders.permit(school_line, 2)
    adjust(region, actor, services.LineChange(establishment_type=ADMIN, delta=2))
    services.region_total_set(
        region=region,
        establishment_type=ADMIN,
        total=10,
        document=builders.document(region=region),
        actor=actor,
        reason="上级核定行政编制总量",
    )
    elsewhere = InstitutionFactory(region=RegionFactory(name="邻县"), full_name="邻县财政局")
    builders.quota(elsewhere, 7)

    totals = {
        t.establishment_type: t
        for t in region_totals(
            QuotaLine.objects.filter(institution__region=region), region_ids=[region.pk], on=ON
        )
    }

    def summary(t):
        return (t.approved, t.occupied, t.reserved, t.vacancy, t.over, t.pool, t.total)

    assert summary(totals[ADMIN]) == (5, 3, 0, 2, 0, 2, 10)
    assert totals[ADMIN].headroom == 3
    assert summary(totals[WORKER]) == (1, 0, 0, 1, 0, 0, None)
    assert totals[WORKER].headroom is None
    assert summary(totals[EstablishmentType.POLITICAL_LEGAL]) == (0, 0, 0, 0, 0, 0, None)
    assert summary(totals[PUBLIC]) == (10, 4, 2, 6, 0, 0, None)
    assert [t.label for t in totals.values()] == [
        "行政编制",
        "政法专项编制",
        "机关工勤编制",
        "事业编制",
    ]


def test_region_totals_take_a_fixed_number_of_queries_whatever_the_number_of_units(region):
    def add_units(n):
        for _ in range(n):
            unit = PublicInstitutionFactory(region=region)
            line = builders.quota(unit, 3, funding_form=FundingForm.PARTIAL)
            builders.staff(line, 1)
            builders.permit(line, 1)

    def queries():
        lines = QuotaLine.objects.filter(institution__region=region)
        with CaptureQueriesContext(connection) as captured:
            totals = region_totals(lines, region_ids=[region.pk], on=ON)
        return len(captured), totals

    add_units(2)
    few, totals = queries()
    assert [t.approved for t in totals if t.establishment_type == PUBLIC] == [6]
    add_units(4)
    many, totals = queries()
    assert [t.occupied for t in totals if t.establishment_type == PUBLIC] == [6]
    assert many == few


def test_with_figures_takes_one_query_for_any_number_of_lines(region):
    for n in range(3):
        builders.staff(builders.quota(organ(region, f"测试县第{n}局"), 2), 1)

    with CaptureQueriesContext(connection) as captured:
        rows = [annotated(x) for x in with_figures(QuotaLine.objects.all(), on=ON)]

    assert rows == [row(2, 1, 0, 1, 0, 1)] * 3
    assert len(captured) == 1
