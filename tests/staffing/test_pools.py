"""Rule 26, pools with a purpose and borrowings: a region holds a 统筹编制 pool, a 急需紧缺人才周转池
and a 行政编制储备 per type; slots of the talent pool are only lent (借用), never beyond its
balance, with a return rule; they come back by a 周转池归还 adjustment when the holder leaves
(人走编回) or on the due date (the periodic job, or the office), and the region's total counts
every pool."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from people import services as people_services
from staffing import services
from staffing.choices import (
    AdjustmentKind,
    EstablishmentType,
    PermitStatus,
    PoolPurpose,
    SlotReturnCause,
)
from staffing.models import AdjustmentLine, PoolBalance, PoolLoan, QuotaLine
from staffing.pool_figures import OVERDUE, loan_state, loans_with_figures, pool_figures
from staffing.pool_lines import RESERVE_ADMINISTRATIVE_ONLY, TALENT_POOL_LENDS_ONLY
from staffing.pool_models import LOAN_NEEDS_RETURN_RULE
from staffing.pools import (
    LOAN_BEYOND_POOL,
    LOAN_ONLY_FROM_TALENT_POOL,
    loan_lend,
    loan_return,
    loans_return_due,
)
from staffing.selectors import line_figures
from staffing.services import TOTAL_EXCEEDED, LineChange
from tests.kit import builders
from tests.kit.clock import TODAY, day
from tests.kit.writes import nothing_written

pytestmark = pytest.mark.django_db

ADMIN = EstablishmentType.ADMINISTRATIVE
TALENT = PoolPurpose.TALENT
GENERAL = PoolPurpose.GENERAL
RESERVE = PoolPurpose.ADMINISTRATIVE_RESERVE


def fill_pool(region, actor, count, purpose=TALENT, establishment_type=ADMIN):
    """Quota put into one of the region's pools (e.g. reclaimed vacancies)."""
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.RECLAIM,
        summary="空编收回",
        document=builders.document(region=region),
        effective_on=day(1, 1),
        lines=[LineChange(establishment_type, count, pool_purpose=purpose)],
        actor=actor,
    )
    return PoolBalance.objects.get(
        region=region, establishment_type=establishment_type, purpose=purpose or GENERAL
    )


def lend(pool, unit, count=1, **fields):
    fields.setdefault("lent_on", day(3, 1))
    fields.setdefault("purpose", "引进大数据人才")
    return loan_lend(
        pool=pool,
        institution=unit,
        count=count,
        document=builders.document(unit),
        actor=builders.system_actor(),
        **fields,
    )


@pytest.fixture
def full_unit(finance):
    """A unit whose 2 slots are both filled: no vacancy, no permit without a loan."""
    line = builders.quota(finance, 2)
    builders.staff(line, 2)
    return finance


def test_a_region_holds_a_pool_per_purpose_and_its_total_counts_them_all(region, actor, finance):
    services.region_total_set(
        region=region,
        establishment_type=ADMIN,
        total=10,
        document=builders.document(region=region),
        actor=actor,
        reason="总量",
    )
    fill_pool(region, actor, 3, GENERAL)
    fill_pool(region, actor, 4, TALENT)
    fill_pool(region, actor, 2, RESERVE)

    assert services.region_approved(region, ADMIN) == 9
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        builders.quota(finance, 2)
    assert excinfo.value.messages == [
        TOTAL_EXCEEDED
        % {"region": region.name, "type": "行政编制", "total": 10, "sum": 11, "excess": 1}
    ]


def test_a_pool_line_without_a_purpose_moves_the_general_pool(region, actor):
    fill_pool(region, actor, 2, purpose="")
    assert PoolBalance.objects.get(region=region).purpose == GENERAL
    assert AdjustmentLine.objects.get(institution=None).pool_purpose == GENERAL


def test_the_administrative_reserve_holds_administrative_quota_only(region, actor):
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        fill_pool(region, actor, 2, RESERVE, EstablishmentType.PUBLIC)
    assert excinfo.value.messages == [RESERVE_ADMINISTRATIVE_ONLY % {"type": "事业编制"}]


def test_the_talent_pool_is_only_lent_not_allocated(region, actor, finance):
    fill_pool(region, actor, 2)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.ALLOCATE,
            summary="调配",
            document=builders.document(region=region),
            effective_on=day(3, 1),
            lines=[LineChange(ADMIN, -1, pool_purpose=TALENT), LineChange(ADMIN, 1, finance)],
            actor=actor,
        )
    assert excinfo.value.messages == [TALENT_POOL_LENDS_ONLY]


