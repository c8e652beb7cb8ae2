"""The figures of a year's plan (rule 24), from grouped queries whatever the number of units:
the region's headroom per type, each line's vacancies, expected attrition and last year's use,
the plan's progress and the region's entries against exits (减多增少).

Headroom (计划空间) of a region and type on a day: the units' usable vacancies — the sum over the
region's active units' quota lines of that type of max(H − A − R, 0) — plus the pool (周转池),
plus what the total control leaves unapproved (T − ΣH − pool, when a total is set and it is
positive). Every term is a place the region may lawfully fill that year: a unit's own vacancy
now, or quota the office can allocate to it first (rule 4 keeps T).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from orgs.choices import Status
from people.choices import EndReason
from people.models import EstablishmentRecord
from people.retirement_forecast import forecast_years, retiring_between
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine, UsagePermit
from staffing.selectors import in_force_by_key, open_permits, region_totals

from .models import AnnualPlan, PlanLine

TYPE_LABELS = dict(EstablishmentType.choices)
# 减多增少: how many years of entries and exits the plan page compares.
BALANCE_YEARS = 5


def region_lines(region):
    return QuotaLine.objects.filter(institution__region=region, institution__status=Status.ACTIVE)


def line_counts(lines, *, on: datetime.date) -> dict[int, tuple[str, int, int, int]]:
    """{line pk: (type, H, A, R)} for ``lines`` on ``on``, from four grouped queries."""
    pks = lines.order_by().values("pk")
    occupied = dict(
        EstablishmentRecord.objects.filter(quota_line__in=pks, status="active")
        .order_by()
        .values_list("quota_line")
        .annotate(n=Count("pk"))
    )
    permitted = dict(
        UsagePermit.objects.filter(open_permits(on), quota_line__in=pks)
        .order_by()
        .values_list("quota_line")
        .annotate(n=Sum("count"))
    )
    consumed = dict(
        EstablishmentRecord.objects.filter(
            open_permits(on, prefix="permit__"), permit__quota_line__in=pks
        )
        .order_by()
        .values_list("permit__quota_line")
        .annotate(n=Count("pk"))
    )
    in_force = in_force_by_key(lines, on=on)
    return {
        pk: (
            kind,
            in_force.get((unit, kind, funding), 0),
            occupied.get(pk, 0),
            permitted.get(pk, 0) - consumed.get(pk, 0),
        )
        for pk, unit, kind, funding in lines.order_by().values_list(
            "pk", "institution_id", "establishment_type", "funding_form"
        )
    }


@dataclass
class TypeHeadroom:
    """One establishment type of a plan: what is asked and approved against what there is."""

    establishment_type: str
    available: int = 0  # Σ max(H − A − R, 0) over the units' lines
    pool: int = 0
    unallocated: int = 0  # T − ΣH − pool, at least 0; 0 without a total control
    total: int | None = None
    proposed: int = 0
    pending: int = 0  # approved, not issued yet
    issued: int = 0  # approved and issued (already in R or A)
    used: int = 0

    @property
    def label(self) -> str:
        return TYPE_LABELS[self.establishment_type]

    @property
    def headroom(self) -> int:
        return self.available + self.pool + self.unallocated

    @property
    def left(self) -> int:
        return self.headroom - self.pending

    @property
    def approved(self) -> int:
        return self.pending + self.issued


def headroom(plan: AnnualPlan, *, on: datetime.date | None = None) -> dict[str, TypeHeadroom]:
    """{type: TypeHeadroom} of the plan's region, in the order of ``EstablishmentType``."""
    on = on or timezone.localdate()
    rows = {kind: TypeHeadroom(kind) for kind in EstablishmentType}
    for kind, approved, occupied, reserved in line_counts(
        region_lines(plan.region), on=on
    ).values():
        rows[kind].available += max(approved - occupied - reserved, 0)
    for totals in region_totals(region_lines(plan.region), region_ids=[plan.region_id], on=on):
        row = rows[totals.establishment_type]
        row.pool = totals.pool
        row.total = totals.total
        if totals.headroom is not None:
            row.unallocated = max(totals.headroom, 0)
    lines = plan.lines.all()
    for kind, proposed, pending, issued in _line_sums(lines):
        row = rows[kind]
        row.proposed, row.pending, row.issued = proposed, pending, issued
    for kind, used in used_by(lines, "quota_line__establishment_type").items():
        rows[kind].used = used
    return rows


def _line_sums(lines):
    return (
        lines.order_by()
        .values_list("quota_line__establishment_type")
        .annotate(
            proposed=Sum("proposed"),
            pending=Coalesce(
                Sum("approved", filter=Q(permit__isnull=True)),
                Value(0),
                output_field=IntegerField(),
            ),
            issued=Coalesce(
                Sum("approved", filter=Q(permit__isnull=False)),
                Value(0),
                output_field=IntegerField(),
            ),
        )
    )


