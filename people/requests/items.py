"""A change request's items (申报人员) while the unit drafts it: adding one, changing one with
every field it holds, removing one. A unit reports only its own people, a person once at a time,
and nothing it drafts touches the registry (the approval applies the items, ``services``)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.history import save_tracked

from ..choices import CLOSED_STATES, RecordStatus
from ..models import (
    ChangeRequest,
    ChangeRequestItem,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from . import workflow
from .approval import item_ended_on
from .registry import spec_for

OCCURRED_BEFORE_ENTRY = "发生日期 %(occurred)s 不能早于 %(name)s 的入编时间 %(entry)s。"
OCCURRED_BEFORE_APPOINTMENT = "发生日期 %(occurred)s 不能早于 %(name)s 的任职时间 %(started)s。"
RECORD_OF_OTHER_UNIT = "%(name)s 不在“%(institution)s”在编，不能由本单位申报。"
APPOINTMENT_OF_OTHER_UNIT = "该任职不属于“%(institution)s”，不能由本单位申报。"
ALREADY_IN_REQUEST = "%(name)s 已在本申报中。"
PENDING_ELSEWHERE = "%(name)s 已有未办结的变动申报（%(number)s），请勿重复申报。"
ITEM_GONE = "该人员已从申报中删除。"
ITEM_NEEDS = "%(kind)s申报须指明%(what)s。"
ITEM_KIND_NEEDED = "花名册批量变动的每一条须注明变动类型（入编、信息更正或出编）。"
ITEM_KIND_NOT_ALLOWED = "只有花名册批量变动的条目可以注明自己的变动类型。"


def locked(request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update().select_related("institution").get(pk=request.pk)
    )


def check_item_dates(request, record, appointment, data: dict) -> None:
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
        .exclude(request__state__in=CLOSED_STATES)
        .select_related("request")
        .first()
    )
    if other is not None:
        raise ValidationError(
            PENDING_ELSEWHERE % {"name": person.name, "number": other.request.number}
        )


def _item_kind(request: ChangeRequest, kind: str) -> str:
    """The kind an item is checked as: its own, which only an item of a batch names (one of the
    batch's item kinds), or else its request's."""
    item_kinds = spec_for(request.kind).item_kinds
    if item_kinds and kind not in item_kinds:
        raise ValidationError(ITEM_KIND_NEEDED)
    if not item_kinds and kind:
        raise ValidationError(ITEM_KIND_NOT_ALLOWED)
    return kind or request.kind


def _checked_item(
    request: ChangeRequest,
    item: ChangeRequestItem,
    *,
    data: dict,
    person: Person | None,
    record: EstablishmentRecord | None,
    appointment: LeadershipAppointment | None,
    person_name: str,
    id_number: str,
    kind: str,
) -> ChangeRequestItem:
    """``item`` holding the given change once every check of a new item passed (the unit's own
    people only, a person once at a time, dates after entry), the item itself aside."""
    spec = spec_for(_item_kind(request, kind))
    if record is not None:
        _check_record(request, record)
        person = record.person
    if appointment is not None:
        if appointment.quota.institution_id != request.institution_id:
            raise ValidationError(
                APPOINTMENT_OF_OTHER_UNIT % {"institution": request.institution.full_name}
            )
        person = appointment.person
    named = {"record": record, "person": person, "appointment": appointment}
    if spec.needs is not None and named[spec.needs.target] is None:
        raise ValidationError(ITEM_NEEDS % {"kind": spec.label, "what": spec.needs.label})
    check_item_dates(request, record, appointment, data)
    if person is not None:
        others = request.items.exclude(pk=item.pk) if item.pk else request.items.all()
        if others.filter(person=person).exists():
            raise ValidationError(ALREADY_IN_REQUEST % {"name": person.name})
        _check_not_pending_elsewhere(request, person)
        person_name, id_number = person.name, person.id_number
    item.person, item.record, item.appointment = person, record, appointment
    item.person_name, item.id_number, item.data, item.kind = person_name, id_number, data, kind
    return item


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
    request = locked(request)
    workflow.check(workflow.ITEM_ADD, request, actor)
    item = _checked_item(
        request,
        ChangeRequestItem(request=request),
        data=data,
        person=person,
        record=record,
        appointment=appointment,
        person_name=person_name,
        id_number=id_number,
        kind=kind,
    )
    return save_tracked(item, actor=actor, reason="填写变动申报")


@transaction.atomic
def item_update(
    *,
    item: ChangeRequestItem,
    actor,
    data: dict,
    person: Person | None = None,
    record: EstablishmentRecord | None = None,
    appointment: LeadershipAppointment | None = None,
    person_name: str = "",
    id_number: str = "",
) -> ChangeRequestItem:
    """Change one item of a draft or returned request: every value is replaced by the given
    ones, checked exactly as ``item_add`` checks a new item (its own kind kept). The previous
    values stay in the item's history."""
    request = locked(item.request)
    workflow.check(workflow.ITEM_EDIT, request, actor)
    item = ChangeRequestItem.objects.select_for_update().filter(pk=item.pk, request=request).first()
    if item is None:
        raise ValidationError(ITEM_GONE)
    item = _checked_item(
        request,
        item,
        data=data,
        person=person,
        record=record,
        appointment=appointment,
        person_name=person_name,
        id_number=id_number,
        kind=item.kind,
    )
    return save_tracked(item, actor=actor, reason="修改申报人员")


@transaction.atomic
def item_remove(*, item: ChangeRequestItem, actor) -> None:
    request = locked(item.request)
    workflow.check(workflow.ITEM_REMOVE, request, actor)
    item._history_user = actor
    item._change_reason = "删除申报人员"
    item.delete()
