"""The office's decision on a 空编收回建议 (rule 25): reclaim the vacancy into the region's pool
by a 空编收回 adjustment, or keep it with the unit for a stated reason."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, QuotaLine
from staffing.selectors import line_figures
from staffing.services import LineChange, adjustment_apply

from .choices import ReclaimState
from .models import KEEP_NEEDS_REASON, ReclaimProposal

ALREADY_DECIDED = "该空编收回建议已处理（%(state)s），不能再次处理。"
ABOVE_AVAILABLE = (
    "%(line)s现有可用空编 %(available)d 名（核定 − 实有 − 已核准未使用），"
    "不能收回 %(count)d 名（规则 25）。"
)
COUNT_NOT_POSITIVE = "收回数至少为 1 名。"
RECLAIM_SUMMARY = "空编收回：%(line)s %(count)d 名收回统筹使用"
KEPT = "保留空编"


def _locked_pending(proposal: ReclaimProposal) -> ReclaimProposal:
    proposal = (
        ReclaimProposal.objects.select_for_update()
        .select_related("quota_line__institution")
        .get(pk=proposal.pk)
    )
    if proposal.state != ReclaimState.PENDING:
        raise ValidationError(
            ALREADY_DECIDED % {"state": ReclaimState(proposal.state).label}, code="decided"
        )
    return proposal


def line_label(line: QuotaLine) -> str:
    return f"“{line.institution.full_name}”{line.type_label}"


@transaction.atomic
def proposal_accept(
    *,
    proposal: ReclaimProposal,
    count: int,
    document: ApprovalDocument,
    effective_on: datetime.date,
    actor,
) -> Adjustment:
    """收回: a 空编收回 adjustment (a minus line for the unit, a plus line for the region's
    统筹编制 pool) of at most the line's available vacancy today (H − A − R); the proposal
    becomes 已收回 and links it. Rules 4, 15 and 16 are the adjustment's own checks."""
    proposal = _locked_pending(proposal)
    if count < 1:
        raise ValidationError({"count": COUNT_NOT_POSITIVE})
    line = (
        QuotaLine.objects.select_for_update()
        .select_related("institution")
        .get(pk=proposal.quota_line_id)
    )
    available = line_figures(line).available
    if count > available:
        raise ValidationError(
            {
                "count": ABOVE_AVAILABLE
                % {"line": line_label(line), "available": max(available, 0), "count": count}
            }
        )
    adjustment = adjustment_apply(
        region=line.institution.region,
        kind=AdjustmentKind.RECLAIM,
        summary=RECLAIM_SUMMARY % {"line": line_label(line), "count": count},
        document=document,
        effective_on=effective_on,
        lines=[
            LineChange(line.establishment_type, -count, line.institution, line.funding_form),
            LineChange(line.establishment_type, count),
        ],
        actor=actor,
    )
    proposal.state = ReclaimState.RECLAIMED
    proposal.reclaimed = count
    proposal.adjustment = adjustment
    proposal.decided_by = actor
    proposal.decided_on = timezone.localdate()
    save_tracked(proposal, actor=actor, reason=adjustment.summary, document=document)
    return adjustment


@transaction.atomic
def proposal_keep(*, proposal: ReclaimProposal, reason: str, actor) -> ReclaimProposal:
    """保留: the vacancy stays with the unit, for a reason recorded with who decided; it is not
    proposed again until it grows or ``RECLAIM_KEEP_MONTHS`` have passed."""
    proposal = _locked_pending(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"keep_reason": KEEP_NEEDS_REASON})
    proposal.state = ReclaimState.KEPT
    proposal.keep_reason = reason
    proposal.decided_by = actor
    proposal.decided_on = timezone.localdate()
    return save_tracked(proposal, actor=actor, reason=f"{KEPT}：{reason}")
