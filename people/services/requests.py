"""The life of a change request (变动申报): 草稿 → 已提交 → (主管部门已审) → 已核准 / 已退回.

Nothing in the registry changes until the office approves; approval applies every item through
the registry's services in one transaction, or refuses with the reason and changes nothing. Every
transition is an event naming who and when. Nobody reviews or approves their own request.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi import access
from bianzhi.access import OFFICE_ROLES, Role
from bianzhi.history import apply_changes, save_tracked, system_actor
from orgs.models import ApprovalDocument, Institution, UserScope

from .. import selectors
from ..choices import (
    EDITABLE_STATES,
    ROSTER_ITEM_KINDS,
    EndReason,
    RecordStatus,
    RequestAction,
    RequestKind,
    RequestOrigin,
    RequestState,
)
from ..deadlines import due_date
from ..models import (
    ChangeRequest,
    ChangeRequestEvent,
    ChangeRequestItem,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from .records import check_not_future
from .request_kinds import (
    APPLIERS,
    DOCUMENT_KINDS,
    DOCUMENT_REQUIRED,
    Approval,
    item_ended_on,
    measure_item,
)

NOT_EDITABLE = "该申报当前状态为“%(state)s”，已不能修改。"
WRONG_STATE = "该申报当前状态为“%(state)s”，不能%(action)s。"
ROLE_MAY_NOT = "您的角色不能%(action)s变动申报。"
OUT_OF_SCOPE = "该申报不在您的管辖范围内。"
OWN_REQUEST = "不能审核或核准自己经办的申报。"
NO_ITEMS = "申报中还没有人员，不能提交。"
EVIDENCE_REQUIRED = "%(kind)s须填写证明材料。"
RETURN_NEEDS_REASON = "退回须说明原因。"
NO_REVIEW_NEEDED = "该单位没有主管部门审核员，申报由编办直接核准。"
REVIEW_FIRST = "该申报须先经主管部门审核。"
OCCURRED_BEFORE_ENTRY = "发生日期 %(occurred)s 不能早于 %(name)s 的入编时间 %(entry)s。"
OCCURRED_BEFORE_APPOINTMENT = "发生日期 %(occurred)s 不能早于 %(name)s 的任职时间 %(started)s。"
RECORD_OF_OTHER_UNIT = "%(name)s 不在“%(institution)s”在编，不能由本单位申报。"
APPOINTMENT_OF_OTHER_UNIT = "该任职不属于“%(institution)s”，不能由本单位申报。"
ALREADY_IN_REQUEST = "%(name)s 已在本申报中。"
PENDING_ELSEWHERE = "%(name)s 已有未办结的变动申报（%(number)s），请勿重复申报。"
ITEM_NEEDS = "%(kind)s申报须指明%(what)s。"
NOT_DISCARDABLE = "只能删除本单位创建、尚未报送的草稿；系统预警的变动须如实报送。"
REFUSED_ITEM = "%(name)s：%(message)s"
ITEM_KIND_NEEDED = "花名册批量变动的每一条须注明变动类型（入编、信息更正或出编）。"
ITEM_KIND_NOT_ALLOWED = "只有花名册批量变动的条目可以注明自己的变动类型。"
# Kinds that start from a person's active record and the evidence each must carry.
RECORD_KINDS = frozenset({RequestKind.EXIT, RequestKind.TRANSFER})
EVIDENCE_KINDS = frozenset({RequestKind.EXIT, RequestKind.TRANSFER, RequestKind.CORRECTION})

_ACTION_LABELS = {
    RequestAction.SUBMIT: "提交",
    RequestAction.REVIEW: "审核",
    RequestAction.APPROVE: "核准",
    RequestAction.RETURN: "退回",
}


def _today() -> datetime.date:
    return timezone.localdate()


def _event(request, action, from_state, actor, comment=""):
    ChangeRequestEvent.objects.create(
        request=request,
        action=action,
        from_state=from_state,
        to_state=request.state,
        actor=actor,
        comment=comment,
    )


def _locked(request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update().select_related("institution").get(pk=request.pk)
    )


def _check_role(actor, roles, action) -> None:
    if access.role_of(actor) not in roles:
        raise PermissionDenied(ROLE_MAY_NOT % {"action": _ACTION_LABELS[action]})


def _check_drafter(actor) -> None:
    """Only the unit's clerk drafts, edits and discards its requests; the reviewer and the office
    decide on them but do not write them."""
    if access.role_of(actor) != Role.CLERK:
        raise PermissionDenied(ROLE_MAY_NOT % {"action": "填写或修改"})


def _check_scope(request: ChangeRequest, actor) -> None:
    visible = access.restrict(ChangeRequest.objects.filter(pk=request.pk), actor)
    if not visible.exists():
        raise PermissionDenied(OUT_OF_SCOPE)


def _check_state(request: ChangeRequest, states, action) -> None:
    if request.state not in states:
        raise ValidationError(
            WRONG_STATE % {"state": request.get_state_display(), "action": _ACTION_LABELS[action]}
        )


def _check_editable(request: ChangeRequest) -> None:
    if request.state not in EDITABLE_STATES:
        raise ValidationError(NOT_EDITABLE % {"state": request.get_state_display()})


def _check_not_own(request: ChangeRequest, actor) -> None:
    if request.created_by_id == actor.pk:
        raise PermissionDenied(OWN_REQUEST)


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
    _event(request, RequestAction.CREATE, "", actor)
    return request


@transaction.atomic
def request_update(*, request: ChangeRequest, actor, changes: dict) -> ChangeRequest:
    """The unit corrects its draft or a returned request: dates, reason, evidence."""
    request = _locked(request)
    _check_drafter(actor)
    _check_scope(request, actor)
    _check_editable(request)
    if "occurred_on" in changes:
        check_not_future(changes["occurred_on"], "发生日期")
        changes = {**changes, "due_on": due_date(request.kind, changes["occurred_on"])}
    changed = apply_changes(request, changes)
    if "occurred_on" in changed:
        for item in request.items.select_related("record__person", "appointment__person"):
            _check_item_dates(request, item.record, item.appointment, item.data)
    if changed:
        save_tracked(request, actor=actor, reason="修改变动申报")
    return request


def _check_item_dates(request, record, appointment, data: dict) -> None:
    """An occurred-on date before the person's entry (or appointment) cannot be right."""
    occurred = item_ended_on(data, request)
    if record is not None and occurred < record.entry_on:
        raise ValidationError(
            OCCURRED_BEFORE_ENTRY
            % {
                "occurred": occurred.isoformat(),
                "name": record.person.name,
                "entry": record.entry_on.isoformat(),
            }
        )
    if appointment is not None and request.occurred_on < appointment.started_on:
        raise ValidationError(
            OCCURRED_BEFORE_APPOINTMENT
            % {
                "occurred": request.occurred_on.isoformat(),
                "name": appointment.person.name,
                "started": appointment.started_on.isoformat(),
            }
        )


