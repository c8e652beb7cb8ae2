"""Problems for rectification (问题台账, the oversight app) recorded from a case's findings: the
handler records each problem the findings establish (source 违规案件, origin the case), and the
case lists them with their rectification status."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from orgs.models import Institution
from oversight.choices import ProblemSource
from oversight.models import Problem
from oversight.selectors import problems_for
from oversight.services import record_problem

from .choices import CaseState, Conclusion
from .models import Case
from .services import _check_handler, _check_state

UNFOUNDED_HAS_NO_PROBLEM = "调查结论为“不属实”的案件没有需要整改的问题。"


@transaction.atomic
def case_problem_record(
    *,
    case: Case,
    institution: Institution,
    finding: str,
    requirement: str,
    deadline: datetime.date,
    actor,
) -> Problem:
    """登记整改问题 (rules 30, 34): a problem the findings of a concluded case establish, in the
    问题台账 with the case as its origin; by the handler or the office admin."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_handler(case, actor)
    _check_state(case, {CaseState.CONCLUDED}, "登记整改问题")
    if case.conclusion == Conclusion.UNFOUNDED:
        raise ValidationError(UNFOUNDED_HAS_NO_PROBLEM, code="unfounded")
    return record_problem(
        institution=institution,
        source=ProblemSource.CASE,
        finding=finding,
        requirement=requirement,
        deadline=deadline,
        user=actor,
        origin=case,
        reason=f"违规案件{case.number}查实的问题",
    )


def case_problems(case: Case):
    return problems_for(case).order_by("deadline", "pk")


def with_problem_counts(cases):
    """``cases`` annotated with ``problem_count``: the problems recorded from each (one
    subquery, whatever the number of cases)."""
    counts = (
        Problem.objects.filter(
            origin_type__app_label=Case._meta.app_label,
            origin_type__model=Case._meta.model_name,
            origin_id=OuterRef("pk"),
        )
        .order_by()
        .values("origin_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases.annotate(problem_count=Coalesce(Subquery(counts), 0))
