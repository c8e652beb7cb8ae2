"""Every write of the indicator engine (rules 36–39); views, the demo and other apps call these."""

from .evaluations import (
    fill_registry_values,
    finish_evaluation,
    record_score,
    start_evaluation,
    submit_self_assessment,
)
from .linkage import propose_for_c_grade, record_evaluation_problem
from .rounds import add_to_round, advance_round, copy_scheme, grade_round, start_round
from .schemes import indicator_save, scheme_save

__all__ = [
    "add_to_round",
    "advance_round",
    "copy_scheme",
    "fill_registry_values",
    "finish_evaluation",
    "grade_round",
    "indicator_save",
    "propose_for_c_grade",
    "record_evaluation_problem",
    "record_score",
    "scheme_save",
    "start_evaluation",
    "start_round",
    "submit_self_assessment",
]
