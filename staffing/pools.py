"""Borrowings from the 急需紧缺人才周转池 (seed 003, rule 26): lending slots to a unit's quota line
by an adjustment (周转池借用) with a usage permit issued on them, and their return (周转池归还) when
the holder leaves (人走编回), on the due date, or when the office takes them back."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument, Institution

from . import services
from .choices import AdjustmentKind, PermitPurpose, PermitStatus, PoolPurpose, SlotReturnCause
from .models import PoolBalance, PoolLoan, QuotaLine, SlotReturn
from .pool_figures import loans_with_figures, overdue_loans
from .selectors import line_figures
from .special_quotas import special_holder_left

LOAN_ONLY_FROM_TALENT_POOL = (
    "只有急需紧缺人才周转池的编制可以借用，“%(pool)s”用途为%(purpose)s（规则 26）。"
)
LOAN_BEYOND_POOL = "“%(pool)s”仅余 %(balance)d 名，不能借出 %(count)d 名（规则 26）。"
LOAN_COUNT_POSITIVE = "借出数须大于 0。"
LOAN_OUTSIDE_REGION = "“%(name)s”不属于周转池所在的%(region)s，不能借用该周转池的编制。"
RETURN_BEYOND_OUTSTANDING = "该借用尚未归还 %(outstanding)d 名，不能归还 %(count)d 名。"
RETURN_COUNT_POSITIVE = "归还数须大于 0。"
DUE_RETURN_OVER = "周转池借用编制到期归还，借用期间进入的人员待自然减员消化（规则 26）"
LOAN_PERMIT_DAYS = 365


@transaction.atomic
def loan_lend(
    *,
    pool: PoolBalance,
    institution: Institution,
    funding_form: str = "",
    count: int,
    purpose: str,
    document: ApprovalDocument,
    lent_on: datetime.date,
    actor,
    returns_on_leave: bool = True,
    due_on: datetime.date | None = None,
    permit_expires_on: datetime.date | None = None,
    permit_number: str = "",
) -> PoolLoan:
    """Lend ``count`` slots of the talent pool to the institution's line (rule 26): the pool
    goes down and the line's 核定 up by one 周转池借用 adjustment, and a usage permit for 人才引进
    is issued on them (rule 2 still holds: an over-established unit gets no permit, so no loan).
    Never beyond the pool's balance; a return rule (人走编回 and/or a due date) is required."""
    pool = PoolBalance.objects.select_for_update().select_related("region").get(pk=pool.pk)
    if pool.purpose != PoolPurpose.TALENT:
        raise ValidationError(
            LOAN_ONLY_FROM_TALENT_POOL % {"pool": pool, "purpose": PoolPurpose(pool.purpose).label}
        )
    if count <= 0:
        raise ValidationError({"count": LOAN_COUNT_POSITIVE})
    if count > pool.balance:
        raise ValidationError(
            LOAN_BEYOND_POOL % {"pool": pool, "balance": pool.balance, "count": count}
        )
    if institution.region_id not in pool.region.subtree_ids():
        raise ValidationError(
            LOAN_OUTSIDE_REGION % {"name": institution.full_name, "region": pool.region.name}
        )
    summary = f"借用{PoolPurpose(pool.purpose).label}编制：{purpose}"
    adjustment = services.adjustment_apply(
        region=pool.region,
        kind=AdjustmentKind.LOAN,
        summary=summary[:200],
        document=document,
        effective_on=lent_on,
        lines=[
            services.LineChange(pool.establishment_type, -count, pool_purpose=pool.purpose),
            services.LineChange(pool.establishment_type, count, institution, funding_form),
        ],
        actor=actor,
    )
    line = QuotaLine.objects.get(
        institution=institution,
        establishment_type=pool.establishment_type,
        funding_form=funding_form,
    )
    expires_on = permit_expires_on or due_on or lent_on + datetime.timedelta(LOAN_PERMIT_DAYS)
    permit = services.permit_issue(
        quota_line=line,
        count=count,
        purpose=PermitPurpose.TALENT,
        issued_on=lent_on,
        expires_on=expires_on,
        actor=actor,
        document=document,
        number=permit_number,
        notes=f"周转池借用：{purpose}"[:200],
    )
    loan = PoolLoan(
        pool=pool,
        quota_line=line,
        count=count,
        purpose=purpose,
        document=document,
        lent_on=lent_on,
        returns_on_leave=returns_on_leave,
        due_on=due_on,
        adjustment=adjustment,
        permit=permit,
        lent_by=actor,
    )
    return save_tracked(loan, actor=actor, reason=summary, document=document)


