"""评估图表化 (rule 38): a round's ranking and its weak indicators as SVG bar charts
(bianzhi.charts), each beside the table that holds its figures."""

from bianzhi.charts import Series, bar_chart, percent

from .selectors import Comparison


def ranking_chart(compared: Comparison):
    rows = [row for row in compared.rows if row.evaluation.total is not None]
    if not rows:
        return None
    rows.sort(key=lambda row: -row.evaluation.total)
    return bar_chart(
        chart_id="ranking-chart",
        title="单位得分排名",
        categories=[row.evaluation.institution.full_name for row in rows],
        series=[Series("评估得分", [float(row.evaluation.total) for row in rows])],
        value_label=lambda value: f"{value:g}",
        max_value=100,
        label_width=200,
    )


def weak_indicator_chart(weakest):
    """The indicators where the round's units lose most points (lowest average 得分率),
    weakest first: ``selectors.weakest_indicators``."""
    if not weakest:
        return None
    return bar_chart(
        chart_id="weak-indicators-chart",
        title="薄弱指标：平均得分率最低的指标",
        categories=[f"{indicator.code} {indicator.name}" for indicator, _ in weakest],
        series=[Series("平均得分率", [rate * 100 for _, rate in weakest], color="#D55E00")],
        value_label=percent,
        max_value=100,
        label_width=260,
        width=700,
    )


def unit_weak_chart(rates):
    """One unit's five weakest indicators (短板)."""
    weakest = rates[:5]
    if not weakest:
        return None
    return bar_chart(
        chart_id="unit-weak-chart",
        title="本单位得分率最低的指标",
        categories=[indicator.name for indicator, _ in weakest],
        series=[Series("得分率", [rate * 100 for _, rate in weakest], color="#D55E00")],
        value_label=percent,
        max_value=100,
        label_width=200,
    )
