"""What each kind of change request does when the office approves it, and which figures it
touches (for the preview). Each applier calls the registry's own services, so a request obeys
exactly the rules a direct registration does (rules 2, 3, 5, 6, 7)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F

from orgs.models import InternalDepartment
from staffing.choices import PermitStatus
from staffing.models import LeadershipQuota, QuotaLine, UsagePermit
from staffing.services import permit_issue

from .. import selectors
from ..choices import RequestKind
from ..models import ChangeRequest, ChangeRequestItem, Person
from .appointments import appointment_end, appointment_start
from .records import (
    exit_register,
    person_enter,
    person_update,
    record_correct,
    transfer_register,
)

DOCUMENT_REQUIRED = "核准%(kind)s须填写核准文件（批准文件文号）。"
NO_RECEIVING_PERMIT = (
    "调入单位“%(institution)s”%(line)s没有有效且有剩余名额的用编通知单，须先核准用编（规则 3）。"
)
PERMIT_VALIDITY_DAYS = 365
# Kinds whose approval must cite the committee's or the appointing body's document.
DOCUMENT_KINDS = frozenset({RequestKind.PERMIT, RequestKind.APPOINTMENT, RequestKind.DISMISSAL})


@dataclass(frozen=True)
class Approval:
    """What the office adds when it approves: the document, the day, and for 用编申请 the
    permit's expiry."""

    actor: object
    document: object
    on: datetime.date
    reason: str
    permit_expires_on: datetime.date | None = None


def _pk(data: dict, name: str):
    return data.get(name) or None


def _get(model, pk):
    return model.objects.get(pk=pk) if pk else None


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def receiving_permit(line: QuotaLine, on: datetime.date) -> UsagePermit | None:
    """The oldest open permit of ``line`` valid on ``on`` with a slot left (rule 3)."""
    return (
        UsagePermit.objects.filter(
            quota_line=line, status=PermitStatus.OPEN, issued_on__lte=on, expires_on__gte=on
        )
        .annotate(used=Count("records"))
        .filter(used__lt=F("count"))
        .order_by("issued_on", "pk")
        .first()
    )


# --- appliers: item → the registry's service ----------------------------------------------------


