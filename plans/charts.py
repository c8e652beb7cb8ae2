"""减多增少 as a chart: per type and year, people who came in against people who left."""

from bianzhi.charts import Series, bar_chart

from .selectors import Balance


def balance_chart(balance: Balance):
    """Grouped bars per year and type (入 / 出), or None when nobody came or went."""
    if not balance.by_type:
        return None
    categories, entries, exits = [], [], []
    for label, values in balance.rows():
        for year, came, left, _net in values:
            categories.append(f"{year}年 {label}")
            entries.append(came)
            exits.append(left)
    return bar_chart(
        chart_id="chart-plan-balance",
        title="进出人数（减多增少）",
        categories=categories,
        series=[Series("进人", entries), Series("减员", exits)],
        value_label=lambda value: f"{value:g}",
        label_width=170,
    )
