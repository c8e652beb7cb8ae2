"""The figures the office lives by (rule 1): 核定 H, 实有 A, 已核准未使用 R, 空编, 超编, 可用.

Computed from the records with aggregate subqueries, never stored as counters, never summed
across establishment types. The number of queries does not depend on the number of units.
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
from .models import PoolBalance, QuotaLine, RegionTotal, UsagePermit


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


def with_figures(
    lines: QuerySet, *, on: datetime.date | None = None, until: datetime.date | None = None
) -> QuerySet:
    """Annotate quota lines with occupied (A), reserved (R), vacancy, over and available.

    With ``until``, R counts every permit open at any day of the period: what a new permit for
    that period must leave room for.
    """
    on = on or timezone.localdate()
    occupied = _count(occupancy.active_records().filter(quota_line=OuterRef("pk")), "quota_line")
    permitted = Coalesce(
        Subquery(
            UsagePermit.objects.filter(open_permits(on, until), quota_line=OuterRef("pk"))
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
            open_permits(on, until, "permit__"), permit__quota_line=OuterRef("pk")
        ),
        "permit__quota_line",
    )
    return lines.annotate(occupied=occupied, reserved=permitted - consumed).annotate(
        vacancy=Greatest(F("approved") - F("occupied"), Value(0)),
        over=Greatest(F("occupied") - F("approved"), Value(0)),
        available=F("approved") - F("occupied") - F("reserved"),
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
    line: QuotaLine, *, on: datetime.date | None = None, until: datetime.date | None = None
) -> LineFigures:
    annotated = with_figures(QuotaLine.objects.filter(pk=line.pk), on=on, until=until).get()
    return LineFigures(annotated.approved, annotated.occupied, annotated.reserved)


def institution_lines(institution, *, on=None) -> QuerySet:
    return with_figures(institution.quota_lines.all(), on=on).order_by(
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

    @property
    def label(self) -> str:
        return EstablishmentType(self.establishment_type).label

    @property
    def headroom(self) -> int | None:
        """What the region may still approve under its total control."""
        if self.total is None:
            return None
        return self.total - self.approved - self.pool


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
        UsagePermit.objects.filter(open_permits(on), quota_line__in=pks)
        .order_by()
        .values_list("quota_line")
        .annotate(n=Sum("count"))
    )
    consumed = dict(
        occupancy.records()
        .filter(open_permits(on, prefix="permit__"), permit__quota_line__in=pks)
        .order_by()
        .values_list("permit__quota_line")
        .annotate(n=Count("pk"))
    )
    reserved = {pk: count - consumed.get(pk, 0) for pk, count in permitted}
    return occupied, reserved


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
    occupied, reserved = _grouped_figures(lines, on=on or timezone.localdate())
    sums: dict[str, dict[str, int]] = {}
    over_line_ids = []
    for pk, kind, approved in lines.order_by().values_list("pk", "establishment_type", "approved"):
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
            )
        )
    return RegionFigures(totals=result, over_line_ids=over_line_ids)


def over_established(lines: QuerySet, *, on=None) -> QuerySet:
    """超编: quota lines whose active records exceed the approved count.

    The candidates come from one grouped count of the records (HAVING A > H), so the figures
    are computed only for them, not for every line of a city."""
    over_ids = (
        occupancy.active_records()
        .filter(quota_line__in=lines.order_by().values("pk"))
        .order_by()
        .values("quota_line")
        .annotate(n=Count("pk"))
        .filter(n__gt=F("quota_line__approved"))
        .values("quota_line")
    )
    return (
        with_figures(lines.filter(pk__in=over_ids), on=on)
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
