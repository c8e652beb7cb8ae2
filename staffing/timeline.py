"""沿革: the history of one institution, oldest first.

Its establishment (设立) and abolition (撤销) with their documents, every adjustment line of its
quotas (before → after), every change of its leadership quotas, and its renames and other
changes of name, level or parent, read from the institution's history.

Dates are the dates the changes took effect where the registry has them: an adjustment's
effective date, the establishment and abolition dates, and for changes read from history the
issue date of the document recorded with them (not before the establishment: a founding
document's posts take effect with the institution), or else the day they were recorded. A fixed
number of queries, whatever the length of the history.
"""

import dataclasses
import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from orgs.choices import Level
from orgs.models import ApprovalDocument, Institution

from .choices import PostKind
from .models import AdjustmentLine, LeadershipQuota

ESTABLISHED, QUOTA, LEADERSHIP, RENAMED, CHANGED, ABOLISHED = (
    "established",
    "quota",
    "leadership",
    "renamed",
    "changed",
    "abolished",
)
KIND_LABELS = {
    ESTABLISHED: "机构设立",
    QUOTA: "编制调整",
    LEADERSHIP: "领导职数",
    RENAMED: "更名",
    CHANGED: "机构变更",
    ABOLISHED: "机构撤销",
}
# Changes of an institution's attributes that belong in its 沿革, in the order they are shown.
INSTITUTION_CHANGES = {
    "full_name": "机构全称",
    "other_names": "挂牌/合署名称",
    "level": "机构规格",
    "parent_id": "主管部门",
}
NONE = "—"


@dataclass(frozen=True)
class Event:
    day: datetime.date | None
    kind: str
    subject: str
    before: str = ""
    after: str = ""
    delta: int | None = None
    document: ApprovalDocument | None = None
    document_number: str = ""
    url: str = ""  # the business record of the event, e.g. the adjustment
    recorded_at: datetime.datetime | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def number(self) -> str:
        return self.document.number if self.document else self.document_number

    def sort_key(self):
        rank = {ESTABLISHED: 0, ABOLISHED: 2}.get(self.kind, 1)
        day = self.day or datetime.date.min
        recorded = self.recorded_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return (day, rank, recorded)


def _recorded_day(row) -> datetime.date:
    return timezone.localtime(row.history_date).date()


def _adjustment_events(institution: Institution) -> list[Event]:
    lines = AdjustmentLine.objects.filter(institution=institution).select_related(
        "adjustment__document"
    )
    return [
        Event(
            day=line.adjustment.effective_on,
            kind=QUOTA,
            subject=f"{line.adjustment.summary}：{_line_type(line)}",
            before=str(line.approved_before),
            after=str(line.approved_after),
            delta=line.delta,
            document=line.adjustment.document,
            url=line.adjustment.get_absolute_url(),
            recorded_at=line.adjustment.applied_at,
        )
        for line in lines
    ]


def _line_type(line: AdjustmentLine) -> str:
    label = line.get_establishment_type_display()
    return f"{label}（{line.get_funding_form_display()}）" if line.funding_form else label


def _leadership_events(institution: Institution) -> list[Event]:
    """Each creation of a leadership quota and each change of its approved count."""
    rows = (
        LeadershipQuota.history.filter(institution_id=institution.pk)
        .select_related("department", "document")
        .order_by("id", "history_date", "history_id")
    )
    kinds = dict(PostKind.choices)
    events, previous = [], {}
    for row in rows:
        before = previous.get(row.id)
        previous[row.id] = row
        if row.history_type == "-" or (before is not None and before.approved == row.approved):
            continue
        post = row.post_title or kinds.get(row.post_kind, row.post_kind)
        where = f"{row.department.name} · " if row.department_id and row.department else ""
        events.append(
            Event(
                day=row.document.issued_on if row.document_id else _recorded_day(row),
                kind=LEADERSHIP,
                subject=f"{'核定' if before is None else '调整'}{where}{post}职数",
                before=NONE if before is None else str(before.approved),
                after=str(row.approved),
                delta=row.approved - (before.approved if before else 0),
                document=row.document if row.document_id else None,
                document_number=row.history_document,
                recorded_at=row.history_date,
            )
        )
    return events


def _institution_events(rows: list) -> list[Event]:
    """Renames and changes of other names, level and parent, from the institution's history
    (``rows``, oldest first)."""
    changes = []
    for before, row in itertools.pairwise(rows):
        for name in INSTITUTION_CHANGES:
            if getattr(before, name) != getattr(row, name):
                changes.append((row, name, getattr(before, name), getattr(row, name)))
    numbers = {row.history_document for row, *_ in changes if row.history_document}
    documents = {d.number: d for d in ApprovalDocument.objects.filter(number__in=numbers)}
    parent_ids = {value for _, name, *values in changes if name == "parent_id" for value in values}
    parents = dict(
        Institution.objects.filter(pk__in=parent_ids - {None}).values_list("pk", "full_name")
    )
    levels = dict(Level.choices)

    def shown(name: str, value) -> str:
        if name == "parent_id":
            return parents.get(value, NONE)
        if name == "level":
            return str(levels.get(value, value)) if value else NONE
        return value or NONE

    events = []
    for row, name, old, new in changes:
        document = documents.get(row.history_document)
        events.append(
            Event(
                day=document.issued_on if document else _recorded_day(row),
                kind=RENAMED if name == "full_name" else CHANGED,
                subject=f"{INSTITUTION_CHANGES[name]}变更",
                before=shown(name, old),
                after=shown(name, new),
                document=document,
                document_number=row.history_document,
                recorded_at=row.history_date,
            )
        )
    return events


def _founding_events(institution: Institution, rows: list) -> list[Event]:
    first_name = rows[0].full_name if rows else institution.full_name
    events = [
        Event(
            day=institution.established_on,
            kind=ESTABLISHED,
            subject=f"设立“{first_name}”",
            document=institution.establishing_document,
        )
    ]
    if not institution.is_active:
        events.append(
            Event(
                day=institution.abolished_on,
                kind=ABOLISHED,
                subject=f"撤销“{institution.full_name}”",
                document=institution.abolition_document,
            )
        )
    return events


def timeline(institution: Institution) -> list[Event]:
    """Every event of the institution's 沿革, oldest first (same day: by when it was recorded)."""
    rows = list(institution.history.order_by("history_date", "history_id"))
    founded = institution.established_on
    recorded = [
        # A document issued before the institution was set up (its founding document, say)
        # takes effect when it is set up.
        dataclasses.replace(event, day=founded)
        if founded and event.day and event.day < founded
        else event
        for event in _leadership_events(institution) + _institution_events(rows)
    ]
    events = _founding_events(institution, rows) + _adjustment_events(institution) + recorded
    return sorted(events, key=Event.sort_key)
