"""The life of a change request (变动申报): drafting it, and the decisions on it.

Nothing in the registry changes until the office approves; approval applies every item through
the registry's services in one transaction, or refuses with the reason and changes nothing. Every
transition is an event naming who and when. Who may take which action in which state is the
``workflow`` table's (``workflow.check``); what a kind's items need and do is its spec's.
"""

import datetime
import itertools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi import access
from bianzhi.history import apply_changes, save_tracked
from orgs.models import ApprovalDocument, Institution

from ..choices import RequestAction, RequestOrigin, RequestState
from ..dates import check_not_future
from ..deadlines import due_date
from ..models import (
    ChangeRequest,
    ChangeRequestEvent,
)
from . import evidence, workflow
from .approval import Approval
from .items import check_item_dates, locked
from .notices import notify_approved, notify_resubmitted
from .preview import apply_items, held_by_other_requests, request_preview
from .registry import spec_for
from .workflow import OUT_OF_SCOPE

NO_ITEMS = "申报中还没有人员，不能提交。"
EVIDENCE_REQUIRED = "%(kind)s须填写证明材料。"
DOCUMENT_REQUIRED = "核准%(kind)s须填写核准文件（批准文件文号）。"
RETURN_NEEDS_REASON = "退回须说明原因。"
NEEDS_CONFIRMATION = "预览显示该申报按现在的数据核准将被拒绝或可能被拒绝，确须%(action)s的，请勾选“已知悉，仍然%(action)s”。"
SYSTEM_DATE_FIXED = "系统预警的变动，发生日期由系统根据实名库确定，不能修改（规则 21）。"
OCCURRED_ON_CHANGED = "修改变动申报：发生日期由 %(before)s 改为 %(after)s"


@dataclass(frozen=True)
class OccurredOnEdit:
    """One change of a submitted request's 发生日期: from, to, by whom, when."""

    before: datetime.date
    after: datetime.date
    actor: object
    at: datetime.datetime


def _today() -> datetime.date:
    return timezone.localdate()


def record_event(request, action, from_state, actor, comment=""):
    ChangeRequestEvent.objects.create(
        request=request,
        action=action,
        from_state=from_state,
        to_state=request.state,
        actor=actor,
        comment=comment,
    )


def _move(request: ChangeRequest, step: workflow.Step, action, actor, reason, comment="", **save):
    """Take ``step``: the request's new state, saved with its history and its event."""
    from_state = request.state
    request.state = step.to_state
    save_tracked(request, actor=actor, reason=reason, **save)
    record_event(request, action, from_state, actor, comment)
    return request


# --- drafting ---------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    institution: Institution,
    kind: str,
    occurred_on: datetime.date,
    reason: str,
    actor,
    evidence: str = "",
    evidence_number: str = "",
) -> ChangeRequest:
    """A unit's clerk drafts a request (草稿) for their own unit; nothing is reported yet."""
    if (
        not access.can(actor, access.Action.ADD, ChangeRequest)
        or not access.restrict(Institution.objects.filter(pk=institution.pk), actor).exists()
    ):
        raise PermissionDenied(OUT_OF_SCOPE)
    check_not_future(occurred_on, "发生日期")
    request = ChangeRequest(
        institution=institution,
        kind=kind,
        occurred_on=occurred_on,
        due_on=due_date(kind, occurred_on),
        reason=reason,
        evidence=evidence,
        evidence_number=evidence_number,
        created_by=actor,
    )
    save_tracked(request, actor=actor, reason="创建变动申报")
    record_event(request, RequestAction.CREATE, "", actor)
    return request


@transaction.atomic
def request_update(*, request: ChangeRequest, actor, changes: dict) -> ChangeRequest:
    """The unit corrects its draft or a returned request: dates, reason, evidence."""
    request = locked(request)
    workflow.check(workflow.EDIT, request, actor)
    before = request.occurred_on
    if "occurred_on" in changes and changes["occurred_on"] != before:
        if request.origin != RequestOrigin.UNIT:
            raise ValidationError({"occurred_on": SYSTEM_DATE_FIXED})
        check_not_future(changes["occurred_on"], "发生日期")
        changes = {**changes, "due_on": due_date(request.kind, changes["occurred_on"])}
    changed = apply_changes(request, changes)
    reason = "修改变动申报"
    if "occurred_on" in changed:
        for item in request.items.select_related("record__person", "appointment__person"):
            check_item_dates(request, item.record, item.appointment, item.data)
        if request.submitted_on is not None:
            # Kept in the request's history, shown to the office (rule 21).
            reason = OCCURRED_ON_CHANGED % {
                "before": before.isoformat(),
                "after": request.occurred_on.isoformat(),
            }
    if changed:
        save_tracked(request, actor=actor, reason=reason)
    return request


def occurred_on_edits(request: ChangeRequest) -> list[OccurredOnEdit]:
    """The unit's changes of the 发生日期 after the request was first submitted, oldest first
    (from the request's history: rule 21)."""
    rows = list(
        request.history.select_related("history_user").order_by("history_date", "history_id")
    )
    edits = []
    for previous, row in itertools.pairwise(rows):
        if row.occurred_on != previous.occurred_on and previous.submitted_on is not None:
            edits.append(
                OccurredOnEdit(
                    previous.occurred_on, row.occurred_on, row.history_user, row.history_date
                )
            )
    return edits


@transaction.atomic
def request_discard(*, request: ChangeRequest, actor) -> ChangeRequest:
    """The unit discards a draft it started: 已作废, kept with its items and events (rule 13);
    what the system expects cannot be discarded."""
    request = locked(request)
    step = workflow.check(workflow.DISCARD, request, actor)
    return _move(request, step, RequestAction.DISCARD, actor, "作废变动申报草稿")


