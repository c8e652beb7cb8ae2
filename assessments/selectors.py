"""Reads of the engine: rounds in progress, a round's ranking, and the per-indicator comparison
behind 可排可比 and 评估图表化 (rule 38) — a fixed number of queries whatever the round's size."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from bianzhi import access

from .choices import EvaluationStatus, IndicatorKind, RoundStage
from .models import Evaluation, Indicator, IndicatorScore, Round


def rounds_in_progress(user) -> QuerySet[Round]:
    """批次 not yet closed in the user's scope, with their counts of units and of those scored."""
    finished = [EvaluationStatus.FINISHED, EvaluationStatus.PUBLISHED]
    return (
        access.restrict(Round.objects.all(), user)
        .exclude(stage=RoundStage.CLOSED)
        .select_related("scheme")
        .annotate(
            units=Count("evaluations"),
            scored=Count("evaluations", filter=Q(evaluations__status__in=finished)),
            submitted=Count(
                "evaluations", filter=~Q(evaluations__status=EvaluationStatus.SELF_ASSESSING)
            ),
        )
        .order_by("-started_on", "-pk")
    )


def awaiting_self_assessment(user) -> QuerySet[Evaluation]:
    """The unit's evaluations it has still to self-assess (a clerk's or reviewer's scope)."""
    return access.restrict(Evaluation.objects.all(), user).filter(
        status=EvaluationStatus.SELF_ASSESSING
    )


@dataclass
class IndicatorColumn:
    indicator: Indicator
    max_points: Decimal
    average: Decimal | None = None

    @property
    def rate(self) -> float | None:
        """得分率 across the units (average points ÷ points)."""
        if self.average is None or not self.max_points:
            return None
        return float(self.average / self.max_points)


@dataclass
class ComparisonRow:
    evaluation: Evaluation
    points: list = field(default_factory=list)


@dataclass
class Comparison:
    columns: list[IndicatorColumn]
    rows: list[ComparisonRow]

    def weakest(self, count: int = 5) -> list[IndicatorColumn]:
        rated = [c for c in self.columns if c.rate is not None]
        return sorted(rated, key=lambda c: c.rate)[:count]


def _top_ancestors(indicators: list[Indicator]) -> dict[int, int]:
    parents = {i.pk: i.parent_id for i in indicators}
    top = {}
    for pk in parents:
        node = pk
        while parents.get(node) is not None:
            node = parents[node]
        top[pk] = node
    return top


def comparison(evaluations: QuerySet[Evaluation], scheme) -> Comparison:
    """Each unit's points per first-level indicator (指标类别), with the average over the units
    that have it: the data of the per-indicator comparison and of the weak-indicator chart."""
    indicators = list(Indicator.objects.filter(scheme=scheme).order_by("sort_order", "code"))
    top = _top_ancestors(indicators)
    columns = [
        IndicatorColumn(indicator, indicator.max_points)
        for indicator in indicators
        if indicator.parent_id is None
    ]
    index = {column.indicator.pk: i for i, column in enumerate(columns)}
    evaluations = list(evaluations.select_related("institution", "category"))
    sums: dict[tuple[int, int], Decimal] = {}
    scores = IndicatorScore.objects.filter(
        evaluation__in=[e.pk for e in evaluations], points__isnull=False
    ).values_list("evaluation_id", "indicator_id", "points")
    for evaluation_id, indicator_id, points in scores:
        key = (evaluation_id, top[indicator_id])
        sums[key] = sums.get(key, Decimal(0)) + points
    rows = {e.pk: ComparisonRow(e, [None] * len(columns)) for e in evaluations}
    for (evaluation_id, top_id), points in sums.items():
        rows[evaluation_id].points[index[top_id]] = points
    rows = list(rows.values())
    for i, column in enumerate(columns):
        values = [row.points[i] for row in rows if row.points[i] is not None]
        if values:
            column.average = (sum(values) / len(values)).quantize(Decimal("0.01"))
    return Comparison(columns, rows)


def leaf_rates(evaluation: Evaluation) -> list[tuple[Indicator, float]]:
    """The unit's 得分率 on each scored indicator, weakest first (its short boards, 短板)."""
    scores = (
        IndicatorScore.objects.filter(evaluation=evaluation, points__isnull=False)
        .exclude(indicator__kind=IndicatorKind.GROUP)
        .select_related("indicator")
    )
    rates = [
        (score.indicator, float(score.points / score.indicator.max_points))
        for score in scores
        if score.indicator.max_points
    ]
    return sorted(rates, key=lambda item: item[1])


def grade_counts(evaluations: QuerySet[Evaluation]) -> dict[str, int]:
    """How many units of each grade (A/B/C)."""
    counts = evaluations.exclude(grade="").order_by().values("grade").annotate(n=Count("pk"))
    return {row["grade"]: row["n"] for row in counts}


def weakest_indicators(evaluations: QuerySet[Evaluation], count: int = 8) -> list[tuple]:
    """The scored indicators with the lowest average 得分率 across ``evaluations``, weakest
    first, as (indicator, rate): the round's 薄弱环节 (one query)."""
    averages = (
        IndicatorScore.objects.filter(evaluation__in=evaluations, points__isnull=False)
        .exclude(indicator__max_points=0)
        .values("indicator")
        .annotate(average=Avg("points"))
    )
    indicators = Indicator.objects.in_bulk([row["indicator"] for row in averages])
    rates = [
        (
            indicators[row["indicator"]],
            float(row["average"]) / float(indicators[row["indicator"]].max_points),
        )
        for row in averages
    ]
    return sorted(rates, key=lambda item: (item[1], item[0].code))[:count]
