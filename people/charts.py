"""The overview's charts (区域概况): the figures behind them and the SVG drawn from them
(bianzhi.charts), each with the rows of its data table.

- 编制使用率 by establishment type (实有 ÷ 核定, from the overview's totals: no query) and by
  系统 and type (two grouped queries);
- 实有 against 核定 at the end of each of the last four years and today, by effective date
  (rule 15: H from the adjustments effective by the day, A from the records counting on it):
  two grouped queries for all five days;
- retirements per year for this year and the next four, by type (rule 10, counted by
  ``retirement_forecast``, which also feeds the 退休预测 page and ledger): one grouped query.

Figures stay per establishment type (rule 1): nothing is summed across types.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from bianzhi import access
from bianzhi.charts import Series, bar_chart, line_chart, percent
from orgs.choices import Status, System
from orgs.models import Institution
from staffing.choices import EstablishmentType
from staffing.models import AdjustmentLine
from staffing.occupancy import record_held_on

from . import retirement_forecast
from .choices import RecordStatus
from .models import EstablishmentRecord

YEARS = 5
TYPE_LABELS = dict(EstablishmentType.choices)
SYSTEM_LABELS = dict(System.choices)


def rate(occupied: int, approved: int) -> float | None:
    """使用率 in percent; None without a quota (a rate of people over nothing means nothing)."""
    return round(occupied * 100 / approved, 1) if approved else None


@dataclass(frozen=True)
class Chart:
    """An SVG and its data table: ``columns`` (headers) and ``rows`` (first cell the row's
    label)."""

    svg: str
    caption: str
    columns: list[str]
    rows: list[list]
    # How many leading cells of a row name it (read as text, not figures).
    labels: int = 1


def _institutions(user):
    return access.restrict(Institution.objects.all(), user).order_by().values("pk")


# --- 编制使用率 ---------------------------------------------------------------------------------


def usage_by_type(totals) -> Chart:
    """From the overview's ``TypeTotals``: the types with a quota or people."""
    rows = [
        [t.label, t.approved, t.occupied, rate(t.occupied, t.approved)]
        for t in totals
        if t.approved or t.occupied
    ]
    svg = bar_chart(
        chart_id="chart-usage-type",
        title="编制使用率（按编制类型）",
        categories=[row[0] for row in rows],
        series=[Series("使用率", [row[3] for row in rows])],
        value_label=percent,
        max_value=max([100, *(row[3] or 0 for row in rows)]),
    )
    return Chart(svg, "编制使用率（按编制类型）", ["编制类型", "核定", "实有", "使用率（%）"], rows)


def usage_by_system(user, today: datetime.date) -> Chart:
    """Per 系统 and type, over the active units: H in force today and the people in post."""
    units = _institutions(user)
    approved = {
        (system, kind): n
        for system, kind, n in AdjustmentLine.objects.filter(
            institution__in=units,
            institution__status=Status.ACTIVE,
            adjustment__effective_on__lte=today,
        )
        .order_by()
        .values_list("institution__system", "establishment_type")
        .annotate(n=Sum("delta"))
    }
    occupied = {
        (system, kind): n
        for system, kind, n in EstablishmentRecord.objects.filter(
            status=RecordStatus.ACTIVE,
            quota_line__institution__in=units,
            quota_line__institution__status=Status.ACTIVE,
        )
        .order_by()
        .values_list("quota_line__institution__system", "quota_line__establishment_type")
        .annotate(n=Count("pk"))
    }
    keys = set(approved) | set(occupied)
    systems = [s for s in System if any(key[0] == s for key in keys)]
    kinds = [k for k in EstablishmentType if any(key[1] == k for key in keys)]
    rows = [
        [
            SYSTEM_LABELS[system],
            TYPE_LABELS[kind],
            approved.get((system, kind), 0),
            occupied.get((system, kind), 0),
            rate(occupied.get((system, kind), 0), approved.get((system, kind), 0)),
        ]
        for system in systems
        for kind in kinds
        if (system, kind) in keys
    ]
    series = [
        Series(
            TYPE_LABELS[kind],
            [rate(occupied.get((s, kind), 0), approved.get((s, kind), 0)) for s in systems],
        )
        for kind in kinds
    ]
    rates = [row[4] or 0 for row in rows]
    svg = bar_chart(
        chart_id="chart-usage-system",
        title="编制使用率（按系统和编制类型）",
        categories=[SYSTEM_LABELS[s] for s in systems],
        series=series,
        value_label=percent,
        max_value=max([100, *rates]),
        label_width=90,
    )
    return Chart(
        svg,
        "编制使用率（按系统和编制类型）",
        ["系统", "编制类型", "核定", "实有", "使用率（%）"],
        rows,
        labels=2,
    )