def _check_record(request, record: EstablishmentRecord) -> None:
    if record.status != RecordStatus.ACTIVE or record.quota_line.institution_id != (
        request.institution_id
    ):
        raise ValidationError(
            RECORD_OF_OTHER_UNIT
            % {"name": record.person.name, "institution": request.institution.full_name}
        )


def _check_not_pending_elsewhere(request, person: Person | None) -> None:
    if person is None:
        return
    other = (
        ChangeRequestItem.objects.filter(person=person)
        .exclude(request=request)
        .exclude(request__state=RequestState.APPROVED)
        .select_related("request")
        .first()
    )
    if other is not None:
        raise ValidationError(
            PENDING_ELSEWHERE % {"name": person.name, "number": other.request.number}
        )


_ITEM_NEEDS = {
    RequestKind.EXIT: ("record", "在编人员"),
    RequestKind.TRANSFER: ("record", "在编人员"),
    RequestKind.APPOINTMENT: ("person", "任职人员"),
    RequestKind.DISMISSAL: ("appointment", "所免职务"),
    RequestKind.CORRECTION: ("person", "更正的人员"),
}


@transaction.atomic
def item_add(
    *,
    request: ChangeRequest,
    actor,
    data: dict,
    person: Person | None = None,
    record: EstablishmentRecord | None = None,
    appointment: LeadershipAppointment | None = None,
    person_name: str = "",
    id_number: str = "",
    kind: str = "",
) -> ChangeRequestItem:
    """Add one person's change to a draft (a batch holds several). The unit can only report its
    own people, and a person only once at a time. An item of a roster batch (花名册批量变动)
    names its own ``kind`` and is checked as a request of that kind would be."""
    request = _locked(request)
    _check_drafter(actor)
    _check_scope(request, actor)
    _check_editable(request)
    if request.kind == RequestKind.ROSTER and kind not in ROSTER_ITEM_KINDS:
        raise ValidationError(ITEM_KIND_NEEDED)
    if request.kind != RequestKind.ROSTER and kind:
        raise ValidationError(ITEM_KIND_NOT_ALLOWED)
    item_kind = RequestKind(kind or request.kind)
    if record is not None:
        _check_record(request, record)
        person = record.person
    if appointment is not None:
        if appointment.quota.institution_id != request.institution_id:
            raise ValidationError(
                APPOINTMENT_OF_OTHER_UNIT % {"institution": request.institution.full_name}
            )
        person = appointment.person
    needed = _ITEM_NEEDS.get(item_kind)
    if (
        needed
        and {"record": record, "person": person, "appointment": appointment}[needed[0]] is None
    ):
        raise ValidationError(ITEM_NEEDS % {"kind": item_kind.label, "what": needed[1]})
    _check_item_dates(request, record, appointment, data)
    if person is not None:
        if request.items.filter(person=person).exists():
            raise ValidationError(ALREADY_IN_REQUEST % {"name": person.name})
        _check_not_pending_elsewhere(request, person)
        person_name, id_number = person.name, person.id_number
    item = ChangeRequestItem(
        request=request,
        person=person,
        record=record,
        appointment=appointment,
        person_name=person_name,
        id_number=id_number,
        data=data,
        kind=kind,
    )
    return save_tracked(item, actor=actor, reason="填写变动申报")


