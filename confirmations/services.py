"""身份确认 writes (rules 47–48): a partner confirms or rejects the statuses its department
answers for; a change of the status or of the placement puts a confirmation back to 待确认."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi import access
from bianzhi.history import save_tracked

from . import selectors
from .choices import DEPARTMENT_OF, KIND_OF, ConfirmationState
from .models import REJECTION_NEEDS_REASON, IdentityConfirmation

NOT_A_CONFIRMING_PARTNER = "只有组织部门、人社部门的协作账号可以确认人员身份（规则 47）。"
NOT_YOUR_STATUS = "%(name)s不在本部门（%(department)s）确认%(kind)s的范围内（规则 47）。"
NOTHING_SELECTED = "请选择要确认的人员。"
CONFIRM_REASON = "确认%(kind)s"
REJECT_REASON = "退回%(kind)s：%(reason)s"


def _department(actor):
    department = access.department_of(actor)
    if department not in KIND_OF:
        raise ValidationError(NOT_A_CONFIRMING_PARTNER)
    return department


def _decide(*, records, actor, state: str, reason: str) -> list[IdentityConfirmation]:
    department = _department(actor)
    kind = KIND_OF[department]
    records = list(records)
    if not records:
        raise ValidationError(NOTHING_SELECTED)
    # The records as the actor's worklist holds them: in its scope, active, its department's.
    ids = [record.pk for record in records]
    subjects = {
        row.pk: row
        for row in selectors.with_confirmation(
            selectors.active_records(actor).filter(pk__in=ids), list(DEPARTMENT_OF)
        )
    }
    for record in records:
        row = subjects.get(record.pk)
        if row is None or row.status_kind != kind:
            raise ValidationError(
                NOT_YOUR_STATUS
                % {"name": record.person.name, "kind": kind.label, "department": department.label}
            )
    now = timezone.now()
    decided = []
    by_record = {
        confirmation.record_id: confirmation
        for confirmation in IdentityConfirmation.objects.select_for_update().filter(
            record_id__in=ids, kind=kind
        )
    }
    for record_id in sorted(ids):
        # A first decision creates the row: one history record, the decision's.
        confirmation = by_record.get(record_id) or IdentityConfirmation(
            record_id=record_id, kind=kind
        )
        confirmation.state = state
        confirmation.reason = reason if state == ConfirmationState.REJECTED else ""
        confirmation.decided_by = actor
        confirmation.decided_at = now
        history_reason = (
            REJECT_REASON % {"kind": kind.label, "reason": reason}
            if state == ConfirmationState.REJECTED
            else CONFIRM_REASON % {"kind": kind.label}
        )
        decided.append(save_tracked(confirmation, actor=actor, reason=history_reason))
    return decided


@transaction.atomic
def confirm(*, records, actor) -> list[IdentityConfirmation]:
    """已确认: the partner confirms the recorded status of each of ``records`` (rule 47)."""
    return _decide(records=records, actor=actor, state=ConfirmationState.CONFIRMED, reason="")


@transaction.atomic
def reject(*, record, actor, reason: str) -> IdentityConfirmation:
    """已退回 with the reason: the recorded status does not hold; a 自查 breach until the office
    corrects it (rule 48)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REJECTION_NEEDS_REASON})
    return _decide(records=[record], actor=actor, state=ConfirmationState.REJECTED, reason=reason)[
        0
    ]


@transaction.atomic
def reset(*, record_ids, kinds=None, actor, reason: str) -> int:
    """Back to 待确认 (rule 47): the status or the placement the confirmation was given for has
    changed. Return how many confirmations were reset."""
    confirmations = IdentityConfirmation.objects.select_for_update().filter(
        record_id__in=list(record_ids)
    )
    if kinds is not None:
        confirmations = confirmations.filter(kind__in=list(kinds))
    count = 0
    for confirmation in confirmations.exclude(state=ConfirmationState.PENDING):
        confirmation.state = ConfirmationState.PENDING
        confirmation.reason = ""
        confirmation.decided_by = None
        confirmation.decided_at = None
        save_tracked(confirmation, actor=actor, reason=reason)
        count += 1
    return count
