"""高层次人才专项编制 (seed 004, rule 27): slots approved for a named talent purpose on a unit's
line even when the unit is full or over-established, taken from one of the region's pools, used
only by permits issued on them (专编专用), counted apart from the line's regular 核定 and 实有,
and back in their pool when the holder leaves (人走编收)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument

from . import services
from .choices import AdjustmentKind, PermitPurpose, PermitStatus, PoolPurpose, SlotReturnCause
from .models import PoolBalance, QuotaLine, SlotReturn, SpecialQuota, UsagePermit
from .pool_figures import specials_with_figures

SPECIAL_BEYOND_POOL = (
    "“%(pool)s”仅余 %(balance)d 名，不能核定 %(count)d 名人才专项编制（规则 27）。"
)
SPECIAL_COUNT_POSITIVE = "专项编制数须大于 0。"
SPECIAL_TYPE_MISMATCH = "来源周转池是%(pool_type)s，不能核定为%(line_type)s的专项编制（规则 27）。"
SPECIAL_OUTSIDE_REGION = "“%(name)s”不属于来源周转池所在的%(region)s（规则 27）。"
SPECIAL_NOT_FROM_RESERVE = "行政编制储备用于重大改革的编制统筹，不能核定为人才专项编制（规则 26）。"
SPECIAL_PERMIT_SHORT = (
    "“%(talent)s”人才专项编制核定 %(in_force)d 名，已使用 %(holders)d 名，"
    "已核准未使用 %(reserved)d 名，可用 %(available)d 名，不能核准 %(count)d 名（规则 27：专编专用，"
    "专项编制只能用于核定的人才，本单位常规编制不能占用专项编制，专项编制也不能超出核定数）。"
)
SPECIAL_FULL = (
    "“%(talent)s”人才专项编制核定 %(in_force)d 名，已有 %(holders)d 人使用，没有空余（规则 27）。"
)
SPECIAL_INSTITUTION_ABOLISHED = "“%(name)s”已撤销，不能核定人才专项编制。"


@transaction.atomic
def special_quota_grant(
    *,
    quota_line: QuotaLine,
    source: PoolBalance,
    count: int,
    talent: str,
    document: ApprovalDocument,
    approved_on: datetime.date,
    actor,
) -> SpecialQuota:
    """Approve a talent special quota on ``quota_line`` out of ``source`` (rule 27), even when
    the unit is full or over-established: the pool goes down by a 核定人才专项编制 adjustment and
    the slots stay within the region's total control (rule 4)."""
    quota_line = (
        QuotaLine.objects.select_for_update().select_related("institution").get(pk=quota_line.pk)
    )
    source = PoolBalance.objects.select_for_update().select_related("region").get(pk=source.pk)
    institution = quota_line.institution
    if not institution.is_active:
        raise ValidationError(SPECIAL_INSTITUTION_ABOLISHED % {"name": institution.full_name})
    if count <= 0:
        raise ValidationError({"count": SPECIAL_COUNT_POSITIVE})
    if source.purpose == PoolPurpose.ADMINISTRATIVE_RESERVE:
        raise ValidationError(SPECIAL_NOT_FROM_RESERVE)
    if source.establishment_type != quota_line.establishment_type:
        raise ValidationError(
            SPECIAL_TYPE_MISMATCH
            % {
                "pool_type": source.get_establishment_type_display(),
                "line_type": quota_line.type_label,
            }
        )
    if institution.region_id not in source.region.subtree_ids():
        raise ValidationError(
            SPECIAL_OUTSIDE_REGION % {"name": institution.full_name, "region": source.region.name}
        )
    if count > source.balance:
        raise ValidationError(
            SPECIAL_BEYOND_POOL % {"pool": source, "balance": source.balance, "count": count}
        )
    summary = f"核定高层次人才专项编制：“{institution.full_name}”{talent}"[:200]
    adjustment = services.adjustment_apply(
        region=source.region,
        kind=AdjustmentKind.SPECIAL_GRANT,
        summary=summary,
        document=document,
        effective_on=approved_on,
        lines=[services.LineChange(source.establishment_type, -count, pool_purpose=source.purpose)],
        actor=actor,
    )
    special = save_tracked(
        SpecialQuota(
            quota_line=quota_line,
            source=source,
            talent=talent,
            count=count,
            document=document,
            approved_on=approved_on,
            adjustment=adjustment,
            approved_by=actor,
        ),
        actor=actor,
        reason=summary,
        document=document,
    )
    # The pool went down by what the special quota now holds: the total stays what it was.
    services._check_region_totals(source.region, {source.establishment_type}, approved_on)
    return special


