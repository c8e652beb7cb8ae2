"""Writes of 跟踪问效: concluding a follow-up with its score (a total below the pass mark
proposes 撤并 or 核减, rule 41), the office's decision on such a proposal, and the 八问 research
recorded before approval (rule 42)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument
from oversight.choices import ProblemSource
from oversight.services import record_problem
from people.choices import RequestState
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, QuotaLine
from staffing.services import LineChange, adjustment_apply

from .choices import FollowUpStatus, MatterKind, ProposalKind, ProposalState
from .models import DISMISS_NEEDS_REASON, FollowUp, Proposal, Research

ALREADY_CONCLUDED = "该跟踪问效已完成，不能再次问效。"
ALREADY_DECIDED = "该处理意见已处理（%(state)s），不能再次处理。"
COUNT_NOT_POSITIVE = "核减数至少为 1 名。"
LINE_NOT_OF_UNIT = "所选编制不属于“%(name)s”。"
PROBLEM_REQUIREMENT = (
    "对照问效指标逐项查找原因，落实批复事项，提出整改措施；编办将依据整改情况"
    "决定是否采纳%(kind)s的处理意见"
)
# The unit reports its rectification within this many days of the conclusion.
RECTIFY_DAYS = 90
REQUEST_ALREADY_APPROVED = "变动申报“%(number)s”已核准；八问调研须在批复前记录（规则 42）。"
CONCLUDED = "完成跟踪问效：综合得分 %(total)s 分"
PROPOSED_GROUNDS = "%(stage)s问效综合得分 %(total)s 分，低于 %(mark)s 分（规则 41）"
ACCEPT_SUMMARY = "跟踪问效%(kind)s：“%(name)s”%(type)s核减 %(count)d 名"
DISMISSED = "问效处理意见不予采纳"
RESEARCH_RECORDED = "记录八问调研（规则 42）"


def pass_mark() -> Decimal:
    """问效合格线: a total below it proposes 撤并 or 核减 (``FOLLOWUP_PASS_MARK``, default 60)."""
    return Decimal(str(settings.BIANZHI.get("FOLLOWUP_PASS_MARK", 60)))


def proposal_kind_for(follow_up: FollowUp) -> str:
    """A new unit that does not prove itself is proposed for 撤并; a quota matter for 核减."""
    if follow_up.matter_kind == MatterKind.NEW_UNIT:
        return ProposalKind.MERGE
    return ProposalKind.CUT


@transaction.atomic
def followup_start(*, follow_up: FollowUp, actor) -> FollowUp:
    """开始问效: the follow-up is being scored."""
    follow_up = FollowUp.objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
    if follow_up.status == FollowUpStatus.DONE:
        raise ValidationError(ALREADY_CONCLUDED)
    if follow_up.status == FollowUpStatus.DUE:
        follow_up.status = FollowUpStatus.SCORING
        save_tracked(follow_up, actor=actor, reason="开始跟踪问效评分")
    return follow_up


@transaction.atomic
def followup_conclude(*, follow_up: FollowUp, total, actor) -> FollowUp:
    """问效结论 (rule 41): the follow-up records its total; below the pass mark it proposes
    机构撤并 (a new unit) or 核减编制 (a quota matter), pending the office's decision."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("institution")
        .get(pk=follow_up.pk)
    )
    if follow_up.status == FollowUpStatus.DONE:
        raise ValidationError(ALREADY_CONCLUDED)
    total = Decimal(str(total)).quantize(Decimal("0.1"))
    follow_up.total = total
    follow_up.status = FollowUpStatus.DONE
    follow_up.concluded_on = timezone.localdate()
    follow_up.concluded_by = actor
    save_tracked(follow_up, actor=actor, reason=CONCLUDED % {"total": total})
    if total < pass_mark():
        proposal = save_tracked(
            Proposal(
                follow_up=follow_up,
                kind=proposal_kind_for(follow_up),
                grounds=PROPOSED_GROUNDS
                % {"stage": follow_up.get_stage_display(), "total": total, "mark": pass_mark()},
                proposed_on=follow_up.concluded_on,
            ),
            actor=actor,
            reason="问效得分低于合格线，提出处理意见（规则 41）",
        )
        # The finding goes to the 问题台账 too, for the unit to rectify and the office to sign off.
        record_problem(
            institution=follow_up.institution,
            source=ProblemSource.FOLLOWUP,
            finding=f"{follow_up.matter}：{proposal.grounds}",
            requirement=PROBLEM_REQUIREMENT % {"kind": proposal.get_kind_display()},
            deadline=follow_up.concluded_on + datetime.timedelta(days=RECTIFY_DAYS),
            user=actor,
            rule_numbers=(41,),
            origin=follow_up,
        )
    return follow_up