@transaction.atomic
def loan_return(
    *,
    loan: PoolLoan,
    count: int,
    cause: str,
    returned_on: datetime.date,
    actor,
    document: ApprovalDocument | None = None,
    holder: str = "",
) -> SlotReturn:
    """Return ``count`` borrowed slots to their pool by a 周转池归还 adjustment (rule 26).

    When the holder leaves (人走编回) their slot is free. On the due date, or when the office
    takes the slots back, the loan's permit is cancelled in the same adjustment; a slot whose
    holder is still there leaves the unit 超编 (with that reason) until attrition clears it."""
    loan = PoolLoan.objects.select_for_update().select_related("pool", "quota_line").get(pk=loan.pk)
    outstanding = loans_with_figures(PoolLoan.objects.filter(pk=loan.pk)).get().outstanding
    if count <= 0:
        raise ValidationError({"count": RETURN_COUNT_POSITIVE})
    if count > outstanding:
        raise ValidationError(
            RETURN_BEYOND_OUTSTANDING % {"outstanding": outstanding, "count": count}
        )
    line = loan.quota_line
    cancel = []
    over_reason = ""
    if cause != SlotReturnCause.HOLDER_LEFT:
        permit = loan.permit
        if permit is not None and permit.status == PermitStatus.OPEN:
            cancel = [permit]
        figures = line_figures(line, on=max(returned_on, timezone.localdate()))
        if figures.approved - count < figures.occupied:
            over_reason = DUE_RETURN_OVER
    cause_label = SlotReturnCause(cause).label
    summary = f"{cause_label}：{loan.purpose}" + (f"（{holder}）" if holder else "")
    adjustment = services.adjustment_apply(
        region=loan.pool.region,
        kind=AdjustmentKind.LOAN_RETURN,
        summary=summary[:200],
        document=document or loan.document,
        effective_on=returned_on,
        lines=[
            services.LineChange(
                line.establishment_type, -count, line.institution, line.funding_form
            ),
            services.LineChange(line.establishment_type, count, pool_purpose=loan.pool.purpose),
        ],
        actor=actor,
        over_establishment_reason=over_reason,
        permits_to_cancel=cancel,
    )
    returned = SlotReturn(
        loan=loan,
        count=count,
        cause=cause,
        returned_on=returned_on,
        holder=holder,
        adjustment=adjustment,
    )
    return save_tracked(returned, actor=actor, reason=summary, document=adjustment.document)


def loans_return_due(*, today: datetime.date, actor) -> tuple[int, list[str]]:
    """The periodic job (``return_due_loans``): return every slot of loans past their due date
    (rule 26). Returns how many slots came back and, for loans that could not be returned (e.g.
    other permits reserve the slots), the refusal, so the office handles them on the pool page."""
    returned, refused = 0, []
    for loan in overdue_loans(PoolLoan.objects.all(), today):
        try:
            loan_return(
                loan=loan,
                count=loan.outstanding,
                cause=SlotReturnCause.DUE,
                returned_on=today,
                actor=actor,
            )
        except ValidationError as error:
            refused.append(f"{loan}：{'；'.join(error.messages)}")
            continue
        returned += loan.outstanding
    return returned, refused


def holder_left(*, permit_id: int | None, ended_on: datetime.date, actor, holder: str) -> None:
    """A person entered on a borrowed or special slot left it (出编 or 调出, called by people's
    record services): the slot goes back to its pool (人走编回 rule 26, 人走编收 rule 27)."""
    if permit_id is None:
        return
    loan = (
        loans_with_figures(PoolLoan.objects.filter(permit_id=permit_id, returns_on_leave=True))
        .filter(outstanding__gt=0)
        .first()
    )
    if loan is not None:
        loan_return(
            loan=loan,
            count=1,
            cause=SlotReturnCause.HOLDER_LEFT,
            returned_on=ended_on,
            actor=actor,
            holder=holder,
        )
    special_holder_left(permit_id=permit_id, ended_on=ended_on, actor=actor, holder=holder)