@transaction.atomic
def item_remove(*, item: ChangeRequestItem, actor) -> None:
    request = _locked(item.request)
    _check_drafter(actor)
    _check_scope(request, actor)
    _check_editable(request)
    item._history_user = actor
    item._change_reason = "删除申报人员"
    item.delete()


@transaction.atomic
def request_discard(*, request: ChangeRequest, actor) -> None:
    """The unit throws away a draft it started; what the system expects cannot be discarded."""
    request = _locked(request)
    _check_drafter(actor)
    _check_scope(request, actor)
    if request.state != RequestState.DRAFT or request.origin != RequestOrigin.UNIT:
        raise ValidationError(NOT_DISCARDABLE)
    for item in request.items.all():
        item._history_user = actor
        item._change_reason = "删除变动申报草稿"
        item.delete()
    request._history_user = actor
    request._change_reason = "删除变动申报草稿"
    request.delete()


# --- preview: the figures before → after and every rule the request would break ----------------


@dataclass
class RequestPreview:
    comparisons: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _RollBack(Exception):
    pass


def _measure(items, on) -> selectors.Measurement:
    measurement: selectors.Measurement = {}
    for item in items:
        measurement.update(measure_item(item, on))
    return measurement


def request_preview(request: ChangeRequest, *, on: datetime.date | None = None) -> RequestPreview:
    """Run the approval on a copy of the registry and roll it back: what it would change, and
    what it would be refused for (each item's own refusal, by name)."""
    on = on or _today()
    items = list(
        request.items.select_related(
            "person", "record__person", "record__quota_line__institution", "appointment__quota"
        )
    )
    preview = RequestPreview()
    before = _measure(items, on)
    try:
        with transaction.atomic():
            document = request.document or _placeholder_document(request, on)
            approval = Approval(
                actor=request.created_by, document=document, on=on, reason="预览（不保存）"
            )
            preview.errors = _apply_items(request, items, approval, collect=True)
            after = _measure(items, on)
            raise _RollBack
    except _RollBack:
        pass
    preview.comparisons = selectors.compare(before, after)
    return preview


def _placeholder_document(request, on) -> ApprovalDocument:
    """A document standing in for the office's, inside the rolled-back preview only."""
    document = ApprovalDocument(
        number=f"预览-{request.pk}",
        title="预览",
        issuer="预览",
        issued_on=on,
        region=request.institution.region,
    )
    document.save()
    return document