def used_by(lines, *group_by: str) -> dict:
    """{group: people entered on the permits of ``lines``}, grouped by the lines' ``group_by``
    (a tuple key when several). Apart from the lines' sums: joined to them, the records would
    repeat each line once per person entered on it."""
    rows = (
        EstablishmentRecord.objects.filter(permit__plan_line__in=lines.values("pk"))
        .order_by()
        .values_list(*(f"permit__plan_line__{name}" for name in group_by))
        .annotate(n=Count("pk"))
    )
    return {(tuple(row[:-1]) if len(group_by) > 1 else row[0]): row[-1] for row in rows}


def used_by_line(lines) -> dict[int, int]:
    """{plan line pk: people entered on its permit} (已使用, rule 24)."""
    return dict(
        lines.filter(permit__isnull=False)
        .order_by()
        .values_list("pk")
        .annotate(n=Count("permit__records"))
    )


@dataclass(frozen=True)
class Progress:
    year: int
    planned: int
    used: int

    @property
    def percent(self) -> int:
        return round(100 * self.used / self.planned) if self.planned else 0

    @property
    def bar(self) -> int:
        return min(self.percent, 100)


def progress(lines, year: int) -> Progress:
    """The year's plan as issued (计划数) and how much of it is used (已使用)."""
    issued = lines.filter(plan__year=year, permit__isnull=False)
    planned = issued.aggregate(n=Sum("approved"))["n"] or 0
    used = EstablishmentRecord.objects.filter(permit__plan_line__in=issued.values("pk")).count()
    return Progress(year, planned, used)


# --- attrition (预计减员) -------------------------------------------------------------------------


