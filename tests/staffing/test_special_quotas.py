"""Rule 27, 高层次人才专项编制: a full or over-established unit may bring in a named talent on a
special quota taken from a pool; only permits on the special quota use it and only up to its
count (专编专用); its figures stay apart, so the unit's 超编 shows undiminished; the slot goes back
to its pool when the holder leaves (人走编收); the region's total control still counts it."""

import pytest
from django.core.exceptions import ValidationError

from people import asof, asof_effective, reconciliation
from people import services as people_services
from people.imports import roster_quota
from people.services.records import NO_UNRESERVED_VACANCY
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, PoolPurpose, SlotReturnCause
from staffing.models import PoolBalance, QuotaLine
from staffing.pool_figures import specials_with_figures
from staffing.selectors import line_figures, region_totals
from staffing.services import PERMIT_SHORT, TOTAL_EXCEEDED, LineChange
from staffing.special_quotas import (
    SPECIAL_BEYOND_POOL,
    SPECIAL_FULL,
    SPECIAL_PERMIT_SHORT,
    special_permit_issue,
    special_quota_grant,
)
from tests.kit import builders
from tests.kit.clock import TODAY, day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.writes import nothing_written

pytestmark = pytest.mark.django_db

PUBLIC = EstablishmentType.PUBLIC


@pytest.fixture
def academy(region):
    """农科院: 3 slots after a cut, 4 people in them: 超编 1 (seed 004)."""
    unit = PublicInstitutionFactory(region=region, full_name="测试县农业科学研究院")
    line = builders.quota(unit, 4)
    builders.staff(line, 4)
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.DECREASE,
        summary="精简压缩编制",
        document=builders.document(unit),
        effective_on=day(3, 1),
        lines=[LineChange(PUBLIC, -1, unit, line.funding_form)],
        actor=builders.system_actor(),
        over_establishment_reason="精简压缩编制",
    )
    return line


@pytest.fixture
def pool(region, actor):
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.RECLAIM,
        summary="空编收回",
        document=builders.document(region=region),
        effective_on=day(1, 1),
        lines=[LineChange(PUBLIC, 3)],
        actor=actor,
    )
    return PoolBalance.objects.get(region=region, purpose=PoolPurpose.GENERAL)


def grant(line, pool, count=2, talent="小麦育种博士"):
    return special_quota_grant(
        quota_line=line,
        source=pool,
        count=count,
        talent=talent,
        document=builders.document(line.institution),
        approved_on=day(4, 1),
        actor=builders.system_actor(),
    )


def special_permit(special, count=1):
    return special_permit_issue(
        special_quota=special,
        count=count,
        issued_on=day(4, 10),
        expires_on=builders.EXPIRES,
        actor=builders.system_actor(),
    )


def figures_of(special):
    return specials_with_figures(type(special).objects.filter(pk=special.pk)).get()


def test_an_over_established_unit_gets_a_special_quota_and_a_permit_on_it(academy, pool):
    special = grant(academy, pool)

    permit = special_permit(special, 2)

    pool.refresh_from_db()
    assert pool.balance == 1
    assert permit.special_quota == special and permit.quota_line == academy
    assert figures_of(special).available == 0


def test_its_holder_enters_though_the_unit_is_over(region, academy, pool):
    special = grant(academy, pool)
    record = builders.enter(
        builders.person(region, "赵博士"), academy, special_permit(special), entry_on=day(5, 1)
    )
    assert record.permit.special_quota == special
    assert figures_of(special).holders == 1


def test_the_special_quota_never_hides_over_establishment(region, academy, pool):
    special = grant(academy, pool)
    builders.enter(
        builders.person(region, "赵博士"), academy, special_permit(special), entry_on=day(5, 1)
    )

    figures = line_figures(academy)
    assert (figures.approved, figures.occupied, figures.over) == (3, 4, 1)
    public = next(
        row
        for row in region_totals(QuotaLine.objects.all(), region_ids=[region.pk])
        if row.establishment_type == PUBLIC
    )
    assert (public.approved, public.occupied, public.over) == (3, 4, 1)
    assert (public.special, public.special_occupied) == (2, 1)


def test_a_regular_permit_cannot_use_the_special_slots(academy, pool):
    grant(academy, pool)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        builders.permit(academy, 1)
    assert excinfo.value.messages == [
        PERMIT_SHORT
        % {
            "line": f"“{academy.institution.full_name}”{academy.type_label}",
            "approved": 3,
            "occupied": 4,
            "reserved": 0,
            "available": 0,
            "count": 1,
        }
    ]


def test_a_regular_entry_cannot_take_a_special_slot(region, academy, pool):
    grant(academy, pool)
    with pytest.raises(ValidationError) as excinfo:
        people_services.check_place_on_line(academy, day(5, 1))
    assert excinfo.value.messages == [
        NO_UNRESERVED_VACANCY
        % {
            "line": f"“{academy.institution.full_name}”{academy.type_label}",
            "approved": 3,
            "occupied": 4,
            "reserved": 0,
        }
    ]


