"""四挂钩 (rule 39): the results of an evaluation act on the registry's follow-up work. A unit
graded C gets a problem in the 问题台账 proposing an establishment review (核减编制、撤并机构或
调整职责); problems found in an evaluation (整改问题) are recorded from it; both point back to
the evaluation as their origin."""

import datetime

from django.db import transaction
from django.utils import timezone

from oversight.choices import ProblemSource
from oversight.selectors import problems_for
from oversight.services import record_problem

from ..choices import Grade
from ..models import Evaluation

C_GRADE_FINDING = "%(scheme)s得分 %(total)s 分，等次为 C（%(round)s）。"
C_GRADE_REQUIREMENT = (
    "对照扣分指标逐项整改，报送整改情况；编办据此研究机构编制调整意见（核减编制、撤并机构或调整职责），"
    "报编委审议。"
)
# Days a unit graded C has to report its rectification.
C_GRADE_DAYS = 90
ASSESSMENT_RULES = (39,)


def propose_for_c_grade(evaluation: Evaluation, user, today: datetime.date | None = None):
    """The C grade's proposal, once per evaluation (a republished round adds none)."""
    if evaluation.grade != Grade.C or problems_for(evaluation).exists():
        return None
    today = today or timezone.localdate()
    return record_problem(
        institution=evaluation.institution,
        source=ProblemSource.ASSESSMENT,
        finding=C_GRADE_FINDING
        % {
            "scheme": evaluation.scheme.get_use_display(),
            "total": evaluation.total,
            "round": evaluation.round.name if evaluation.round else evaluation.scheme.name,
        },
        requirement=C_GRADE_REQUIREMENT,
        deadline=today + datetime.timedelta(days=C_GRADE_DAYS),
        user=user,
        rule_numbers=ASSESSMENT_RULES,
        origin=evaluation,
        reason="考核等次为 C，提出机构编制调整研究意见（四挂钩）",
    )


@transaction.atomic
def record_evaluation_problem(
    *, evaluation: Evaluation, finding: str, requirement: str, deadline: datetime.date, user
):
    """整改问题: a problem the office found in the evaluation, to be rectified by the unit."""
    return record_problem(
        institution=evaluation.institution,
        source=ProblemSource.ASSESSMENT,
        finding=finding,
        requirement=requirement,
        deadline=deadline,
        user=user,
        rule_numbers=ASSESSMENT_RULES,
        origin=evaluation,
        reason="评估发现问题，反馈整改",
    )