# In a roster batch the exits go first and the entries last: 先出后进 (rule 2).
_ROSTER_ORDER = {RequestKind.EXIT: 0, RequestKind.CORRECTION: 1, RequestKind.ENTRY: 2}


def _application_order(item: ChangeRequestItem) -> int:
    return _ROSTER_ORDER.get(item.kind, 0)


def _apply_items(request, items, approval: Approval, *, collect: bool) -> list[str]:
    """Apply every item in order, each behind its own savepoint; return the refusals by name
    (``collect``) or raise the first."""
    errors = []
    for item in sorted(items, key=_application_order):
        try:
            with transaction.atomic():
                APPLIERS[item.effective_kind](item, request, approval)
        except ValidationError as error:
            if not collect:
                raise
            name = item.person_name or request.institution.full_name
            errors.extend(REFUSED_ITEM % {"name": name, "message": m} for m in error.messages)
    return errors


# --- the workflow ------------------------------------------------------------------------------


def needs_review(request: ChangeRequest) -> bool:
    """Only where the unit has a supervising department (it or one above it) with an active
    reviewer does a request go there before the office."""
    ancestors, institution = [], request.institution
    while institution is not None:
        ancestors.append(institution.pk)
        institution = institution.parent
    return UserScope.objects.filter(
        role=Role.REVIEWER, institution_id__in=ancestors, user__is_active=True
    ).exists()


def _needs_evidence(request: ChangeRequest) -> bool:
    """Exits and corrections carry evidence; a roster batch does when any of its items is one."""
    if request.kind == RequestKind.ROSTER:
        return request.items.filter(kind__in=EVIDENCE_KINDS).exists()
    return request.kind in EVIDENCE_KINDS


@transaction.atomic
def request_submit(*, request: ChangeRequest, actor, on: datetime.date | None = None):
    """报送: the unit sends its draft (or its corrected, returned request). The 报送日期 is the
    first submission's; a request the preview shows to break a rule is not sent."""
    on = on or _today()
    request = _locked(request)
    _check_role(actor, {Role.CLERK}, RequestAction.SUBMIT)
    _check_scope(request, actor)
    _check_state(request, EDITABLE_STATES, RequestAction.SUBMIT)
    if not request.items.exists():
        raise ValidationError(NO_ITEMS)
    if _needs_evidence(request) and not request.evidence.strip():
        raise ValidationError(
            {"evidence": EVIDENCE_REQUIRED % {"kind": request.get_kind_display()}}
        )
    preview = request_preview(request, on=on)
    if not preview.ok:
        raise ValidationError(preview.errors)
    from_state = request.state
    request.state = RequestState.SUBMITTED
    request.submitted_on = request.submitted_on or on
    save_tracked(request, actor=actor, reason="报送变动申报")
    _event(request, RequestAction.SUBMIT, from_state, actor)
    return request


@transaction.atomic
def request_review(*, request: ChangeRequest, actor, comment: str = "") -> ChangeRequest:
    """主管部门审核: the supervising department passes the request on to the office."""
    request = _locked(request)
    _check_role(actor, {Role.REVIEWER}, RequestAction.REVIEW)
    _check_scope(request, actor)
    _check_not_own(request, actor)
    _check_state(request, {RequestState.SUBMITTED}, RequestAction.REVIEW)
    request.state = RequestState.REVIEWED
    save_tracked(request, actor=actor, reason="主管部门审核通过")
    _event(request, RequestAction.REVIEW, RequestState.SUBMITTED, actor, comment)
    return request


@transaction.atomic
def request_return(*, request: ChangeRequest, actor, reason: str) -> ChangeRequest:
    """退回: the reviewer (before its review) or the office (before approval) sends the request
    back with a reason; the unit corrects and resubmits it."""
    request = _locked(request)
    role = access.role_of(actor)
    _check_role(actor, OFFICE_ROLES | {Role.REVIEWER}, RequestAction.RETURN)
    _check_scope(request, actor)
    _check_not_own(request, actor)
    states = {RequestState.SUBMITTED}
    if role in OFFICE_ROLES:
        states.add(RequestState.REVIEWED)
    _check_state(request, states, RequestAction.RETURN)
    if not reason.strip():
        raise ValidationError({"reason": RETURN_NEEDS_REASON})
    from_state = request.state
    request.state = RequestState.RETURNED
    request.return_reason = reason
    save_tracked(request, actor=actor, reason=f"退回变动申报：{reason}")
    _event(request, RequestAction.RETURN, from_state, actor, reason)
    return request