# --- 实有 against 核定 over five years ------------------------------------------------------------


def trend_days(today: datetime.date) -> list[datetime.date]:
    """The end of each of the last four years, and today."""
    return [datetime.date(today.year - back, 12, 31) for back in range(YEARS - 1, 0, -1)] + [today]


def trend(user, today: datetime.date) -> dict:
    """{type: [(day, H, A) …]} for the ``trend_days``, by effective date, types with any figure.

    Every unit of the scope counts, abolished ones too: they held quota and people before."""
    days = trend_days(today)
    units = _institutions(user)
    approved = {
        row["establishment_type"]: row
        for row in AdjustmentLine.objects.filter(institution__in=units)
        .order_by()
        .values("establishment_type")
        .annotate(
            **{
                f"d{i}": Sum("delta", filter=Q(adjustment__effective_on__lte=day))
                for i, day in enumerate(days)
            }
        )
    }
    occupied = {
        row["quota_line__establishment_type"]: row
        for row in EstablishmentRecord.objects.filter(quota_line__institution__in=units)
        .order_by()
        .values("quota_line__establishment_type")
        .annotate(
            **{f"d{i}": Count("pk", filter=record_held_on(day)) for i, day in enumerate(days)}
        )
    }
    result = {}
    for kind in EstablishmentType:
        points = [
            (
                day,
                (approved.get(kind) or {}).get(f"d{i}") or 0,
                (occupied.get(kind) or {}).get(f"d{i}") or 0,
            )
            for i, day in enumerate(days)
        ]
        if any(h or a for _, h, a in points):
            result[kind] = points
    return result


def day_label(day: datetime.date, today: datetime.date) -> str:
    return "今天" if day == today else f"{day.year}年末"


def trend_charts(figures: dict, today: datetime.date) -> tuple[list[dict], Chart | None]:
    """One small chart per type (核定 dashed, 实有 solid), and one table for them all."""
    if not figures:
        return [], None
    charts = []
    for kind, points in figures.items():
        label = TYPE_LABELS[kind]
        charts.append(
            {
                "label": label,
                "svg": line_chart(
                    chart_id=f"chart-trend-{kind}",
                    title=f"{label}：近五年实有与核定",
                    x_labels=[day_label(day, today) for day, _, _ in points],
                    series=[
                        Series("核定", [h for _, h, _ in points], dashed=True, color="#6c757d"),
                        Series("实有", [a for _, _, a in points], color="#0072B2"),
                    ],
                    width=420,
                    height=200,
                ),
            }
        )
    days = [day for day, _, _ in next(iter(figures.values()))]
    columns = ["日期"] + [
        f"{TYPE_LABELS[kind]}{measure}" for kind in figures for measure in ("核定", "实有")
    ]
    rows = [
        [day_label(day, today)] + [value for points in figures.values() for value in points[i][1:]]
        for i, day in enumerate(days)
    ]
    return charts, Chart("", "近五年实有与核定（按生效日期）", columns, rows)


# --- retirements in the next five years ---------------------------------------------------------


def retirements(user, today: datetime.date) -> dict:
    """{type: [count per year of ``retirement_forecast.forecast_years``]} of the people in post
    now, types in the order of ``EstablishmentType``."""
    records = access.restrict(EstablishmentRecord.objects.all(), user).filter(
        status=RecordStatus.ACTIVE
    )
    counts = retirement_forecast.by_type(records, today)
    return {kind: counts[kind] for kind in EstablishmentType if kind in counts}


def retirement_chart(figures: dict, today: datetime.date) -> Chart | None:
    if not figures:
        return None
    years = retirement_forecast.year_labels(today)
    kinds = list(figures)
    svg = bar_chart(
        chart_id="chart-retirements",
        title="今后五年到达退休时间的人数（按编制类型）",
        categories=years,
        series=[Series(TYPE_LABELS[kind], figures[kind]) for kind in kinds],
        value_label=lambda value: f"{value:g}",
        label_width=130,
    )
    rows = [[year] + [figures[kind][i] for kind in kinds] for i, year in enumerate(years)]
    return Chart(
        svg,
        "今后五年到达退休时间的人数（按编制类型）",
        ["年度"] + [TYPE_LABELS[kind] for kind in kinds],
        rows,
    )


def figures_for(user, today: datetime.date) -> dict:
    """The charts' figures (what the cache keeps): plain rows, drawn on each read."""
    return {
        "usage_by_system": usage_by_system(user, today),
        "trend": trend(user, today),
        "retirements": retirements(user, today),
    }
