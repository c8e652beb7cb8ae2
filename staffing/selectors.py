"""The figures the office lives by (rule 1): 核定 H, 实有 A, 已核准未使用 R, 空编, 超编, 可用.

Computed from the records with aggregate subqueries, never stored as counters, never summed
across establishment types. The number of queries does not depend on the number of units.

H is the quota in force on the day in question (rule 15): the sum of the adjustment lines of the
quota line effective on or before that day, annotated as ``in_force``. ``QuotaLine.approved`` is
only a copy of today's figure for plain reads (kept by ``services.quotas_bring_into_force``); no
figure here reads it, so a scheduled adjustment counts from its day even before that copy moves.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from orgs.choices import Status

from . import occupancy
from .choices import EstablishmentType, PermitStatus
from .models import (
    AdjustmentLine,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    SlotReturn,
    SpecialQuota,
    UsagePermit,
)


def _count(queryset: QuerySet, group_by: str) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def open_permits(on: datetime.date, until: datetime.date | None = None, prefix: str = "") -> Q:
    """Open permits valid at some day from ``on`` to ``until`` (just ``on`` by default)."""
    return Q(
        **{
            f"{prefix}status": PermitStatus.OPEN,
            f"{prefix}issued_on__lte": until or on,
            f"{prefix}expires_on__gte": on,
        }
    )


def _line_key(line) -> dict:
    return {
        "institution_id": line.institution_id,
        "establishment_type": line.establishment_type,
        "funding_form": line.funding_form,
    }


def in_force_subquery(on: datetime.date, prefix: str = "") -> Coalesce:
    """H of the quota line at ``OuterRef(prefix…)`` in force on ``on`` (rule 15)."""
    return Coalesce(
        Subquery(
            AdjustmentLine.objects.filter(
                institution=OuterRef(f"{prefix}institution"),
                establishment_type=OuterRef(f"{prefix}establishment_type"),
                funding_form=OuterRef(f"{prefix}funding_form"),
                adjustment__effective_on__lte=on,
            )
            .order_by()
            .values("institution")
            .annotate(n=Sum("delta"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def line_schedule(line) -> list[tuple[datetime.date, int]]:
    """Every (effective day, delta) of one quota line (saved or not), oldest first."""
    return sorted(
        AdjustmentLine.objects.filter(**_line_key(line))
        .order_by()
        .values_list("adjustment__effective_on", "delta")
    )


def approved_on(schedule, on: datetime.date) -> int:
    """H in force on ``on`` from a ``line_schedule``."""
    return sum(delta for day, delta in schedule if day <= on)


def approved_lowest(schedule, on: datetime.date, until: datetime.date | None = None) -> int:
    """The lowest H in force on any day from ``on`` to ``until`` (every later day without it)."""
    approved = lowest = approved_on(schedule, on)
    for day, delta in schedule:
        if day > on and (until is None or day <= until):
            approved += delta
            lowest = min(lowest, approved)
    return lowest


def scheduled_days(line, after: datetime.date) -> list[datetime.date]:
    """The days after ``after`` on which an adjustment of the line takes effect (待生效)."""
    return sorted({day for day, _ in line_schedule(line) if day > after})


def scheduled_lines(institution) -> QuerySet:
    """The institution's adjustment lines not yet in force (待生效), soonest first."""
    return (
        AdjustmentLine.objects.filter(
            institution=institution, adjustment__effective_on__gt=timezone.localdate()
        )
        .select_related("adjustment")
        .order_by("adjustment__effective_on", "adjustment_id", "pk")
    )


