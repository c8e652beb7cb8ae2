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

The number of queries is fixed (five, whatever the number of units, people or months): the
twelve month-ends are conditional aggregates of one grouped query each for H and A.
"""

import calendar
import datetime
from bisect import bisect_left
from collections import defaultdict

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce

from orgs.models import Institution
from people.asof import end_of_day
from people.models import EstablishmentRecord
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import AdjustmentLine, QuotaLine
from staffing.occupancy import record_held_on

MONTHS = range(1, 13)
FIRST_YEAR = 2000


def month_ends(year: int) -> list[datetime.date]:
    """The last day of each month of ``year``."""
    return [datetime.date(year, month, calendar.monthrange(year, month)[1]) for month in MONTHS]


def finance_form(establishment_type: str, funding_form: str) -> str:
    """The funding form finance budgets a line by: its own for 事业编制, 全额拨款 for organs."""
    if establishment_type != EstablishmentType.PUBLIC or not funding_form:
        return FundingForm.FULL
    return funding_form


def _approved(region_ids, institution_ids, ends) -> dict:
    """{(institution, type, funding): [H at each month end]}, one grouped query."""
    lines = AdjustmentLine.objects.filter(adjustment__effective_on__lte=ends[-1])
    if region_ids is not None:
        lines = lines.filter(institution__region__in=region_ids)
    if institution_ids is not None:
        lines = lines.filter(institution__in=institution_ids)
    sums = {
        f"h{month}": Coalesce(
            Sum("delta", filter=Q(adjustment__effective_on__lte=end)),
            Value(0),
            output_field=IntegerField(),
        )
        for month, end in zip(MONTHS, ends, strict=True)
    }
    rows = (
        lines.order_by()
        .values("institution_id", "establishment_type", "funding_form")
        .annotate(**sums)
    )
    return {
        (row["institution_id"], row["establishment_type"], row["funding_form"]): [
            row[f"h{month}"] for month in MONTHS
        ]
        for row in rows
    }


def _held_in_year(records, ends):
    """Records held on some month end of the year: a cheap superset to aggregate over."""
    return records.filter(entry_on__lte=ends[-1]).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=ends[0])
    )


def _occupied(records, ends) -> dict:
    """{quota line: ([A at each month end], [special holders at each month end])} by the line
    the record is on now; one grouped query."""
    counts = {}
    for month, end in zip(MONTHS, ends, strict=True):
        held = record_held_on(end)
        counts[f"a{month}"] = Count("pk", filter=held & Q(permit__special_quota__isnull=True))
        counts[f"s{month}"] = Count("pk", filter=held & Q(permit__special_quota__isnull=False))
    rows = _held_in_year(records, ends).order_by().values("quota_line_id").annotate(**counts)
    return {
        row["quota_line_id"]: (
            [row[f"a{month}"] for month in MONTHS],
            [row[f"s{month}"] for month in MONTHS],
        )
        for row in rows
    }


def _moves(records, ends) -> list[tuple[int, int, int, bool]]:
    """(month index, line now, line then, special) for each month end on which a record held
    then stood on another quota line than it does now (a 信息更正 of its type or funding form),
    read from the records' history: two queries, over the few records that ever moved."""
    history = EstablishmentRecord.history.model.objects
    moved = (
        history.filter(id__in=_held_in_year(records, ends).values("pk"))
        .order_by()
        .values("id")
        .annotate(lines=Count("quota_line_id", distinct=True))
        .filter(lines__gt=1)
        .values("id")
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
    """The 经费核定 rows of ``year`` for the units of ``region_ids`` and/or of
    ``institution_ids`` (None: not narrowed by it), sorted by unit then type and funding form; rows with nothing in
    the whole year left out. Each row: ``institution_id``, ``institution_name``, ``region_id``,
    ``region_name``, ``establishment_type``, ``line_funding_form`` (as registered),
    ``funding_form`` (as finance budgets it), ``approved``, ``occupied`` and ``special``
    (lists of 12 month-end figures), ``person_months`` (Σ A), ``average`` (Σ A ÷ 12, one
    decimal) and ``special_months`` (Σ special holders)."""
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
    for line_id, (regular, holders) in _occupied(records, ends).items():
        key = line_keys[line_id]
        occupied[key] = [a + b for a, b in zip(occupied[key], regular, strict=True)]
        special[key] = [a + b for a, b in zip(special[key], holders, strict=True)]
    for index, line_now, line_then, on_special in _moves(records, ends):
        counted = special if on_special else occupied
        counted[line_keys[line_now]][index] -= 1
        counted.setdefault(line_keys.get(line_then, line_keys[line_now]), list(zero))
        counted[line_keys.get(line_then, line_keys[line_now])][index] += 1
    units = {
        pk: (name, sort_order, region_id, region_name)
        for pk, name, sort_order, region_id, region_name in institutions.values_list(
            "pk", "full_name", "sort_order", "region_id", "region__name"
        )
    }
    rows = []
    for key in set(approved) | set(occupied) | set(special):
        institution_id, kind, funding = key
        h = approved.get(key, zero)
        a = occupied.get(key, zero)
        s = special.get(key, zero)
        if not (any(h) or any(a) or any(s)) or institution_id not in units:
            continue
        name, sort_order, region_id, region_name = units[institution_id]
        rows.append(
            {
                "institution_id": institution_id,
                "institution_name": name,
                "sort_order": sort_order,
                "region_id": region_id,
                "region_name": region_name,
                "establishment_type": kind,
                "line_funding_form": funding,
                "funding_form": finance_form(kind, funding),
                "approved": list(h),
                "occupied": list(a),
                "special": list(s),
                "person_months": sum(a),
                "average": round(sum(a) / 12, 1),
                "special_months": sum(s),
            }
        )
    rows.sort(
        key=lambda row: (
            row["sort_order"],
            row["institution_name"],
            row["institution_id"],
            row["establishment_type"],
            row["line_funding_form"],
        )
    )
    return rows


def totals(rows) -> dict:
    """The 合计 row of ``rows``: each month's figures, person-months and average summed (what
    finance budgets; a vacancy is never read from these sums, rule 1)."""
    total = {
        "approved": [0] * 12,
        "occupied": [0] * 12,
        "special": [0] * 12,
        "person_months": 0,
        "special_months": 0,
    }
    count = 0
    for row in rows:
        count += 1
        for name in ("approved", "occupied", "special"):
            total[name] = [a + b for a, b in zip(total[name], row[name], strict=True)]
        total["person_months"] += row["person_months"]
        total["special_months"] += row["special_months"]
    total["average"] = round(total["person_months"] / 12, 1)
    total["count"] = count
    return total
