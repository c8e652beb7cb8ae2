"""Writes of the annual 用编进人计划 (rule 24): a unit's proposal enters its region's plan for
the year, the office sets each line's plan within the region's headroom, and issuing the plan
issues one usage permit per approved line (rule 2 via ``staffing.services.permit_issue``)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument, Region
from staffing.models import QuotaLine
from staffing.services import permit_issue

from . import selectors
from .choices import PERMIT_PURPOSE, PlanStatus
from .models import AnnualPlan, PlanLine

PLAN_ABOVE_HEADROOM = (
    "%(type)s核定计划数 %(planned)d 名超过计划空间 %(headroom)d 名（可用空编 %(available)d，"
    "周转池 %(pool)d，尚可核定 %(unallocated)d），不能核定（规则 24）。"
)
PLAN_LINE_ISSUED = "该计划明细已下达（用编通知单 %(number)s），不能再修改核定计划数。"
PLAN_YEAR_PAST = "%(year)d年的计划年度已过，不能再下达。"
PLAN_LINES_UNDECIDED = "还有 %(count)d 条计划明细待核定，请先核定（不予安排的填 0）再下达。"
PLAN_NOTHING_TO_ISSUE = "没有已核定待下达的计划明细。"
PLAN_NEEDS_DOCUMENT = "下达用编进人计划须填写下达文件（批准文件文号）。"
PLAN_YEAR_TOO_EARLY = "只能申报本年度或以后年度的用编进人计划。"


def plan_get_or_create(*, region: Region, year: int, actor) -> AnnualPlan:
    """The region's plan for ``year``, created (编制中) on the first proposal or by the office."""
    plan = AnnualPlan.objects.select_for_update().filter(region=region, year=year).first()
    if plan is None:
        plan = AnnualPlan(region=region, year=year)
        plan.full_clean()
        save_tracked(plan, actor=actor, reason=f"建立{year}年用编进人计划")
    return plan


@transaction.atomic
def plan_line_propose(
    *,
    quota_line: QuotaLine,
    year: int,
    count: int,
    method: str,
    posts: str = "",
    actor,
    request_item=None,
    document=None,
) -> PlanLine:
    """A unit's proposal (用编进人计划申报) enters its region's plan for ``year`` as 待核定."""
    if year < timezone.localdate().year:
        raise ValidationError({"year": PLAN_YEAR_TOO_EARLY})
    plan = plan_get_or_create(region=quota_line.institution.region, year=year, actor=actor)
    line = PlanLine(
        plan=plan,
        quota_line=quota_line,
        method=method,
        posts=posts[:1000],
        proposed=count,
        request_item=request_item,
    )
    line.full_clean()
    save_tracked(line, actor=actor, reason="用编进人计划申报纳入年度计划", document=document)
    return line


def _check_headroom(plan: AnnualPlan, on: datetime.date) -> None:
    """Rule 24: per type, the approved places not yet issued fit in the region's headroom."""
    for row in selectors.headroom(plan, on=on).values():
        if row.pending > row.headroom:
            raise ValidationError(
                PLAN_ABOVE_HEADROOM
                % {
                    "type": row.label,
                    "planned": row.pending,
                    "headroom": row.headroom,
                    "available": row.available,
                    "pool": row.pool,
                    "unallocated": row.unallocated,
                }
            )


@transaction.atomic
def plan_line_set(*, line: PlanLine, approved: int, actor, reason: str = "") -> PlanLine:
    """核定计划数 of one line (0: 不予安排). Refused once issued, and when the type's approved
    places awaiting issue would exceed the region's headroom (rule 24)."""
    plan = AnnualPlan.objects.select_for_update().get(pk=line.plan_id)
    line = PlanLine.objects.select_for_update().get(pk=line.pk)
    if line.permit_id:
        raise ValidationError(PLAN_LINE_ISSUED % {"number": line.permit.number})
    raised = approved > (line.approved or 0)
    line.approved = approved
    line.full_clean()
    save_tracked(line, actor=actor, reason=reason or "核定用编进人计划数")
    # Lowering a line is always allowed: it is how a plan above its headroom is brought back.
    if raised:
        _check_headroom(plan, timezone.localdate())
    return line


def permit_expiry(year: int) -> datetime.date:
    """The end of the plan year, or ``PLAN_PERMIT_GRACE_MONTHS`` later."""
    months = settings.BIANZHI.get("PLAN_PERMIT_GRACE_MONTHS", 0)
    first_after = datetime.date(year + 1 + months // 12, 1 + months % 12, 1)
    return first_after - datetime.timedelta(days=1)


@transaction.atomic
def plan_issue(
    *, plan: AnnualPlan, document: ApprovalDocument | None, actor, reason: str = ""
) -> list[PlanLine]:
    """下达计划: every approved line not issued yet gets its usage permit (one each, purpose from
    the method, valid to the end of the plan year), all or none. Refused above the headroom
    (rule 24), with lines still undecided, and where a unit's line has no room (rule 2)."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    today = timezone.localdate()
    if document is None:
        raise ValidationError({"document": PLAN_NEEDS_DOCUMENT})
    if plan.year < today.year:
        raise ValidationError(PLAN_YEAR_PAST % {"year": plan.year})
    lines = list(plan.lines.select_for_update().filter(permit__isnull=True).order_by("pk"))
    undecided = [line for line in lines if line.approved is None]
    if undecided:
        raise ValidationError(PLAN_LINES_UNDECIDED % {"count": len(undecided)})
    pending = [line for line in lines if line.approved]
    if not pending:
        raise ValidationError(PLAN_NOTHING_TO_ISSUE)
    _check_headroom(plan, today)
    issued_on = max(today, datetime.date(plan.year, 1, 1))
    expires_on = permit_expiry(plan.year)
    why = reason or f"下达{plan.year}年用编进人计划"
    for line in pending:
        line.permit = permit_issue(
            quota_line=line.quota_line,
            count=line.approved,
            purpose=PERMIT_PURPOSE[line.method],
            issued_on=issued_on,
            expires_on=expires_on,
            document=document,
            notes=f"{plan.year}年用编进人计划",
            actor=actor,
        )
        save_tracked(line, actor=actor, reason=why, document=document)
    plan.status = PlanStatus.ISSUED
    plan.document = document
    plan.issued_on = plan.issued_on or today
    save_tracked(plan, actor=actor, reason=why, document=document)
    return pending