def _apply_permit(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    data = item.data
    expires_on = approval.permit_expires_on or approval.on + datetime.timedelta(
        days=PERMIT_VALIDITY_DAYS
    )
    item.result_permit = permit_issue(
        quota_line=QuotaLine.objects.get(pk=data["quota_line"]),
        count=int(data["count"]),
        purpose=data["purpose"],
        issued_on=approval.on,
        expires_on=expires_on,
        document=approval.document,
        notes=(data.get("posts") or "")[:200],
        actor=approval.actor,
    )


def _placement(data: dict) -> dict:
    return {
        "department": _get(InternalDepartment, _pk(data, "department")),
        "post_category": data["post_category"],
        "person_category": data.get("person_category") or "staff",
        "job_title": data.get("job_title", ""),
    }


def _apply_entry(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    data = item.data
    new_person = None
    if item.person is None:
        new_person = {
            name: _date(value) if name in {"birth_date", "work_started_on"} else value
            for name, value in data["new_person"].items()
        }
    item.result_record = person_enter(
        person=item.person,
        new_person=new_person,
        quota_line=QuotaLine.objects.get(pk=data["quota_line"]),
        permit=_get(UsagePermit, _pk(data, "permit")),
        entry_way=data["entry_way"],
        entry_on=request.occurred_on,
        entry_document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
        **_placement(data),
    )
    item.person = item.result_record.person


def item_ended_on(item_data: dict, request: ChangeRequest) -> datetime.date:
    """An exit ends on the request's occurred-on date, or on its own date where the item names
    one (an exit found by a roster upload, in a batch whose date is its earliest entry's)."""
    return _date(item_data.get("ended_on")) or request.occurred_on


def _apply_exit(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    exit_register(
        record=item.record,
        ended_on=item_ended_on(item.data, request),
        end_reason=item.data["end_reason"],
        end_document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
    )


def _apply_transfer(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    data = item.data
    line = QuotaLine.objects.select_related("institution").get(pk=data["quota_line"])
    permit = _get(UsagePermit, _pk(data, "permit")) or receiving_permit(line, request.occurred_on)
    if permit is None:
        raise ValidationError(
            NO_RECEIVING_PERMIT
            % {"institution": line.institution.full_name, "line": line.type_label}
        )
    item.result_record = transfer_register(
        record=item.record,
        quota_line=line,
        permit=permit,
        transferred_on=request.occurred_on,
        document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
        **_placement(data),
    )


def _apply_appointment(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    data = item.data
    counts = data.get("counts_against_quota", True)
    item.result_appointment = appointment_start(
        person=item.person,
        quota=LeadershipQuota.objects.get(pk=data["quota"]),
        title=data["title"],
        started_on=request.occurred_on,
        document=approval.document,
        counts_against_quota=counts,
        exemption_document=None if counts else approval.document,
        actor=approval.actor,
        reason=approval.reason,
    )


def _apply_dismissal(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    appointment_end(
        appointment=item.appointment,
        ended_on=request.occurred_on,
        document=approval.document,
        actor=approval.actor,
        reason=approval.reason,
    )


def _apply_correction(item: ChangeRequestItem, request: ChangeRequest, approval: Approval):
    person_changes = {
        name: _date(value) if isinstance(Person._meta.get_field(name), models.DateField) else value
        for name, value in item.data.get("person", {}).items()
    }
    if person_changes:
        person_update(
            person=item.person,
            changes=person_changes,
            actor=approval.actor,
            reason=approval.reason,
            document=approval.document,
        )
    record_changes = item.data.get("record", {})
    if record_changes and item.record is not None:
        record_correct(
            record=item.record,
            changes=record_changes,
            actor=approval.actor,
            reason=approval.reason,
            document=approval.document,
        )


APPLIERS: dict[str, Callable[[ChangeRequestItem, ChangeRequest, Approval], None]] = {
    RequestKind.PERMIT: _apply_permit,
    RequestKind.ENTRY: _apply_entry,
    RequestKind.EXIT: _apply_exit,
    RequestKind.TRANSFER: _apply_transfer,
    RequestKind.APPOINTMENT: _apply_appointment,
    RequestKind.DISMISSAL: _apply_dismissal,
    RequestKind.CORRECTION: _apply_correction,
}


# --- what a request touches, for its before → after preview --------------------------------------


def measure_item(item: ChangeRequestItem, on: datetime.date) -> selectors.Measurement:
    """The figures ``item`` changes: its quota lines, permits and leadership quotas."""
    data, kind = item.data, item.effective_kind
    measurement: selectors.Measurement = {}
    lines = []
    if item.record_id:
        lines.append(item.record.quota_line)
    if data.get("quota_line"):
        lines.append(QuotaLine.objects.select_related("institution").get(pk=data["quota_line"]))
    if kind == RequestKind.CORRECTION and data.get("record", {}).get("quota_line"):
        lines.append(
            QuotaLine.objects.select_related("institution").get(pk=data["record"]["quota_line"])
        )
    for line in lines:
        measurement.update(selectors.line_measurement(line, on=on))
    if data.get("permit"):
        measurement.update(selectors.permit_measurement(UsagePermit.objects.get(pk=data["permit"])))
    if kind == RequestKind.APPOINTMENT and data.get("quota"):
        quota = LeadershipQuota.objects.select_related("institution").get(pk=data["quota"])
        measurement.update(selectors.leadership_measurement(quota))
    if kind == RequestKind.DISMISSAL and item.appointment_id:
        measurement.update(selectors.leadership_measurement(item.appointment.quota))
    return measurement