def _locked_pending(proposal: Proposal) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("follow_up__institution__region")
        .get(pk=proposal.pk)
    )
    if proposal.state != ProposalState.PENDING:
        raise ValidationError(
            ALREADY_DECIDED % {"state": ProposalState(proposal.state).label}, code="decided"
        )
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    proposal: Proposal,
    quota_line: QuotaLine,
    count: int,
    document: ApprovalDocument,
    effective_on: datetime.date,
    actor,
    over_establishment_reason: str = "",
) -> Adjustment:
    """采纳 (rule 41): the proposal becomes a 核减编制 adjustment of the unit's quota through the
    staffing services (rules 4, 15 and 16 are its own checks: a cut below the people needs an
    over-establishment reason). A 撤并 is cut the same way; abolishing the unit itself follows
    once its people and quota are gone (rule 8)."""
    proposal = _locked_pending(proposal)
    institution = proposal.follow_up.institution
    if quota_line.institution_id != institution.pk:
        raise ValidationError({"quota_line": LINE_NOT_OF_UNIT % {"name": institution.full_name}})
    if count < 1:
        raise ValidationError({"count": COUNT_NOT_POSITIVE})
    adjustment = adjustment_apply(
        region=institution.region,
        kind=AdjustmentKind.DECREASE,
        summary=ACCEPT_SUMMARY
        % {
            "kind": proposal.get_kind_display(),
            "name": institution.full_name,
            "type": quota_line.type_label,
            "count": count,
        },
        document=document,
        effective_on=effective_on,
        lines=[
            LineChange(quota_line.establishment_type, -count, institution, quota_line.funding_form)
        ],
        actor=actor,
        over_establishment_reason=over_establishment_reason,
    )
    proposal.state = ProposalState.ACCEPTED
    proposal.adjustment = adjustment
    proposal.decided_by = actor
    proposal.decided_on = timezone.localdate()
    save_tracked(proposal, actor=actor, reason=adjustment.summary, document=document)
    return adjustment


@transaction.atomic
def proposal_dismiss(*, proposal: Proposal, reason: str, actor) -> Proposal:
    """不予采纳 (rule 41): only with a reason, recorded with who decided."""
    proposal = _locked_pending(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"dismiss_reason": DISMISS_NEEDS_REASON})
    proposal.state = ProposalState.DISMISSED
    proposal.dismiss_reason = reason
    proposal.decided_by = actor
    proposal.decided_on = timezone.localdate()
    return save_tracked(proposal, actor=actor, reason=f"{DISMISSED}：{reason}")


@transaction.atomic
def research_record(*, actor, **fields) -> Research:
    """八问调研 (rule 42): recorded for a unit, optionally on the change request or adjustment it
    prepares. A change request takes it only before approval; an adjustment, already approved
    when recorded, shows it as 补录."""
    change_request = fields.get("change_request")
    if change_request is not None and change_request.state == RequestState.APPROVED:
        raise ValidationError(REQUEST_ALREADY_APPROVED % {"number": change_request.number})
    fields.setdefault("recorded_on", timezone.localdate())
    return save_tracked(
        Research(recorded_by=actor, **fields), actor=actor, reason=RESEARCH_RECORDED
    )
