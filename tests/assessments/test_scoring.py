"""Rule 36 and 38 as pure functions: thresholds, formula, grades and the A quota."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from assessments.choices import Grade, QuantRule
from assessments.scoring import (
    formula_points,
    grades_with_quota,
    quantitative_points,
    threshold_points,
)


def test_higher_is_better_thresholds_give_the_highest_band_reached():
    bands = [[95, 10], [85, 8], [60, 5]]
    assert threshold_points(bands, D(96), higher_is_better=True) == 10
    assert threshold_points(bands, D(85), higher_is_better=True) == 8
    assert threshold_points(bands, D(59), higher_is_better=True) == 0


def test_lower_is_better_thresholds_give_the_lowest_band_reached():
    # 超编人数: none → full points, up to 2 → half, more → nothing.
    bands = [[0, 10], [2, 5]]
    assert threshold_points(bands, D(0), higher_is_better=False) == 10
    assert threshold_points(bands, D(2), higher_is_better=False) == 5
    assert threshold_points(bands, D(3), higher_is_better=False) == 0


def test_a_formula_computes_points_from_the_value_and_full_marks():
    assert formula_points("full - 2 * value", D(3), D(10)) == 4
    assert formula_points("min(full, value / 10)", D(250), D(20)) == 20


def test_a_formula_may_only_do_arithmetic():
    with pytest.raises(ValueError):
        formula_points("__import__('os').system('true')", D(1), D(10))


def test_quantitative_points_stay_within_zero_and_full_marks():
    indicator = SimpleNamespace(
        rule=QuantRule.FORMULA, formula="full - 5 * value", max_points=D(10)
    )
    assert quantitative_points(indicator, D(3)) == 0
    indicator.formula = "full + value"
    assert quantitative_points(indicator, D(3)) == 10


def test_grades_follow_the_lines():
    result = grades_with_quota(
        [("a", D(92)), ("b", D(75)), ("c", D("59.5"))],
        a_min=D(90),
        b_min=D(60),
        a_quota_percent=None,
    )
    assert result == {"a": (Grade.A, 1), "b": (Grade.B, 2), "c": (Grade.C, 3)}


def test_the_a_quota_grades_only_the_best_a_and_the_rest_above_the_line_b():
    totals = [("a", D(98)), ("b", D(95)), ("c", D(93)), ("d", D(70)), ("e", D(65))]
    result = grades_with_quota(totals, a_min=D(90), b_min=D(60), a_quota_percent=40)
    assert [result[k][0] for k in "abcde"] == [Grade.A, Grade.A, Grade.B, Grade.B, Grade.B]


def test_a_tie_that_would_break_the_a_quota_is_graded_b():
    totals = [("a", D(98)), ("b", D(95)), ("c", D(95)), ("d", D(70)), ("e", D(65))]
    result = grades_with_quota(totals, a_min=D(90), b_min=D(60), a_quota_percent=40)
    assert result["a"] == (Grade.A, 1)
    assert result["b"] == result["c"] == (Grade.B, 2)