def with_figures(
    lines: QuerySet, *, on: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet:
    """Annotate quota lines with in_force (H on ``on``), occupied (A), reserved (R), vacancy,
    over and available.

    With ``until``, R counts every permit open at any day of the period: what a new permit for
    that period must leave room for.
    """
    on = on or timezone.localdate()
    occupied = _count(occupancy.active_records().filter(quota_line=OuterRef("pk")), "quota_line")
    permitted = Coalesce(
        Subquery(
            UsagePermit.objects.filter(
                open_permits(on, until), quota_line=OuterRef("pk"), special_quota__isnull=True
            )
            .order_by()
            .values("quota_line")
            .annotate(n=Sum("count"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    consumed = _count(
        occupancy.records().filter(
            open_permits(on, until, "permit__"),
            permit__quota_line=OuterRef("pk"),
            permit__special_quota__isnull=True,
        ),
        "permit__quota_line",
    )
    return lines.annotate(
        in_force=in_force_subquery(on), occupied=occupied, reserved=permitted - consumed
    ).annotate(
        vacancy=Greatest(F("in_force") - F("occupied"), Value(0)),
        over=Greatest(F("occupied") - F("in_force"), Value(0)),
        available=F("in_force") - F("occupied") - F("reserved"),
    )


@dataclass(frozen=True)
class LineFigures:
    approved: int
    occupied: int
    reserved: int

    @property
    def vacancy(self) -> int:
        return max(self.approved - self.occupied, 0)

    @property
    def over(self) -> int:
        return max(self.occupied - self.approved, 0)

    @property
    def available(self) -> int:
        return self.approved - self.occupied - self.reserved


def line_figures(
    line: QuotaLine,
    *,
    on: datetime.date | None = None,
    until: datetime.date | None = None,
    approved_from: datetime.date | None = None,
) -> LineFigures:
    """The line's figures on ``on`` (today by default). With ``until``, H is the lowest in
    force on any day from ``approved_from`` (default ``on``) to ``until``, at least up to
    ``approved_from``: a permit must stay usable through a scheduled cut (rule 15)."""
    on = on or timezone.localdate()
    annotated = with_figures(QuotaLine.objects.filter(pk=line.pk), on=on, until=until).get()
    approved = annotated.in_force
    start = approved_from or on
    if start != on or (until is not None and until > on):
        approved = approved_lowest(line_schedule(line), start, max(until or start, start))
    return LineFigures(approved, annotated.occupied, annotated.reserved)


def placement_figures(line: QuotaLine, *, on: datetime.date) -> LineFigures:
    """The figures for placing a person on the line from ``on`` (today or earlier): R on that
    day, H the lowest in force on any day from then to today (rule 15) — counted from the
    line's first adjustment, as the registry holds no quota before it."""
    today = timezone.localdate()
    annotated = with_figures(QuotaLine.objects.filter(pk=line.pk), on=on).get()
    schedule = line_schedule(line)
    start = max(on, schedule[0][0]) if schedule else on
    approved = approved_lowest(schedule, start, max(today, start))
    return LineFigures(approved, annotated.occupied, annotated.reserved)


def institution_lines(institution, *, on=None) -> QuerySet:
    return with_figures(institution.quota_lines.select_related("institution"), on=on).order_by(
        "establishment_type", "funding_form"
    )


@dataclass(frozen=True)
class TypeTotals:
    establishment_type: str
    approved: int
    occupied: int
    reserved: int
    vacancy: int
    over: int
    pool: int
    total: int | None
    special: int = 0  # talent special quotas in force (专项编制 核定, rule 27)
    special_occupied: int = 0  # their holders (专项编制 实有)

    @property
    def label(self) -> str:
        return EstablishmentType(self.establishment_type).label

    @property
    def headroom(self) -> int | None:
        """What the region may still approve under its total control."""
        if self.total is None:
            return None
        return self.total - self.approved - self.pool - self.special


def _grouped_figures(lines: QuerySet, *, on: datetime.date) -> tuple[dict, dict]:
    """({line pk: A}, {line pk: R}) for ``lines``, from three grouped queries."""
    pks = lines.order_by().values("pk")
    occupied = dict(
        occupancy.active_records()
        .filter(quota_line__in=pks)
        .order_by()
        .values_list("quota_line")
        .annotate(n=Count("pk"))
    )
    permitted = (
        UsagePermit.objects.filter(open_permits(on), quota_line__in=pks, special_quota__isnull=True)
        .order_by()
        .values_list("quota_line")
        .annotate(n=Sum("count"))
    )
    consumed = dict(
        occupancy.records()
        .filter(
            open_permits(on, prefix="permit__"),
            permit__quota_line__in=pks,
            permit__special_quota__isnull=True,
        )
        .order_by()
        .values_list("permit__quota_line")
        .annotate(n=Count("pk"))
    )
    reserved = {pk: count - consumed.get(pk, 0) for pk, count in permitted}
    return occupied, reserved


def in_force_by_key(lines: QuerySet, *, on: datetime.date) -> dict:
    """{(institution id, type, funding): H in force on ``on``} for ``lines``, one grouped query."""
    return {
        (pk, kind, funding): n
        for pk, kind, funding, n in AdjustmentLine.objects.filter(
            institution__in=lines.order_by().values("institution_id"),
            adjustment__effective_on__lte=on,
        )
        .order_by()
        .values_list("institution_id", "establishment_type", "funding_form")
        .annotate(n=Sum("delta"))
    }


@dataclass(frozen=True)
class RegionFigures:
    totals: list[TypeTotals]
    over_line_ids: list[int]  # the lines of active units with more people than approved (超编)


def region_totals(lines: QuerySet, *, region_ids, on=None) -> list[TypeTotals]:
    """Per establishment type: sums over the units' lines, against pool and total control."""
    return region_figures(lines, region_ids=region_ids, on=on).totals


def region_figures(lines: QuerySet, *, region_ids, on=None) -> RegionFigures:
    """The region's totals per type and its over-established lines, from one set of grouped
    counts: ``over_established(lines.filter(pk__in=figures.over_line_ids))`` then reads only
    those lines instead of counting a city's records a second time."""
    # Grouped counts over the records and permits, added up per type here: the correlated
    # occupancy subquery of ``with_figures`` is evaluated once per line and per derived column
    # (PostgreSQL does not share them), which made a city's 7,800 lines take a second.
    lines = lines.filter(institution__status=Status.ACTIVE)
    on = on or timezone.localdate()
    occupied, reserved = _grouped_figures(lines, on=on)
    in_force = in_force_by_key(lines, on=on)
    sums: dict[str, dict[str, int]] = {}
    over_line_ids = []
    for pk, *key in lines.order_by().values_list(
        "pk", "institution_id", "establishment_type", "funding_form"
    ):
        kind = key[1]
        approved = in_force.get(tuple(key), 0)
        row = sums.setdefault(kind, {"h": 0, "a": 0, "r": 0, "v": 0, "o": 0})
        a = occupied.get(pk, 0)
        if a > approved:
            over_line_ids.append(pk)
        row["h"] += approved
        row["a"] += a
        row["r"] += reserved.get(pk, 0)
        row["v"] += max(approved - a, 0)
        row["o"] += max(a - approved, 0)
    pools = dict(
        PoolBalance.objects.filter(region_id__in=region_ids)
        .values_list("establishment_type")
        .annotate(n=Sum("balance"))
        .order_by()
    )
    totals = dict(
        RegionTotal.objects.filter(region_id__in=region_ids)
        .values_list("establishment_type")
        .annotate(n=Sum("total"))
        .order_by()
    )
    specials = special_totals(lines, on=on)
    result = []
    for kind in EstablishmentType:
        row = sums.get(kind, {})
        result.append(
            TypeTotals(
                establishment_type=kind,
                approved=row.get("h") or 0,
                occupied=row.get("a") or 0,
                reserved=row.get("r") or 0,
                vacancy=row.get("v") or 0,
                over=row.get("o") or 0,
                pool=pools.get(kind, 0),
                total=totals.get(kind),
                special=specials.get(kind, (0, 0))[0],
                special_occupied=specials.get(kind, (0, 0))[1],
            )
        )
    return RegionFigures(totals=result, over_line_ids=over_line_ids)


def over_established(lines: QuerySet, *, on=None) -> QuerySet:
    """超编: quota lines whose active records exceed the quota in force on ``on``.

    Only lines with people are candidates; callers over a whole city narrow ``lines`` first to
    the ``over_line_ids`` of ``region_figures`` (grouped counts), as staffing.figures does."""
    occupied_ids = occupancy.active_records().order_by().values("quota_line")
    return (
        with_figures(lines.filter(pk__in=occupied_ids), on=on)
        .filter(over__gt=0)
        .select_related("institution")
        .order_by("-over", "institution__sort_order")
    )


def leadership_with_figures(quotas: QuerySet) -> QuerySet:
    """Annotate leadership quotas with holders counting against them (实配) and shortfall (缺配)."""
    filled = _count(occupancy.counting_appointments().filter(quota=OuterRef("pk")), "quota")
    return quotas.annotate(filled=filled).annotate(
        shortfall=Greatest(F("approved") - F("filled"), Value(0)),
        excess=Greatest(F("filled") - F("approved"), Value(0)),
    )


def over_leadership_quota(quotas: QuerySet) -> QuerySet:
    """超职数配备: leadership quotas with more counting holders than approved (candidates from
    one grouped count of the current appointments, as in ``over_established``)."""
    over_ids = (
        occupancy.counting_appointments()
        .filter(quota__in=quotas.order_by().values("pk"))
        .order_by()
        .values("quota")
        .annotate(n=Count("pk"))
        .filter(n__gt=F("quota__approved"))
        .values("quota")
    )
    return (
        leadership_with_figures(quotas.filter(pk__in=over_ids))
        .filter(excess__gt=0)
        .select_related("institution", "department")
    )


def special_totals(lines: QuerySet, *, on: datetime.date) -> dict[str, tuple[int, int]]:
    """{type: (专项编制 核定, 实有)} of the talent special quotas on ``lines`` (rule 27), from
    three grouped queries."""
    specials = SpecialQuota.objects.filter(
        quota_line__in=lines.order_by().values("pk"), approved_on__lte=on
    )
    by_type = "quota_line__establishment_type"
    granted = dict(
        specials.order_by().values_list(by_type).annotate(n=Sum("count")).values_list(by_type, "n")
    )
    returned = dict(
        SlotReturn.objects.filter(special_quota__in=specials.values("pk"), returned_on__lte=on)
        .order_by()
        .values_list(f"special_quota__{by_type}")
        .annotate(n=Sum("count"))
    )
    held = dict(
        occupancy.special_records()
        .filter(permit__special_quota__in=specials.values("pk"))
        .order_by()
        .values_list(f"permit__special_quota__{by_type}")
        .annotate(n=Count("pk"))
    )
    return {
        kind: (granted.get(kind, 0) - returned.get(kind, 0), held.get(kind, 0))
        for kind in set(granted) | set(held)
    }