def year_span(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days of ``year`` the retirement forecast counts: from this month on for this year
    (as ``retirement_forecast.forecast_years``), the whole year otherwise."""
    for forecast in forecast_years(today):
        if forecast.year == year:
            return forecast.start, forecast.end
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def attrition(records, year: int, today: datetime.date) -> dict[tuple[int, str], tuple[int, int]]:
    """{(unit id, type): (retiring in ``year``, retiring in the year after)} of ``records`` (the
    people in post), from the retirement rule with its gradual rise (rule 10)."""
    this, following = year_span(year, today), year_span(year + 1, today)
    rows = (
        records.filter(status="active")
        .order_by()
        .values_list("quota_line__institution_id", "quota_line__establishment_type")
        .annotate(
            this=Count("pk", filter=retiring_between(*this)),
            following=Count("pk", filter=retiring_between(*following)),
        )
    )
    return {(unit, kind): (a, b) for unit, kind, a, b in rows if a or b}


def attrition_by_type(records, year: int, today: datetime.date) -> dict[str, tuple[int, int]]:
    result: dict[str, tuple[int, int]] = {}
    for (_unit, kind), (a, b) in attrition(records, year, today).items():
        before = result.get(kind, (0, 0))
        result[kind] = (before[0] + a, before[1] + b)
    return result


# --- the plan's lines as the office's page shows them ------------------------------------------


@dataclass
class LineRow:
    line: PlanLine
    approved_now: int = 0  # H
    vacancy: int = 0  # 空编
    available: int = 0  # H − A − R
    retiring: tuple[int, int] = (0, 0)
    last_year: tuple[int, int] | None = None  # (approved, used) on the same quota line
    used: int = 0


def line_rows(plan: AnnualPlan, lines, *, today: datetime.date) -> list[LineRow]:
    """Every line of ``lines`` (the plan's, scoped) beside its unit's vacancies, attrition this
    year and next by type, and last year's plan use on the same quota line."""
    lines = list(lines.select_related("quota_line__institution", "permit", "request_item"))
    quota_lines = QuotaLine.objects.filter(pk__in={line.quota_line_id for line in lines})
    counts = line_counts(quota_lines, on=today)
    units = {line.quota_line.institution_id for line in lines}
    retiring = attrition(
        EstablishmentRecord.objects.filter(quota_line__institution__in=units), plan.year, today
    )
    last = PlanLine.objects.filter(
        plan__region=plan.region_id, plan__year=plan.year - 1, quota_line__in=quota_lines
    )
    last_approved = dict(
        last.filter(permit__isnull=False)
        .order_by()
        .values_list("quota_line")
        .annotate(n=Sum("approved"))
    )
    last_used = dict(last.order_by().values_list("quota_line").annotate(n=Count("permit__records")))
    used = used_by_line(PlanLine.objects.filter(pk__in=[line.pk for line in lines]))
    rows = []
    for line in lines:
        _kind, approved, occupied, reserved = counts.get(line.quota_line_id, ("", 0, 0, 0))
        key = line.quota_line_id
        rows.append(
            LineRow(
                line=line,
                approved_now=approved,
                vacancy=max(approved - occupied, 0),
                available=approved - occupied - reserved,
                retiring=retiring.get(
                    (line.quota_line.institution_id, line.quota_line.establishment_type), (0, 0)
                ),
                last_year=(last_approved.get(key, 0), last_used.get(key, 0))
                if key in last_approved or key in last_used
                else None,
                used=used.get(line.pk, 0),
            )
        )
    return rows


# --- 减多增少: entries and exits per year -------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    years: list[int]
    # {type: [(entries, exits) per year]}
    by_type: dict[str, list[tuple[int, int]]]

    def rows(self):
        """(type label, [(year, entries, exits, entries − exits)])."""
        for kind, values in self.by_type.items():
            yield (
                TYPE_LABELS[kind],
                [
                    (year, came, left, came - left)
                    for year, (came, left) in zip(self.years, values, strict=True)
                ],
            )


def entries_and_exits(records, *, last_year: int, years: int = BALANCE_YEARS) -> Balance:
    """Per type and year: people who came in from outside the region (入) and who left it (出).
    A transfer inside the region (调动) ends one record and opens another on the same day: it is
    neither."""
    first = last_year - years + 1
    moved_in = records.model.objects.filter(
        person=OuterRef("person"),
        end_reason=EndReason.INTERNAL_TRANSFER,
        ended_on=OuterRef("entry_on"),
    )
    entries = (
        records.filter(entry_on__year__gte=first, entry_on__year__lte=last_year)
        .exclude(Exists(moved_in))
        .order_by()
        .values_list("quota_line__establishment_type", ExtractYear("entry_on"))
        .annotate(n=Count("pk"))
    )
    exits = (
        records.filter(ended_on__year__gte=first, ended_on__year__lte=last_year)
        .exclude(end_reason=EndReason.INTERNAL_TRANSFER)
        .order_by()
        .values_list("quota_line__establishment_type", ExtractYear("ended_on"))
        .annotate(n=Count("pk"))
    )
    span = list(range(first, last_year + 1))
    counts: dict[str, dict[int, list[int]]] = {}
    for index, rows in enumerate((entries, exits)):
        for kind, year, n in rows:
            counts.setdefault(kind, {y: [0, 0] for y in span})[year][index] = n
    by_type = {
        kind: [tuple(counts[kind][y]) for y in span] for kind in EstablishmentType if kind in counts
    }
    return Balance(span, by_type)


def plan_for_year(region, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(region=region, year=year).first()


# --- the plan ledger: per unit and type ---------------------------------------------------------


def ledger_rows(lines, year: int, today: datetime.date) -> list[dict]:
    """Per unit and type of ``lines`` (plan lines of ``year``, scoped): 申报数, 计划数 (approved),
    已使用, 预计减员 this year and next, and 空编 now. Five grouped queries whatever the number
    of units."""
    lines = lines.filter(plan__year=year)
    key = ("quota_line__institution_id", "quota_line__establishment_type")
    sums = list(
        lines.order_by()
        .values_list(*key, "quota_line__institution__full_name")
        .annotate(
            proposed=Sum("proposed"),
            planned=Coalesce(Sum("approved"), Value(0), output_field=IntegerField()),
        )
        .order_by("quota_line__institution__sort_order", "quota_line__institution__full_name")
    )
    used = used_by(lines, *key)
    units = {row[0] for row in sums}
    unit_lines = QuotaLine.objects.filter(institution__in=units)
    vacancy: dict[tuple[int, str], int] = {}
    institution_of = dict(unit_lines.values_list("pk", "institution_id"))
    for pk, (kind, approved, occupied, _reserved) in line_counts(unit_lines, on=today).items():
        unit_key = (institution_of[pk], kind)
        vacancy[unit_key] = vacancy.get(unit_key, 0) + max(approved - occupied, 0)
    retiring = attrition(
        EstablishmentRecord.objects.filter(quota_line__institution__in=units), year, today
    )
    rows = []
    for unit, kind, name, proposed, planned in sums:
        this, following = retiring.get((unit, kind), (0, 0))
        rows.append(
            {
                "institution_id": unit,
                "institution": name,
                "establishment_type": kind,
                "type_label": TYPE_LABELS[kind],
                "proposed": proposed,
                "planned": planned,
                "used": used.get((unit, kind), 0),
                "remaining": planned - used.get((unit, kind), 0),
                "retiring_this": this,
                "retiring_next": following,
                "vacancy": vacancy.get((unit, kind), 0),
            }
        )
    return rows
