"""The score sheet of one evaluation: the applicable indicator tree in order, each leaf with its
score, each group with the sums of its leaves (two queries whatever the size of the scheme)."""

from dataclasses import dataclass, field
from decimal import Decimal

from .choices import IndicatorKind, QuantRule
from .models import Evaluation, Indicator, IndicatorScore


@dataclass
class Row:
    indicator: Indicator
    score: IndicatorScore | None
    depth: int
    self_points: Decimal | None = None
    points: Decimal | None = None
    error: str = ""
    posted: dict = field(default_factory=dict)

    @property
    def is_group(self) -> bool:
        return self.indicator.kind == IndicatorKind.GROUP

    @property
    def rule_text(self) -> str:
        return rule_text(self.indicator)


def figure(value) -> str:
    """A figure without trailing zeros: 5, 2.5, 0."""
    return f"{Decimal(str(value)).normalize():f}"


def rule_text(indicator: Indicator) -> str:
    """How the indicator is scored, in words (shown beside it)."""
    if indicator.kind == IndicatorKind.GROUP:
        return ""
    if indicator.kind == IndicatorKind.QUALITATIVE:
        return f"定性：{figure(indicator.min_points)}～{figure(indicator.max_points)} 分"
    unit = indicator.unit
    if indicator.rule == QuantRule.FORMULA:
        return f"定量：得分 = {indicator.formula}"
    sign = "≥" if indicator.higher_is_better else "≤"
    bands = "；".join(
        f"{sign}{figure(bound)}{unit} 得 {figure(points)} 分"
        for bound, points in indicator.thresholds
    )
    return f"定量：{bands}"


def score_sheet(evaluation: Evaluation) -> list[Row]:
    indicators = list(evaluation.indicators().order_by("sort_order", "code"))
    scores = {
        score.indicator_id: score
        for score in IndicatorScore.objects.filter(evaluation=evaluation).select_related(
            "scored_by"
        )
    }
    children: dict = {}
    for indicator in indicators:
        children.setdefault(indicator.parent_id, []).append(indicator)
    rows: list[Row] = []

    def walk(parent_id, depth):
        sums_self, sums = Decimal(0), Decimal(0)
        for indicator in children.get(parent_id, []):
            row = Row(indicator, scores.get(indicator.pk), depth)
            rows.append(row)
            if row.is_group:
                row.self_points, row.points = walk(indicator.pk, depth + 1)
            elif row.score is not None:
                row.self_points, row.points = row.score.self_points, row.score.points
            sums_self += row.self_points or 0
            sums += row.points or 0
        return sums_self, sums

    walk(None, 0)
    return rows


def max_total(rows: list[Row]) -> Decimal:
    return sum((row.indicator.max_points for row in rows if row.depth == 0), Decimal(0))