def _figures(special: SpecialQuota, on: datetime.date | None = None):
    return specials_with_figures(SpecialQuota.objects.filter(pk=special.pk), on).get()


@transaction.atomic
def special_permit_issue(
    *,
    special_quota: SpecialQuota,
    count: int,
    issued_on: datetime.date,
    expires_on: datetime.date,
    actor,
    document: ApprovalDocument | None = None,
    notes: str = "",
    number: str = "",
) -> UsagePermit:
    """A usage permit on a talent special quota (rule 27): allowed however full or over the
    unit is, but only on the special quota's own free slots; it never touches regular ones."""
    special = (
        SpecialQuota.objects.select_for_update()
        .select_related("quota_line__institution")
        .get(pk=special_quota.pk)
    )
    institution = special.quota_line.institution
    if not institution.is_active:
        raise ValidationError(services.INSTITUTION_ABOLISHED % {"name": institution.full_name})
    if expires_on < issued_on:
        raise ValidationError({"expires_on": services.PERMIT_EXPIRY_BEFORE_ISSUE})
    figures = _figures(special, issued_on)
    if count > figures.available:
        raise ValidationError(
            SPECIAL_PERMIT_SHORT
            % {
                "talent": special.talent,
                "in_force": figures.in_force,
                "holders": figures.holders,
                "reserved": figures.reserved,
                "available": max(figures.available, 0),
                "count": count,
            }
        )
    if not number:
        services._lock_permit_numbering(institution.region)
        number = services.next_permit_number(issued_on.year)
    permit = UsagePermit(
        number=number,
        quota_line=special.quota_line,
        special_quota=special,
        count=count,
        purpose=PermitPurpose.TALENT,
        issued_on=issued_on,
        expires_on=expires_on,
        document=document,
        notes=(notes or f"人才专项编制：{special.talent}")[:200],
    )
    return save_tracked(
        permit, actor=actor, reason="核准使用人才专项编制", document=document or permit.number
    )


def check_special_place(permit: UsagePermit) -> None:
    """The occupancy check of an entry on a special quota's permit (rule 27, in place of rules
    2 and 16 for regular slots): a free slot of the special quota itself."""
    special = SpecialQuota.objects.select_for_update().get(pk=permit.special_quota_id)
    figures = _figures(special)
    if figures.holders >= figures.in_force:
        raise ValidationError(
            SPECIAL_FULL
            % {"talent": special.talent, "in_force": figures.in_force, "holders": figures.holders}
        )


def special_holder_left(*, permit_id: int, ended_on: datetime.date, actor, holder: str) -> None:
    """人走编收 (rule 27): the holder of a special slot left, so the slot goes back to the pool
    it came from by a 专项编制收回 adjustment; the permit's unused slots are not reissued."""
    special = SpecialQuota.objects.filter(permits__pk=permit_id).select_related("source").first()
    if special is None:
        return
    special = (
        SpecialQuota.objects.select_for_update()
        .select_related("source__region", "quota_line__institution")
        .get(pk=special.pk)
    )
    if _figures(special).in_force <= 0:
        return
    summary = f"人走编收：“{special.quota_line.institution.full_name}”{special.talent}（{holder}）"
    adjustment = services.adjustment_apply(
        region=special.source.region,
        kind=AdjustmentKind.SPECIAL_RETURN,
        summary=summary[:200],
        document=special.document,
        effective_on=ended_on,
        lines=[
            services.LineChange(
                special.source.establishment_type, 1, pool_purpose=special.source.purpose
            )
        ],
        actor=actor,
    )
    save_tracked(
        SlotReturn(
            special_quota=special,
            count=1,
            cause=SlotReturnCause.HOLDER_LEFT,
            returned_on=ended_on,
            holder=holder,
            adjustment=adjustment,
        ),
        actor=actor,
        reason=summary,
        document=special.document,
    )
    # The permit of the one who left is spent: its unused slots may not bring someone else in.
    for permit in UsagePermit.objects.filter(pk=permit_id, status=PermitStatus.OPEN):
        services.permit_cancel(permit=permit, actor=actor, reason="人走编收")
