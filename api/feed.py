"""The change feed (变动推送): approved changes — quota adjustments (编制调整), approved change
requests (入编、出编、调动、任免…) and the establishment records the office registered or ended
directly (入编登记、出编登记、调动登记 and imports, without a change request) — in one stable
order, (time, source, id), paged by an opaque cursor. A consumer keeps the last ``next_cursor``
and asks again later: every change after it comes once, in order, however many arrive between
its calls. The time is when the change was decided or recorded (调整的办理时间, 申报的核准时间,
登记时间)."""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from bianzhi.privacy import IdPolicy
from people.choices import RecordStatus, RequestKind, RequestState
from people.models import ChangeRequest, ChangeRequestItem, EstablishmentRecord
from staffing.models import Adjustment

ADJUSTMENT = "adjustment"
REQUEST = "request"
RECORD = "record"
# The order of the sources for changes at the same instant.
SOURCES = (ADJUSTMENT, REQUEST, RECORD)

# A record's events, as the feed names them.
RECORD_ENTRY = "record_entry"
RECORD_END = "record_end"
RECORD_KINDS = {RECORD_ENTRY: "入编登记（编办直接登记）", RECORD_END: "出编登记（编办直接登记）"}
# The request kinds whose approval ends the record an item names (出编; 调动 ends the old one).
ENDING_KINDS = (RequestKind.EXIT, RequestKind.TRANSFER)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Position:
    at: datetime.datetime
    rank: int
    id: int

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat(), self.rank, self.id]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> "Position":
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            at, rank, pk = json.loads(raw)
            moment = datetime.datetime.fromisoformat(at)
            if moment.tzinfo is None or not isinstance(rank, int) or not isinstance(pk, int):
                raise ValueError
            return cls(moment, rank, pk)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as error:
            raise BadCursor("cursor") from error


def _after(position: Position | None, rank: int, field: str) -> Q:
    """The rows of the source of ``rank`` (time in ``field``) after ``position``."""
    if position is None:
        return Q()
    later = Q(**{f"{field}__gt": position.at})
    if rank > position.rank:
        return later | Q(**{field: position.at})
    if rank == position.rank:
        return later | Q(**{field: position.at, "pk__gt": position.id})
    return later


def adjustments(region_ids, position: Position | None, limit: int) -> QuerySet:
    rank = SOURCES.index(ADJUSTMENT)
    return (
        Adjustment.objects.filter(_after(position, rank, "applied_at"), region__in=region_ids)
        .select_related("document")
        .prefetch_related("lines")
        .order_by("applied_at", "pk")[:limit]
    )


def requests(region_ids, position: Position | None, limit: int) -> QuerySet:
    rank = SOURCES.index(REQUEST)
    return (
        ChangeRequest.objects.filter(
            _after(position, rank, "decided_at"),
            state=RequestState.APPROVED,
            decided_at__isnull=False,
            institution__region__in=region_ids,
        )
        .select_related("institution", "document")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ChangeRequestItem.objects.select_related(
                    "person", "result_record__person"
                ),
            )
        )
        .order_by("decided_at", "pk")[:limit]
    )


def records(region_ids, position: Position | None, limit: int) -> QuerySet:
    """The records' entries and ends recorded outside an approved change request (which the
    request's own entry already carries): read from the records' history, an entry being the
    row that created the record, an end the first row that shows it ended."""
    rank = SOURCES.index(RECORD)
    history = EstablishmentRecord.history.model.objects
    ended_before = history.filter(
        id=OuterRef("id"), status=RecordStatus.ENDED, history_id__lt=OuterRef("history_id")
    )
    approved = ChangeRequestItem.objects.filter(request__state=RequestState.APPROVED)
    entered_by_request = approved.filter(result_record_id=OuterRef("id"))
    ended_by_request = approved.filter(record_id=OuterRef("id")).filter(
        Q(kind__in=ENDING_KINDS) | Q(kind="", request__kind__in=ENDING_KINDS)
    )
    entry = Q(history_type="+") & ~Exists(entered_by_request)
    end = (
        Q(history_type="~", status=RecordStatus.ENDED)
        & ~Exists(ended_before)
        & ~Exists(ended_by_request)
    )
    return (
        history.filter(
            _after(position, rank, "history_date"),
            entry | end,
            quota_line__institution__region__in=region_ids,
        )
        .select_related("person", "quota_line")
        .order_by("history_date", "history_id")[:limit]
    )


