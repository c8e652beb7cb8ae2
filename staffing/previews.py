"""Before → after figures shown on the confirmation step of adjustments and usage permits,
computed from the proposed change without writing anything (the views' ``preview``)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from . import services
from .choices import EstablishmentType, PermitPurpose, PoolPurpose
from .models import PoolBalance, QuotaLine, RegionTotal
from .pool_lines import pool_purpose_of
from .selectors import LineFigures, line_figures, with_figures


@dataclass(frozen=True)
class LinePreview:
    """One line of a proposed adjustment: the figures of its target before and after it.

    For the pool only ``approved`` (the balance) is meaningful.
    """

    change: services.LineChange
    before: LineFigures
    after: LineFigures

    @property
    def is_pool(self) -> bool:
        return self.change.institution is None

    @property
    def pool_label(self) -> str:
        return PoolPurpose(pool_purpose_of(self.change)).label

    @property
    def type_label(self) -> str:
        return QuotaLine(
            establishment_type=self.change.establishment_type,
            funding_form=self.change.funding_form,
        ).type_label


@dataclass(frozen=True)
class HeadroomPreview:
    """A region's total control of one type against what it has handed out (units + pool)."""

    establishment_type: str
    total: int | None
    handed_out: int
    delta: int

    @property
    def label(self) -> str:
        return EstablishmentType(self.establishment_type).label

    @property
    def handed_out_after(self) -> int:
        return self.handed_out + self.delta

    @property
    def before(self) -> int | None:
        return None if self.total is None else self.total - self.handed_out

    @property
    def after(self) -> int | None:
        return None if self.total is None else self.total - self.handed_out_after


@dataclass(frozen=True)
class AdjustmentPreview:
    lines: list[LinePreview]
    headroom: list[HeadroomPreview]


def adjustment_preview(
    *, region, changes: list[services.LineChange], on: datetime.date | None = None
) -> AdjustmentPreview:
    """What ``services.adjustment_apply`` would leave, computed without writing anything:
    the figures on the day it takes effect (``on``; today for a past date, rule 15).

    Several lines on one target are applied in order, as the service does.
    """
    today = timezone.localdate()
    on = max(on or today, today)
    institution_ids = {c.institution.pk for c in changes if c.institution is not None}
    current = {
        (line.institution_id, line.establishment_type, line.funding_form): LineFigures(
            line.in_force, line.occupied, line.reserved
        )
        for line in with_figures(
            QuotaLine.objects.filter(institution_id__in=institution_ids), on=on
        )
    }
    for pool in PoolBalance.objects.filter(region=region):
        current[(None, pool.establishment_type, pool.purpose)] = LineFigures(pool.balance, 0, 0)
    lines = []
    for change in changes:
        institution_id = change.institution.pk if change.institution is not None else None
        key = (institution_id, change.establishment_type, change.funding_form)
        if institution_id is None:
            key = (None, change.establishment_type, pool_purpose_of(change))
        before = current.get(key, LineFigures(0, 0, 0))
        after = LineFigures(before.approved + change.delta, before.occupied, before.reserved)
        current[key] = after
        lines.append(LinePreview(change, before, after))
    totals = dict(
        RegionTotal.objects.filter(region=region).values_list("establishment_type", "total")
    )
    headroom = [
        HeadroomPreview(
            establishment_type=kind,
            total=totals.get(kind),
            handed_out=services.region_approved(region, kind, on),
            delta=sum(c.delta for c in changes if c.establishment_type == kind),
        )
        for kind in EstablishmentType
        if any(c.establishment_type == kind for c in changes)
    ]
    return AdjustmentPreview(lines, headroom)


@dataclass(frozen=True)
class PermitPreview:
    quota_line: QuotaLine
    count: int
    purpose: str
    before: LineFigures
    after: LineFigures

    @property
    def purpose_label(self) -> str:
        return PermitPurpose(self.purpose).label

    @property
    def rows(self) -> list[tuple[str, LineFigures]]:
        return [("核准前", self.before), ("核准后", self.after)]


def permit_preview(
    *, quota_line: QuotaLine, count: int, purpose: str, on, until=None
) -> PermitPreview:
    """What ``services.permit_issue`` would leave on the line: ``count`` more slots reserved
    (H the lowest in force while the permit is valid, as the service checks)."""
    before = line_figures(quota_line, on=on, until=until)
    after = LineFigures(before.approved, before.occupied, before.reserved + count)
    return PermitPreview(quota_line, count, purpose, before, after)