def test_a_special_holder_needs_a_free_special_slot(region, actor, academy, pool):
    special = grant(academy, pool, 1)
    first = special_permit(special)
    builders.enter(builders.person(region, "孙博士"), academy, first, entry_on=day(5, 1))
    # A second permit can't be issued, and a check of the full special quota names it.
    with pytest.raises(ValidationError) as excinfo:
        people_services.check_place_on_line(academy, day(5, 2), permit=first)
    assert excinfo.value.messages == [
        SPECIAL_FULL % {"talent": "小麦育种博士", "in_force": 1, "holders": 1}
    ]


def test_a_special_permit_cannot_exceed_the_special_quota(academy, pool):
    special = grant(academy, pool, 1)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        special_permit(special, 2)
    assert excinfo.value.messages == [
        SPECIAL_PERMIT_SHORT
        % {
            "talent": "小麦育种博士",
            "in_force": 1,
            "holders": 0,
            "reserved": 0,
            "available": 1,
            "count": 2,
        }
    ]


def test_a_special_quota_beyond_its_pool_is_refused(academy, pool):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        grant(academy, pool, 4)
    assert excinfo.value.messages == [
        SPECIAL_BEYOND_POOL % {"pool": pool, "balance": 3, "count": 4}
    ]


def test_the_slot_returns_to_its_pool_when_the_holder_leaves(region, actor, academy, pool):
    special = grant(academy, pool, 1)
    record = builders.enter(
        builders.person(region, "孙博士"), academy, special_permit(special), entry_on=day(5, 1)
    )

    people_services.exit_register(
        record=record, ended_on=day(9, 1), end_reason="resignation", actor=actor
    )

    pool.refresh_from_db()
    assert pool.balance == 3
    back = special.returns.get()
    assert (back.cause, back.holder) == (SlotReturnCause.HOLDER_LEFT, "孙博士")
    assert back.adjustment.kind == AdjustmentKind.SPECIAL_RETURN
    assert figures_of(special).in_force == 0
    assert line_figures(academy).over == 1


def test_a_second_talent_cannot_take_a_returned_slot(region, actor, academy, pool):
    special = grant(academy, pool, 1)
    permit = special_permit(special)
    record = builders.enter(builders.person(region, "孙博士"), academy, permit, entry_on=day(5, 1))
    people_services.exit_register(
        record=record, ended_on=day(9, 1), end_reason="resignation", actor=actor
    )
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        special_permit(special)
    assert "可用 0 名" in excinfo.value.messages[0]


def test_an_entry_beyond_the_special_quota_is_refused(region, academy, pool):
    special = grant(academy, pool, 1)
    permit = special_permit(special)
    builders.enter(builders.person(region, "孙博士"), academy, permit, entry_on=day(5, 1))
    # A permit whose count outlives a holder's slot: the special quota itself is the ceiling.
    with pytest.raises(ValidationError) as excinfo:
        builders.enter(builders.person(region, "周博士"), academy, permit, entry_on=day(5, 2))
    assert excinfo.value.messages[0].startswith("用编通知单")  # its one slot is used


def test_the_region_total_still_counts_special_quotas(region, actor, academy, pool):
    services.region_total_set(
        region=region,
        establishment_type=PUBLIC,
        total=6,
        document=builders.document(region=region),
        actor=actor,
        reason="总量",
    )
    grant(academy, pool, 2)
    assert services.region_approved(region, PUBLIC) == 6
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.INCREASE,
            summary="增加编制",
            document=builders.document(region=region),
            effective_on=day(5, 1),
            lines=[LineChange(PUBLIC, 1, academy.institution, academy.funding_form)],
            actor=actor,
        )
    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": region.name, "type": "事业编制", "total": 6, "sum": 7, "excess": 1}
    ]


# --- the figures of a past day and the roster import keep the holder apart too -------------------


@pytest.fixture
def talent_held(region, academy, pool):
    """The academy (H 3, four regular holders) with 赵博士 entered on its special quota."""
    special = grant(academy, pool)
    builders.enter(
        builders.person(region, "赵博士"), academy, special_permit(special), entry_on=day(5, 1)
    )
    return academy


def test_the_recorded_snapshot_counts_the_holder_apart(talent_held):
    snap = asof.snapshot(talent_held.institution_id, TODAY, full_id_numbers=False)

    [line] = snap.lines
    assert (line.approved, line.occupied, line.over) == (3, 4, 1)
    assert (snap.occupied_total, snap.special_total) == (5, 1)
    assert [m.name for m in snap.roster if m.on_special_quota] == ["赵博士"]


def test_the_snapshot_in_force_counts_the_holder_apart(talent_held):
    snap = asof_effective.snapshot_in_force(
        talent_held.institution, day(6, 1), full_id_numbers=False
    )

    [line] = snap.lines
    assert (line.approved, line.occupied, line.over) == (3, 4, 1)
    assert snap.special_total == 1


def test_the_reconciliation_balances_without_the_holder(actor, talent_held):
    result = reconciliation.reconcile(talent_held.institution, day(4, 1), day(6, 30), user=actor)

    [block] = result.types
    assert (block.occupied_opening, block.occupied_closing, block.special_closing) == (4, 4, 1)
    assert block.entries == 0 and block.occupied_balances and block.over == 1


def test_the_roster_import_counts_only_regular_holders_against_the_line(talent_held):
    assert roster_quota._occupied([talent_held.pk]) == {talent_held.pk: 4}