def _record_entry(row, policy: IdPolicy) -> dict:
    kind = RECORD_ENTRY if row.history_type == "+" else RECORD_END
    person = row.person
    return {
        "source": RECORD,
        "id": row.history_id,
        "at": row.history_date,
        "kind": kind,
        "kind_label": RECORD_KINDS[kind],
        "summary": policy.text(row.history_change_reason or ""),
        "effective_on": row.entry_on if kind == RECORD_ENTRY else row.ended_on,
        "document_number": row.history_document,
        "institutions": [row.quota_line.institution_id],
        "lines": [
            {
                "institution": row.quota_line.institution_id,
                "establishment_type": row.quota_line.establishment_type,
                "funding_form": row.quota_line.funding_form,
                "record": row.id,
            }
        ],
        "people": [
            {
                "person": person.pk,
                "name": person.name,
                "id_number": person.id_number if policy.full else person.id_number_masked,
                "kind": "entry" if kind == RECORD_ENTRY else "exit",
            }
        ],
    }


def _adjustment_entry(adjustment: Adjustment) -> dict:
    return {
        "source": ADJUSTMENT,
        "id": adjustment.pk,
        "at": adjustment.applied_at,
        "kind": adjustment.kind,
        "kind_label": adjustment.get_kind_display(),
        "summary": adjustment.summary,
        "effective_on": adjustment.effective_on,
        "document_number": getattr(adjustment.document, "number", "") or "",
        "institutions": sorted({line.institution_id for line in adjustment.lines.all()}),
        "lines": [
            {
                "institution": line.institution_id,
                "establishment_type": line.establishment_type,
                "funding_form": line.funding_form,
                "delta": line.delta,
                "approved_after": line.approved_after,
            }
            for line in adjustment.lines.all()
        ],
        "people": [],
    }


def _request_entry(request: ChangeRequest, policy: IdPolicy) -> dict:
    return {
        "source": REQUEST,
        "id": request.pk,
        "at": request.decided_at,
        "kind": request.kind,
        "kind_label": request.get_kind_display(),
        "summary": policy.text(request.reason),
        "effective_on": request.occurred_on,
        "document_number": getattr(request.document, "number", "") or "",
        "institutions": [request.institution_id],
        "lines": [],
        "people": [_item_person(item, request, policy) for item in request.items.all()],
    }


def _item_person(item, request: ChangeRequest, policy: IdPolicy) -> dict:
    """The person an item is about: the registered person, or the one its approval entered."""
    who = item.person or (item.result_record.person if item.result_record else None)
    holder = who if who is not None else item
    return {
        "person": who.pk if who else None,
        "name": who.name if who else item.person_name,
        "id_number": holder.id_number if policy.full else holder.id_number_masked,
        "kind": item.kind or request.kind,
    }


@dataclass(frozen=True)
class Page:
    entries: list[dict]
    next_cursor: str
    has_more: bool


def page(region_ids, *, cursor: str | None, size: int, policy: IdPolicy) -> Page:
    """The ``size`` changes after ``cursor`` (from the first change without one)."""
    position = Position.decode(cursor) if cursor else None
    rows = (
        [
            (Position(row.applied_at, SOURCES.index(ADJUSTMENT), row.pk), row)
            for row in adjustments(region_ids, position, size + 1)
        ]
        + [
            (Position(row.decided_at, SOURCES.index(REQUEST), row.pk), row)
            for row in requests(region_ids, position, size + 1)
        ]
        + [
            (Position(row.history_date, SOURCES.index(RECORD), row.history_id), row)
            for row in records(region_ids, position, size + 1)
        ]
    )
    rows.sort(key=lambda pair: pair[0])
    chosen = rows[:size]
    entries = []
    for where, row in chosen:
        if isinstance(row, Adjustment):
            entry = _adjustment_entry(row)
        elif isinstance(row, ChangeRequest):
            entry = _request_entry(row, policy)
        else:
            entry = _record_entry(row, policy)
        entry["cursor"] = where.encode()
        entries.append(entry)
    last = chosen[-1][0].encode() if chosen else (cursor or "")
    return Page(entries, last, len(rows) > size)
