"""编制及人员变动对账: one institution's quotas and occupants over a period, per quota type.

For each quota line (establishment type × funding form, never summed across types, rule 1):

- approved (H): opening + adjustments = closing, from the adjustment lines and their effective
  dates (a quota changes only through adjustments, rule 4);
- occupants (A, the line's regular quota; holders of a talent special quota are counted apart,
  rule 27): opening + entries (入编) + transfers in (调入) − exits (出编) − transfers out
  (调出) = closing, from the records' effective dates: a record counts from its entry date and
  stops counting on its end date. Opening is "active at the day before the period", closing
  "active at its last day".

Opening and closing are counted by the database independently of the movements, so the page's
identity check really checks the registry. The number of queries is fixed.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from bianzhi import access
from staffing.models import AdjustmentLine, QuotaLine
from staffing.occupancy import on_regular_quota, record_held_on

from .choices import EndReason, EntryWay, RequestState
from .models import ChangeRequest, ChangeRequestItem, EstablishmentRecord
from .requests.registry import spec_for

ENTRY, TRANSFER_IN, EXIT, TRANSFER_OUT = "entry", "transfer_in", "exit", "transfer_out"
MOVEMENT_LABELS = {ENTRY: "入编", TRANSFER_IN: "调入", EXIT: "出编", TRANSFER_OUT: "调出"}


@dataclass(frozen=True)
class AdjustmentRow:
    line: AdjustmentLine
    approved_after: int  # running H in the order of effective dates

    @property
    def adjustment(self):
        return self.line.adjustment


@dataclass(frozen=True)
class Movement:
    day: datetime.date
    kind: str
    record: EstablishmentRecord
    document: object | None  # ApprovalDocument
    request: ChangeRequest | None = None

    @property
    def kind_label(self) -> str:
        return MOVEMENT_LABELS[self.kind]

    @property
    def sign(self) -> int:
        return 1 if self.kind in (ENTRY, TRANSFER_IN) else -1

    @property
    def detail(self) -> str:
        """Entry way or end reason, e.g. 事业单位招聘, 退休."""
        record = self.record
        return record.get_entry_way_display() if self.sign > 0 else record.get_end_reason_display()


@dataclass
class TypeReconciliation:
    line: QuotaLine
    approved_opening: int
    approved_closing: int
    occupied_opening: int
    occupied_closing: int
    # Held at the end on a talent special quota: apart from A and its movements (rule 27).
    special_closing: int = 0
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)

    def _count(self, kind: str) -> int:
        return sum(1 for movement in self.movements if movement.kind == kind)

    @property
    def adjusted(self) -> int:
        return sum(row.line.delta for row in self.adjustments)

    @property
    def entries(self) -> int:
        return self._count(ENTRY)

    @property
    def transfers_in(self) -> int:
        return self._count(TRANSFER_IN)

    @property
    def exits(self) -> int:
        return self._count(EXIT)

    @property
    def transfers_out(self) -> int:
        return self._count(TRANSFER_OUT)

    @property
    def approved_balances(self) -> bool:
        return self.approved_opening + self.adjusted == self.approved_closing

    @property
    def occupied_balances(self) -> bool:
        moved = self.entries + self.transfers_in - self.exits - self.transfers_out
        return self.occupied_opening + moved == self.occupied_closing

    @property
    def vacancy(self) -> int:
        return max(self.approved_closing - self.occupied_closing, 0)

    @property
    def over(self) -> int:
        return max(self.occupied_closing - self.approved_closing, 0)

    @property
    def is_quiet(self) -> bool:
        """Nothing at all in or before the period: a line approved only later."""
        return not (
            self.adjustments
            or self.movements
            or self.approved_opening
            or self.approved_closing
            or self.occupied_opening
            or self.occupied_closing
        )


@dataclass
class Reconciliation:
    start: datetime.date
    end: datetime.date
    types: list[TypeReconciliation]

    @property
    def balances(self) -> bool:
        return all(t.approved_balances and t.occupied_balances for t in self.types)


def _key(row) -> tuple[str, str]:
    return (row.establishment_type, row.funding_form)


def _approved_before(institution, start) -> dict[tuple[str, str], int]:
    rows = (
        AdjustmentLine.objects.filter(institution=institution, adjustment__effective_on__lt=start)
        .order_by()
        .values_list("establishment_type", "funding_form")
        .annotate(total=Sum("delta"))
    )
    return {(kind, funding): total for kind, funding, total in rows}


def _adjustments(institution, start, end) -> list[AdjustmentLine]:
    return list(
        AdjustmentLine.objects.filter(
            institution=institution, adjustment__effective_on__range=(start, end)
        )
        .select_related("adjustment__document")
        .order_by("adjustment__effective_on", "adjustment_id", "pk")
    )


def _occupancy(institution, start, end) -> dict[int, tuple[int, int]]:
    rows = (
        EstablishmentRecord.objects.filter(quota_line__institution=institution)
        .order_by()
        .values("quota_line_id")
        .annotate(
            opening=Count(
                "pk",
                filter=record_held_on(start - datetime.timedelta(days=1)) & on_regular_quota(),
            ),
            closing=Count("pk", filter=record_held_on(end) & on_regular_quota()),
            special=Count("pk", filter=record_held_on(end) & ~on_regular_quota()),
        )
    )
    return {row["quota_line_id"]: (row["opening"], row["closing"], row["special"]) for row in rows}


def _movements(institution, start, end) -> list[Movement]:
    records = (
        EstablishmentRecord.objects.filter(on_regular_quota(), quota_line__institution=institution)
        .filter(Q(entry_on__range=(start, end)) | Q(ended_on__range=(start, end)))
        .select_related("person", "entry_document", "end_document")
    )
    movements = []
    for record in records:
        if start <= record.entry_on <= end:
            kind = TRANSFER_IN if record.entry_way == EntryWay.TRANSFER_IN else ENTRY
            movements.append(Movement(record.entry_on, kind, record, record.entry_document))
        if record.ended_on and start <= record.ended_on <= end:
            internal = record.end_reason == EndReason.INTERNAL_TRANSFER
            kind = TRANSFER_OUT if internal else EXIT
            movements.append(Movement(record.ended_on, kind, record, record.end_document))
    return movements


def requests_of_movements(movements: list[Movement], user) -> dict[tuple[int, int], ChangeRequest]:
    """The approved change request behind each movement, keyed by (sign, record id).

    Only requests the user may see are returned, so every link on the page opens. One query.
    """
    record_ids = {movement.record.pk for movement in movements}
    if not record_ids:
        return {}
    visible = access.restrict(ChangeRequest.objects.all(), user)
    items = (
        ChangeRequestItem.objects.filter(
            request__in=visible.filter(state=RequestState.APPROVED).values("pk")
        )
        .filter(Q(result_record_id__in=record_ids) | Q(record_id__in=record_ids))
        .select_related("request")
        .order_by("request_id", "pk")
    )
    found = {}
    for item in items:
        # An approved entry or transfer created the record an entry shows (the item's
        # result_record); an approved exit or transfer ended the record an exit shows (its record).
        spec = spec_for(item.effective_kind)
        if item.result_record_id in record_ids and spec.creates_record:
            found.setdefault((1, item.result_record_id), item.request)
        if item.record_id in record_ids and spec.ends_record:
            found.setdefault((-1, item.record_id), item.request)
    return found


def reconcile(institution, start: datetime.date, end: datetime.date, *, user) -> Reconciliation:
    """The reconciliation of ``institution`` over [start, end], one block per quota line."""
    lines = list(
        QuotaLine.objects.filter(institution=institution).order_by(
            "establishment_type", "funding_form"
        )
    )
    approved_before = _approved_before(institution, start)
    adjustments = _adjustments(institution, start, end)
    occupancy = _occupancy(institution, start, end)
    movements = _movements(institution, start, end)
    requests = requests_of_movements(movements, user)
    by_line = {}
    types = []
    by_key = {}
    for line in lines:
        opening_a, closing_a, special = occupancy.get(line.pk, (0, 0, 0))
        opening_h = approved_before.get(_key(line), 0)
        block = TypeReconciliation(line, opening_h, opening_h, opening_a, closing_a, special)
        by_key[_key(line)] = block
        by_line[line.pk] = block
        types.append(block)
    for adjustment_line in adjustments:
        block = by_key.get(_key(adjustment_line))
        if block is None:  # an adjustment line of a type the unit no longer holds: impossible
            continue
        block.approved_closing += adjustment_line.delta
        block.adjustments.append(AdjustmentRow(adjustment_line, block.approved_closing))
    for movement in sorted(movements, key=lambda m: (m.day, -m.sign, m.record.person.name)):
        request = requests.get((movement.sign, movement.record.pk))
        if request is not None:
            movement = dataclasses.replace(movement, request=request)
        by_line[movement.record.quota_line_id].movements.append(movement)
    return Reconciliation(start, end, types)
