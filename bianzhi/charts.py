"""Charts as SVG markup built on the server: no script, no chart library, nothing from a CDN
(offices run on intranets), and nothing the CSP refuses (presentation attributes, no inline
style). Each chart is an ``<svg role="img">`` named by its ``<title>``; the page puts the data
table beside it as its text equivalent, so the picture is never the only way to the figures.

Two shapes cover the overview: horizontal grouped bars (long Chinese category names read best
on the left) and lines over a few dates.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
AXIS = "#6c757d"
GRID = "#dee2e6"
TEXT = "#212529"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    """One named row of values, ``None`` where there is none (e.g. a rate without a quota)."""

    name: str
    values: Sequence[float | None]
    dashed: bool = False
    color: str = ""


def _colored(series: Sequence[Series]) -> list[Series]:
    return [
        s if s.color else Series(s.name, s.values, s.dashed, PALETTE[i % len(PALETTE)])
        for i, s in enumerate(series)
    ]


def _nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(chart_id: str, title: str, width: int, height: int, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bz-chart" role="img" '
        'aria-labelledby="{0}-title" viewBox="0 0 {1} {2}" width="{1}" height="{2}" '
        '{3}><title id="{0}-title">{4}</title>{5}</svg>',
        chart_id,
        width,
        height,
        mark_safe(FONT),
        title,
        mark_safe(body),
    )


def _legend(series: list[Series], x: int, y: int) -> tuple[str, int]:
    """A legend row at (x, y); returns its markup and height (none for a single series)."""
    if len(series) < 2:
        return "", 0
    parts, offset = [], x
    for s in series:
        dash = ' stroke-dasharray="6 3"' if s.dashed else ""
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="6"{}/>'
                '<text x="{}" y="{}" fill="{}">{}</text>',
                offset,
                y + 6,
                offset + 18,
                y + 6,
                s.color,
                mark_safe(dash),
                offset + 24,
                y + 10,
                TEXT,
                s.name,
            )
        )
        offset += 34 + 13 * len(s.name)
    return "".join(parts), 22


def bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str] = str,
    max_value: float | None = None,
    width: int = 640,
    label_width: int = 150,
) -> SafeString:
    """Horizontal bars: one group per category, one bar per series that has a value there (a
    missing value takes no room), its value at its end."""
    series = _colored(series)
    bar, gap = 14, 10
    legend, legend_height = _legend(series, label_width, 4)
    top = legend_height + 8
    shown = [[s for s in series if s.values[row] is not None] for row in range(len(categories))]
    height = top + sum(bar * max(len(bars), 1) + gap for bars in shown) + 20
    values = [v for s in series for v in s.values if v is not None]
    scale_max = max_value or _nice_max(max(values, default=0))
    plot = width - label_width - 60
    parts = [legend]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_width + plot * tick
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}"/>'
                '<text x="{0}" y="{4}" fill="{5}" text-anchor="middle">{6}</text>',
                round(x, 1),
                top - 4,
                height - 18,
                GRID,
                height - 4,
                AXIS,
                value_label(scale_max * tick),
            )
        )
    y = top
    for row, category in enumerate(categories):
        group = bar * max(len(shown[row]), 1) + gap
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}" text-anchor="end">{}</text>',
                label_width - 8,
                y + group / 2,
                TEXT,
                category,
            )
        )
        for index, s in enumerate(shown[row]):
            value = s.values[row]
            length = plot * min(value / scale_max, 1) if scale_max else 0
            bar_y = y + index * bar
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    label_width,
                    bar_y,
                    round(length, 1),
                    bar - 2,
                    s.color,
                    round(label_width + length + 4, 1),
                    bar_y + bar - 4,
                    TEXT,
                    value_label(value),
                )
            )
        y += group
    return _svg(chart_id, title, width, height, "".join(parts))


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Lines over the ``x_labels`` (evenly spaced), each point marked and labelled."""
    series = _colored(series)
    left, right, bottom = 50, 20, 24
    legend, legend_height = _legend(series, left, 4)
    top = legend_height + 14
    values = [v for s in series for v in s.values if v is not None]
    scale_max = _nice_max(max(values, default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(x_labels) - 1, 1)

    def point(index, value):
        return round(left + index * step, 1), round(top + plot_h * (1 - value / scale_max), 1)

    parts = [legend]
    for tick in (0, 0.5, 1):
        y = round(top + plot_h * (1 - tick), 1)
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}"/>'
                '<text x="{4}" y="{5}" fill="{6}" text-anchor="end">{7}</text>',
                left,
                y,
                width - right,
                GRID,
                left - 6,
                y + 4,
                AXIS,
                f"{scale_max * tick:g}",
            )
        )
    parts.append(
        format_html_join(
            "",
            '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
            (
                (round(left + index * step, 1), height - 6, AXIS, label)
                for index, label in enumerate(x_labels)
            ),
        )
    )
    for s in series:
        points = [point(i, v) for i, v in enumerate(s.values) if v is not None]
        dash = ' stroke-dasharray="6 3"' if s.dashed else ""
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                " ".join(f"{x},{y}" for x, y in points),
                s.color,
                mark_safe(dash),
            )
        )
        parts.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                ((x, y, s.color) for x, y in points),
            )
        )
    return _svg(chart_id, title, width, height, "".join(parts))


def percent(value: float) -> str:
    return f"{value:.0f}%"
