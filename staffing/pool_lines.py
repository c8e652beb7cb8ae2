"""The pool side of an adjustment (rule 26): which of the region's pools a pool line moves, and
what a region has handed out beyond its units' quotas (its pools and the talent special quotas in
force, rule 27), for the total control of rule 4."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Sum

from bianzhi.history import save_tracked

from .choices import AdjustmentKind, EstablishmentType, PoolPurpose
from .models import AdjustmentLine, PoolBalance, SpecialQuota

POOL_SHORT = "%(pool)s%(type)s仅余 %(before)d 名，不能调出 %(needed)d 名。"
TALENT_POOL_LENDS_ONLY = (
    "急需紧缺人才周转池的编制只能借用（规则 26）：请在“编制周转池”页面办理借用，"
    "借出的编制按约定归还。"
)
RESERVE_ADMINISTRATIVE_ONLY = "行政编制储备只存放行政编制（规则 26），不能存放%(type)s。"

# What may take slots out of the talent pool: a borrowing, or a talent special quota.
TALENT_POOL_DRAWS = frozenset({AdjustmentKind.LOAN, AdjustmentKind.SPECIAL_GRANT})


def pool_purpose_of(change) -> str:
    """A pool line without a purpose moves the 统筹编制 pool (how callers before rule 26 ask)."""
    return change.pool_purpose or PoolPurpose.GENERAL


def apply_to_pool(change, adjustment, region, actor, reason, record_line):
    """Move one of the region's pools by ``change.delta``; never below 0."""
    purpose = pool_purpose_of(change)
    label = EstablishmentType(change.establishment_type).label
    if purpose == PoolPurpose.ADMINISTRATIVE_RESERVE and (
        change.establishment_type != EstablishmentType.ADMINISTRATIVE
    ):
        raise ValidationError(RESERVE_ADMINISTRATIVE_ONLY % {"type": label})
    draws = purpose == PoolPurpose.TALENT and change.delta < 0
    if draws and adjustment.kind not in TALENT_POOL_DRAWS:
        raise ValidationError(TALENT_POOL_LENDS_ONLY)
    key = {"region": region, "establishment_type": change.establishment_type, "purpose": purpose}
    pool = PoolBalance.objects.select_for_update().filter(**key).first() or PoolBalance(**key)
    before = pool.balance
    after = before + change.delta
    if after < 0:
        raise ValidationError(
            POOL_SHORT
            % {
                "pool": PoolPurpose(purpose).label,
                "type": label,
                "before": before,
                "needed": -change.delta,
            }
        )
    pool.balance = after
    save_tracked(pool, actor=actor, reason=reason, document=adjustment.document)
    return record_line(adjustment, change, before, after, actor, reason)


def pools_total(region, establishment_type: str) -> int:
    """Every pool of the region of one type, whatever its purpose."""
    return (
        PoolBalance.objects.filter(region=region, establishment_type=establishment_type).aggregate(
            n=Sum("balance")
        )["n"]
        or 0
    )


def special_in_force(region, establishment_type: str, on: datetime.date) -> int:
    """Talent special quotas of one type out of the region's pools, approved by ``on``, less
    the slots their 专项编制收回 adjustments brought back by then. Counted from the adjustment
    lines, so the check of the returning adjustment itself already sees its slot back."""
    granted = (
        SpecialQuota.objects.filter(
            source__region=region,
            source__establishment_type=establishment_type,
            approved_on__lte=on,
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    returned = (
        AdjustmentLine.objects.filter(
            adjustment__region=region,
            adjustment__kind=AdjustmentKind.SPECIAL_RETURN,
            adjustment__effective_on__lte=on,
            institution__isnull=True,
            establishment_type=establishment_type,
        ).aggregate(n=Sum("delta"))["n"]
        or 0
    )
    return granted - returned


def handed_out_beyond_units(region, establishment_type: str, on: datetime.date) -> int:
    """The region's pools plus the talent special quotas in force out of them on ``on``."""
    return pools_total(region, establishment_type) + special_in_force(
        region, establishment_type, on
    )
