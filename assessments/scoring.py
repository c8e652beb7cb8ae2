"""Turning a value into points (rule 36), totals, and grades with the A quota (rule 38): pure
functions of the indicator and the figures, tested without the database."""

import ast
import operator
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .choices import Grade, QuantRule

CENT = Decimal("0.01")
FORMULA_INVALID = "公式只能使用 value、full、数字、+ - * / 和 min、max、abs。"


def quantize(points: Decimal) -> Decimal:
    return points.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(points: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return quantize(min(max(points, low), high))


def parse_thresholds(thresholds) -> list[tuple[Decimal, Decimal]]:
    """``[[bound, points], …]`` as Decimals; ValueError if malformed."""
    if not isinstance(thresholds, list):
        raise ValueError(thresholds)
    parsed = []
    for row in thresholds:
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise ValueError(row)
        try:
            parsed.append((Decimal(str(row[0])), Decimal(str(row[1]))))
        except InvalidOperation as error:
            raise ValueError(row) from error
    return parsed


def threshold_points(thresholds, value: Decimal, *, higher_is_better: bool) -> Decimal:
    """分档: higher is better — the points of the highest bound not above the value; lower is
    better (e.g. 超编人数) — the points of the lowest bound not below it. No band: 0."""
    bands = parse_thresholds(thresholds)
    if higher_is_better:
        reached = [band for band in bands if value >= band[0]]
        return max(reached)[1] if reached else Decimal(0)
    reached = [band for band in bands if value <= band[0]]
    return min(reached)[1] if reached else Decimal(0)


_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS = {"min": min, "max": max, "abs": abs}


def formula_points(formula: str, value: Decimal, full: Decimal) -> Decimal:
    """公式: evaluate ``formula`` over ``value`` and ``full`` (the indicator's points) with
    arithmetic only; ValueError on anything else."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as error:
        raise ValueError(FORMULA_INVALID) from error
    names = {"value": Decimal(value), "full": Decimal(full)}

    def evaluate(node):
        if isinstance(node, ast.Expression):
            return evaluate(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = evaluate(node.left), evaluate(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                return Decimal(0)
            return _OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -evaluate(node.operand)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS
            and not node.keywords
        ):
            return _FUNCTIONS[node.func.id](*(evaluate(arg) for arg in node.args))
        raise ValueError(FORMULA_INVALID)

    return evaluate(tree)


def quantitative_points(indicator, value: Decimal) -> Decimal:
    """A 定量 indicator's points for ``value``, within 0 and its points."""
    if indicator.rule == QuantRule.FORMULA:
        points = formula_points(indicator.formula, value, indicator.max_points)
    else:
        points = threshold_points(
            indicator.thresholds, value, higher_is_better=indicator.higher_is_better
        )
    return clamp(points, Decimal(0), indicator.max_points)


def grade_for(total: Decimal, *, a_min: Decimal, b_min: Decimal) -> str:
    if total >= a_min:
        return Grade.A
    if total >= b_min:
        return Grade.B
    return Grade.C


def a_quota(count: int, percent: int | None) -> int | None:
    """How many of ``count`` units may be graded A; None: no limit."""
    if percent is None:
        return None
    return count * percent // 100


def ranked(totals: Iterable[tuple[object, Decimal]]) -> list[tuple[object, Decimal, int]]:
    """Standard competition ranks (1, 2, 2, 4) by total, highest first; the order of ties is
    the order given."""
    ordered = sorted(totals, key=lambda item: -item[1])
    result = []
    for position, (key, total) in enumerate(ordered, start=1):
        rank = result[-1][2] if result and result[-1][1] == total else position
        result.append((key, total, rank))
    return result


def grades_with_quota(
    totals: Sequence[tuple[object, Decimal]],
    *,
    a_min: Decimal,
    b_min: Decimal,
    a_quota_percent: int | None,
) -> dict[object, tuple[str, int]]:
    """等次 and rank of each unit among ``totals`` (one round and category, 同类同考): by the
    lines, and with a quota, A only for the best ``a_quota`` — those beyond it (including ties
    that would break it) get B."""
    quota = a_quota(len(totals), a_quota_percent)
    result = {}
    rows = ranked(totals)
    for key, total, rank in rows:
        grade = grade_for(total, a_min=a_min, b_min=b_min)
        if grade == Grade.A and quota is not None:
            # Everyone tied at this rank counts: a tie that would exceed the quota gets B.
            tied_through = sum(1 for _, _, other in rows if other <= rank)
            if tied_through > quota:
                grade = Grade.B
        result[key] = (grade, rank)
    return result