def test_a_full_unit_borrows_a_slot_and_gets_a_permit_on_it(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)

    loan = lend(pool, full_unit, 1, due_on=TODAY + datetime.timedelta(days=30))

    pool.refresh_from_db()
    line = QuotaLine.objects.get(institution=full_unit)
    assert pool.balance == 2
    assert line_figures(line).approved == 3
    assert loan.permit.count == 1 and loan.permit.quota_line == line
    assert loan.adjustment.kind == AdjustmentKind.LOAN
    assert pool_figures(PoolBalance.objects.all(), TODAY)[pool.pk].lent_out == 1


def test_borrowing_beyond_the_pool_is_refused(region, actor, full_unit):
    pool = fill_pool(region, actor, 1)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        lend(pool, full_unit, 2)
    assert excinfo.value.messages == [LOAN_BEYOND_POOL % {"pool": pool, "balance": 1, "count": 2}]


def test_only_the_talent_pool_lends(region, actor, full_unit):
    pool = fill_pool(region, actor, 3, GENERAL)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        lend(pool, full_unit, 1)
    assert excinfo.value.messages == [
        LOAN_ONLY_FROM_TALENT_POOL % {"pool": pool, "purpose": "统筹编制"}
    ]


def test_a_loan_needs_a_return_rule(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)
    with pytest.raises(ValidationError) as excinfo:
        lend(pool, full_unit, 1, returns_on_leave=False, due_on=None)
    assert LOAN_NEEDS_RETURN_RULE in excinfo.value.messages
    pool.refresh_from_db()
    assert pool.balance == 3


def test_the_slot_returns_to_the_pool_when_its_holder_leaves(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)
    loan = lend(pool, full_unit, 1)
    line = loan.quota_line
    record = builders.enter(
        builders.person(region, "李博士"), line, loan.permit, entry_on=day(4, 1)
    )

    people_services.exit_register(
        record=record, ended_on=day(6, 1), end_reason="resignation", actor=actor
    )

    pool.refresh_from_db()
    assert pool.balance == 3
    assert line_figures(line).approved == 2
    back = loan.returns.get()
    assert (back.cause, back.count, back.holder) == (SlotReturnCause.HOLDER_LEFT, 1, "李博士")
    assert back.adjustment.kind == AdjustmentKind.LOAN_RETURN
    assert back.adjustment.effective_on == day(6, 1)
    assert loans_with_figures(PoolLoan.objects.all()).get().outstanding == 0


def test_a_regular_holder_leaving_returns_nothing(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)
    lend(pool, full_unit, 1)
    record = full_unit.quota_lines.get().records.first()
    people_services.exit_register(
        record=record, ended_on=day(6, 1), end_reason="resignation", actor=actor
    )
    pool.refresh_from_db()
    assert pool.balance == 2


def test_loans_past_due_are_returned_by_the_daily_job(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)
    loan = lend(pool, full_unit, 2, returns_on_leave=False, due_on=day(6, 30))
    assert loan_state(loans_with_figures(PoolLoan.objects.all()).get(), TODAY) == OVERDUE
    out = io.StringIO()

    call_command("return_due_loans", stdout=out)

    pool.refresh_from_db()
    loan.permit.refresh_from_db()
    assert pool.balance == 3
    assert loan.permit.status == PermitStatus.CANCELLED
    assert loan.returns.get().cause == SlotReturnCause.DUE
    assert "2" in out.getvalue()
    assert loans_return_due(today=TODAY, actor=actor) == (0, [])


def test_a_due_return_with_the_holder_still_there_leaves_the_unit_over(region, actor, full_unit):
    pool = fill_pool(region, actor, 3)
    loan = lend(pool, full_unit, 1, due_on=day(6, 30))
    line = loan.quota_line
    builders.enter(builders.person(region, "王博士"), line, loan.permit, entry_on=day(4, 1))

    loan_return(loan=loan, count=1, cause=SlotReturnCause.DUE, returned_on=TODAY, actor=actor)

    figures = line_figures(line)
    assert (figures.approved, figures.occupied, figures.over) == (2, 3, 1)
    line.refresh_from_db()
    assert "到期归还" in line.over_establishment_reason
