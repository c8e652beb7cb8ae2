"""经费核定 (issue 20 item 3, rule 46): for a budget year, per unit × establishment type × funding
form, the approved quota (核定编制, H) and the people in establishment (实有人数, A) on the last day
of each month, for the finance department to budget and pay personnel funds by.

A month's figures are those in force on its last day, with everything registered now (as
``people.asof_effective``): H is the sum of the adjustments effective on or before it (rule 15);
a record counts from its entry date and no longer from its end date. The quota line a record
counts on is the one the registry held it on at the end of that day (``people.asof``): a
信息更正 moving someone to another funding form within the unit counts from the day it was
recorded, and the months before stay on the old line. Holders of a talent special quota are
counted apart (rule 27). 行政编制、政法专项编制和机关工勤编制 carry no funding form in the registry:
finance budgets organs in full, so they are 全额拨款 here, still one row per type (rule 1: never
summed across types).

The number of queries is fixed (six, whatever the number of units, people or months): the
twelve month-ends are conditional aggregates of one grouped query each for H and A.
"""

import calendar
import datetime
from bisect import bisect_left
from collections import defaultdict
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, Sum

from orgs.models import Institution
from people.asof import end_of_day
from people.models import EstablishmentRecord
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import AdjustmentLine, QuotaLine
from staffing.occupancy import record_held_on

MONTHS = range(1, 13)


class FundingRow(NamedTuple):
    """One unit × type × funding form of a year: 12 month-end figures each of 核定, 实有 and
    专项 (rule 46). A tuple, so that a city's cached year (7,800 rows) loads fast; read by name,
    ``row.approved`` or ``row["approved"]`` (as the ledger's columns and the tables do)."""

    institution_id: int
    institution_name: str
    sort_order: int
    region_id: int
    region_name: str
    establishment_type: str
    line_funding_form: str  # as registered ("" for the organ types)
    funding_form: str  # as finance budgets it
    approved: tuple
    occupied: tuple
    special: tuple
    person_months: int
    average: float
    special_months: int

    def __getitem__(self, key):
        if isinstance(key, str):
            return getattr(self, key)
        return tuple.__getitem__(self, key)

    def as_dict(self) -> dict:
        return self._asdict()


FIRST_YEAR = 2000


def month_ends(year: int) -> list[datetime.date]:
    """The last day of each month of ``year``."""
    return [datetime.date(year, month, calendar.monthrange(year, month)[1]) for month in MONTHS]


def finance_form(establishment_type: str, funding_form: str) -> str:
    """The funding form finance budgets a line by: its own for 事业编制, 全额拨款 for organs."""
    if establishment_type != EstablishmentType.PUBLIC or not funding_form:
        return FundingForm.FULL.value
    return funding_form


def _plain_rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset of plain integers and strings, read without
    Django's per-value converters (a quarter of a second over a city's 7,800 lines × 12
    months): the query is the ORM's, only the reading is direct."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _approved(region_ids, institution_ids, ends) -> dict:
    """{(institution, type, funding): [H at each month end]}, one grouped query."""
    lines = AdjustmentLine.objects.filter(adjustment__effective_on__lte=ends[-1])
    if region_ids is not None:
        lines = lines.filter(institution__region__in=region_ids)
    if institution_ids is not None:
        lines = lines.filter(institution__in=institution_ids)
    # No Coalesce: a month before the line's first adjustment sums to None, read as 0 below.
    sums = {
        f"h{month}": Sum("delta", filter=Q(adjustment__effective_on__lte=end))
        for month, end in zip(MONTHS, ends, strict=True)
    }
    rows = _plain_rows(
        lines.order_by()
        .values("institution_id", "establishment_type", "funding_form")
        .annotate(**sums)
        .values_list("institution_id", "establishment_type", "funding_form", *sums)
    )
    return {tuple(row[:3]): [value or 0 for value in row[3:]] for row in rows}


def _held_in_year(records, ends):
    """Records held on some month end of the year: a cheap superset to aggregate over."""
    return records.filter(entry_on__lte=ends[-1]).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=ends[0])
    )


def _counts(records, ends) -> dict:
    """{quota line: [records held at each month end]} by the line the record is on now; one
    grouped query."""
    counts = {
        f"a{month}": Count("pk", filter=record_held_on(end))
        for month, end in zip(MONTHS, ends, strict=True)
    }
    rows = _plain_rows(
        _held_in_year(records, ends)
        .order_by()
        .values("quota_line_id")
        .annotate(**counts)
        .values_list("quota_line_id", *counts)
    )
    return {row[0]: list(row[1:]) for row in rows}