# --- the decisions -----------------------------------------------------------------------------


def _submit_refusals(request: ChangeRequest, on: datetime.date):
    """Why the request's content cannot be sent yet, one ``ValidationError`` at a time."""
    if not request.items.exists():
        yield ValidationError(NO_ITEMS)
        return
    if spec_for(request.kind).needs_evidence(request) and not request.evidence.strip():
        yield ValidationError(
            {"evidence": EVIDENCE_REQUIRED % {"kind": request.get_kind_display()}}
        )
    preview = request_preview(request, on=on)
    if not preview.ok:
        yield ValidationError(preview.unit_errors)


def submit_problems(request: ChangeRequest, *, on: datetime.date | None = None) -> list[str]:
    """What the unit must put right before the request can be submitted (empty: it can be): the
    page offers 提交 only then and lists these instead. The state and the role are the
    workflow table's."""
    on = on or _today()
    return [m for refusal in _submit_refusals(request, on) for m in refusal.messages]


def _check_confirmed(request: ChangeRequest, confirmed: bool, verb: str, actor) -> None:
    """The reviewer or the office passes a request its preview says will (or may) be refused
    only with an explicit confirmation (rule 16)."""
    if confirmed:
        return
    preview = request_preview(request)
    if preview.needs_confirmation:
        raise ValidationError(
            {
                "confirm": [
                    NEEDS_CONFIRMATION % {"action": verb},
                    *preview.errors_for(actor),
                    *preview.warnings,
                ]
            }
        )


@transaction.atomic
def request_submit(*, request: ChangeRequest, actor, on: datetime.date | None = None):
    """报送: the unit sends its draft (or its corrected, returned request). The 报送日期 is the
    first submission's; a request the preview shows to break a rule is not sent."""
    on = on or _today()
    request = locked(request)
    step = workflow.check(workflow.SUBMIT, request, actor)
    for refusal in _submit_refusals(request, on):
        raise refusal
    request.submitted_on = request.submitted_on or on
    resubmitted = request.state == RequestState.RETURNED
    request = _move(request, step, RequestAction.SUBMIT, actor, "报送变动申报")
    if resubmitted:
        notify_resubmitted(request)
    return request


@transaction.atomic
def request_review(
    *, request: ChangeRequest, actor, comment: str = "", confirmed: bool = False
) -> ChangeRequest:
    """主管部门审核: the supervising department passes the request on to the office; one whose
    preview says it will be refused only with ``confirmed``."""
    request = locked(request)
    step = workflow.check(workflow.REVIEW, request, actor)
    _check_confirmed(request, confirmed, "审核通过", actor)
    return _move(request, step, RequestAction.REVIEW, actor, "主管部门审核通过", comment)


@transaction.atomic
def request_return(
    *, request: ChangeRequest, actor, reason: str, missing_attachments=()
) -> ChangeRequest:
    """退回: the reviewer (before its review) or the office (before approval) sends the request
    back with a reason, which may name the attachments it lacks; the unit corrects and
    resubmits it."""
    request = locked(request)
    step = workflow.check(workflow.RETURN, request, actor)
    reason = evidence.return_reason(reason, missing_attachments)
    if not reason:
        raise ValidationError({"reason": RETURN_NEEDS_REASON})
    request.return_reason = reason
    return _move(request, step, RequestAction.RETURN, actor, f"退回变动申报：{reason}", reason)


@transaction.atomic
def request_note(
    *, request: ChangeRequest, actor, investigation: str, preliminary_opinion: str
) -> ChangeRequest:
    """用编申请: the office records its investigation and preliminary opinion before approval."""
    request = locked(request)
    workflow.check(workflow.NOTE, request, actor)
    changes = {"investigation": investigation, "preliminary_opinion": preliminary_opinion}
    if apply_changes(request, changes):
        save_tracked(request, actor=actor, reason="记录编办调研情况和初步意见")
    return request


@transaction.atomic
def request_approve(
    *,
    request: ChangeRequest,
    actor,
    document: ApprovalDocument | None = None,
    comment: str = "",
    permit_expires_on: datetime.date | None = None,
    confirmed: bool = False,
) -> ChangeRequest:
    """核准: apply every item through the registry's services in one transaction. If any rule
    fails now (e.g. the last vacancy went to another request) nothing changes and the reason
    is given. A request whose permit places other submitted requests claim too is approved
    only with ``confirmed`` (rule 16)."""
    request = locked(request)
    step = workflow.check(workflow.APPROVE, request, actor)
    if not confirmed:
        warnings = held_by_other_requests(request, list(request.items.all()))
        if warnings:
            raise ValidationError({"confirm": [NEEDS_CONFIRMATION % {"action": "核准"}, *warnings]})
    if spec_for(request.kind).document_required and document is None:
        raise ValidationError(
            {"document": DOCUMENT_REQUIRED % {"kind": request.get_kind_display()}}
        )
    approval = Approval(
        actor=actor,
        document=document,
        on=_today(),
        reason=f"核准变动申报 {request.number}（{request.get_kind_display()}）",
        permit_expires_on=permit_expires_on,
    )
    items = list(
        request.items.select_related("person", "record__person", "appointment").order_by("pk")
    )
    apply_items(request, items, approval, collect=False)
    for item in items:
        save_tracked(item, actor=actor, reason=approval.reason, document=document)
    request.document = document
    request.decided_by = actor
    request.decided_at = timezone.now()
    request = _move(
        request, step, RequestAction.APPROVE, actor, approval.reason, comment, document=document
    )
    notify_approved(request, items)
    return request