@transaction.atomic
def request_note(
    *, request: ChangeRequest, actor, investigation: str, preliminary_opinion: str
) -> ChangeRequest:
    """用编申请: the office records its investigation and preliminary opinion before approval."""
    request = _locked(request)
    _check_role(actor, OFFICE_ROLES, RequestAction.APPROVE)
    _check_scope(request, actor)
    _check_state(request, {RequestState.SUBMITTED, RequestState.REVIEWED}, RequestAction.APPROVE)
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
) -> ChangeRequest:
    """核准: apply every item through the registry's services in one transaction. If any rule
    fails now (e.g. the last vacancy went to another request) nothing changes and the reason
    is given."""
    request = _locked(request)
    _check_role(actor, OFFICE_ROLES, RequestAction.APPROVE)
    _check_scope(request, actor)
    _check_not_own(request, actor)
    _check_state(request, {RequestState.SUBMITTED, RequestState.REVIEWED}, RequestAction.APPROVE)
    if request.state == RequestState.SUBMITTED and needs_review(request):
        raise ValidationError(REVIEW_FIRST)
    if request.kind in DOCUMENT_KINDS and document is None:
        raise ValidationError(
            {"document": DOCUMENT_REQUIRED % {"kind": request.get_kind_display()}}
        )
    on = _today()
    approval = Approval(
        actor=actor,
        document=document,
        on=on,
        reason=f"核准变动申报 {request.number}（{request.get_kind_display()}）",
        permit_expires_on=permit_expires_on,
    )
    items = list(
        request.items.select_related("person", "record__person", "appointment").order_by("pk")
    )
    _apply_items(request, items, approval, collect=False)
    for item in items:
        save_tracked(item, actor=actor, reason=approval.reason, document=document)
    from_state = request.state
    request.state = RequestState.APPROVED
    request.document = document
    request.decided_by = actor
    request.decided_at = timezone.now()
    save_tracked(request, actor=actor, reason=approval.reason, document=document)
    _event(request, RequestAction.APPROVE, from_state, actor, comment)
    return request


# --- changes the system can foresee (rule 9) ---------------------------------------------------

EXPECTED_EXIT_REASON = "系统预警：%(name)s 已于 %(month)s 达到退休年龄，仍在编，应办理退休出编。"


@transaction.atomic
def expected_exits_create(*, today: datetime.date | None = None) -> list[ChangeRequest]:
    """A person past their retirement month and still active is an expected 出编 of their unit,
    occurred on the first day of that month (or on entry, for one who entered later): a draft
    the unit completes and submits, overdue once the deadline has passed. Made once per record."""
    actor = system_actor()
    # Items without a record (entries, appointments) must not reach the NOT IN: one NULL there
    # would exclude every record.
    pending = (
        ChangeRequestItem.objects.exclude(request__state=RequestState.APPROVED)
        .exclude(record=None)
        .values("record_id")
    )
    records = selectors.past_retirement(
        EstablishmentRecord.objects.exclude(pk__in=pending), today=today
    )
    created = []
    for record in records:
        month = record.retirement_month()
        occurred_on = max(month, record.entry_on)
        request = ChangeRequest(
            institution=record.quota_line.institution,
            kind=RequestKind.EXIT,
            origin=RequestOrigin.EXPECTED,
            occurred_on=occurred_on,
            due_on=due_date(RequestKind.EXIT, occurred_on),
            reason=EXPECTED_EXIT_REASON % {"name": record.person.name, "month": f"{month:%Y-%m}"},
            created_by=actor,
        )
        save_tracked(request, actor=actor, reason="系统预警：应办理退休出编")
        _event(request, RequestAction.CREATE, "", actor)
        item = ChangeRequestItem(
            request=request,
            person=record.person,
            record=record,
            person_name=record.person.name,
            id_number=record.person.id_number,
            data={"end_reason": EndReason.RETIREMENT},
        )
        save_tracked(item, actor=actor, reason="系统预警：应办理退休出编")
        created.append(request)
    return created