def _moves(records, ends) -> list[tuple[int, int, int, bool]]:
    """(month index, line now, line then, special) for each month end on which a record held
    then stood on another quota line than it does now (a 信息更正 of its type or funding form),
    read from the records' history: two queries, over the few records that ever moved."""
    history = EstablishmentRecord.history.model.objects
    # A semi-join rather than grouping every history row: a record moved if some row of its
    # history names another line than it does now.
    elsewhere = history.filter(id=OuterRef("pk")).exclude(quota_line_id=OuterRef("quota_line_id"))
    # Only a record saved again since it was written ('~' rows: an exit or a correction, a few
    # thousand in a city) can have moved; probing those halves the query.
    changed = history.filter(history_type="~").values("id")
    moved = (
        _held_in_year(records, ends).filter(pk__in=changed).filter(Exists(elsewhere)).values("pk")
    )
    steps = defaultdict(list)  # record id → [(recorded at, line)], oldest first
    for record_id, line_id, recorded in (
        history.filter(id__in=moved)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "quota_line_id", "history_date")
    ):
        steps[record_id].append((recorded, line_id))
    if not steps:
        return []
    found = []
    current = records.filter(pk__in=list(steps)).values_list(
        "pk", "quota_line_id", "entry_on", "ended_on", "permit__special_quota"
    )
    for pk, line_now, entry_on, ended_on, special_quota in current:
        times = [recorded for recorded, _ in steps[pk]]
        for index, end in enumerate(ends):
            if entry_on > end or (ended_on is not None and ended_on <= end):
                continue
            # The line of the latest row recorded by the end of the day; a record registered
            # later (a back-dated entry) counts on the line it was first registered on.
            position = max(bisect_left(times, end_of_day(end)) - 1, 0)
            line_then = steps[pk][position][1]
            if line_then != line_now:
                found.append((index, line_now, line_then, special_quota is not None))
    return found


def year_rows(*, year: int, region_ids=None, institution_ids=None) -> list[dict]:
    """The 经费核定 rows (``FundingRow``) of ``year`` for the units of ``region_ids`` and/or
    of ``institution_ids`` (None: not narrowed by it), sorted by unit, type and funding form;
    rows with nothing in the whole year are left out."""
    ends = month_ends(year)
    institutions = Institution.objects.all()
    records = EstablishmentRecord.objects.all()
    if region_ids is not None:
        region_ids = list(region_ids)
        institutions = institutions.filter(region__in=region_ids)
        records = records.filter(quota_line__institution__region__in=region_ids)
    if institution_ids is not None:
        institution_ids = list(institution_ids)
        institutions = institutions.filter(pk__in=institution_ids)
        records = records.filter(quota_line__institution__in=institution_ids)
    line_keys = {
        pk: (institution, kind, funding)
        for pk, institution, kind, funding in QuotaLine.objects.filter(
            institution__in=institutions.values("pk")
        ).values_list("pk", "institution_id", "establishment_type", "funding_form")
    }
    zero = [0] * 12
    approved = _approved(region_ids, institution_ids, ends)
    occupied = defaultdict(lambda: list(zero))
    special = defaultdict(lambda: list(zero))
    # Holders of a talent special quota (rule 27) are few: counted apart in a query of their own,
    # which keeps the join to the permits out of the query over everyone.
    regular = records.filter(permit__special_quota__isnull=True)
    holders = records.filter(permit__special_quota__isnull=False)
    for counted, queryset in ((occupied, regular), (special, holders)):
        for line_id, figures in _counts(queryset, ends).items():
            key = line_keys[line_id]
            counted[key] = [a + b for a, b in zip(counted[key], figures, strict=True)]
    for index, line_now, line_then, on_special in _moves(records, ends):
        counted = special if on_special else occupied
        counted[line_keys[line_now]][index] -= 1
        counted.setdefault(line_keys.get(line_then, line_keys[line_now]), list(zero))
        counted[line_keys.get(line_then, line_keys[line_now])][index] += 1
    units = {
        pk: (name, sort_order, region_id, region_name)
        for pk, name, sort_order, region_id, region_name in _plain_rows(
            institutions.values_list("pk", "full_name", "sort_order", "region_id", "region__name")
        )
    }
    rows = []
    interned = {}  # one string object per value: the pickled cache stores each once
    for key in set(approved) | set(occupied) | set(special):
        institution_id, kind, funding = key
        h = approved.get(key, zero)
        a = occupied.get(key, zero)
        s = special.get(key, zero)
        if not (any(h) or any(a) or any(s)) or institution_id not in units:
            continue
        name, sort_order, region_id, region_name = units[institution_id]
        rows.append(
            FundingRow(
                institution_id=institution_id,
                institution_name=name,
                sort_order=sort_order,
                region_id=region_id,
                region_name=interned.setdefault(region_name, region_name),
                establishment_type=interned.setdefault(kind, kind),
                line_funding_form=interned.setdefault(funding, funding),
                funding_form=finance_form(kind, funding),
                approved=tuple(h),
                occupied=tuple(a),
                special=tuple(s),
                person_months=sum(a),
                average=round(sum(a) / 12, 1),
                special_months=sum(s),
            )
        )
    rows.sort(
        key=lambda row: (
            row.sort_order,
            row.institution_name,
            row.institution_id,
            row.establishment_type,
            row.line_funding_form,
        )
    )
    return rows


def totals(rows) -> dict:
    """The 合计 row of ``rows``: each month's figures, person-months and average summed (what
    finance budgets; a vacancy is never read from these sums, rule 1)."""
    if hasattr(rows, "totals"):  # packed rows (funding.packed) sum themselves
        return rows.totals()
    approved, occupied, special = [0] * 12, [0] * 12, [0] * 12
    person_months = special_months = count = 0
    for row in rows:
        count += 1
        person_months += row.person_months
        special_months += row.special_months
        for index in range(12):
            approved[index] += row.approved[index]
            occupied[index] += row.occupied[index]
            special[index] += row.special[index]
    return {
        "approved": approved,
        "occupied": occupied,
        "special": special,
        "person_months": person_months,
        "special_months": special_months,
        "average": round(person_months / 12, 1),
        "count": count,
    }
