"""Reads of the 问题台账: the problems of an origin, overdue counts (rule 31), and the 自查
problems whose breach the registry no longer shows (rule 33)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .choices import AWAITING_UNIT, NOT_CLOSED, ProblemSource
from .models import Problem


def problems_for(origin) -> QuerySet[Problem]:
    """The problems recorded from ``origin`` (a case, an evaluation, a follow-up…)."""
    return Problem.objects.filter(
        origin_type=ContentType.objects.get_for_model(origin), origin_id=origin.pk
    ).select_related("institution", "responsible_institution")


def overdue(problems: QuerySet[Problem], today: datetime.date) -> QuerySet[Problem]:
    """Rule 31: past the deadline while the unit has still to report."""
    return problems.filter(status__in=AWAITING_UNIT, deadline__lt=today)


def open_problems(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    return problems.filter(status__in=NOT_CLOSED)


def breach_keys(breaches) -> set[tuple[str, int | None, str]]:
    return {(breach.code, breach.institution_id, breach.subject) for breach in breaches}


def problem_key(problem: Problem) -> tuple[str, int | None, str]:
    return (problem.check_code, problem.institution_id, problem.check_subject)


def breach_still_found(problem: Problem, user, today: datetime.date) -> bool:
    """Does the 自查 still find the breach ``problem`` was made from? Runs that one check only."""
    from checks import registry

    check = registry.get(problem.check_code)
    if check is None:
        return False
    return problem_key(problem) in breach_keys(check.find(user, today))


def cleared_by_data(problems: QuerySet[Problem], user) -> set[int]:
    """Rule 33: the ids of the open 自查 problems among ``problems`` whose breach the current
    自查 report (cached, one computation for the page) no longer holds. Empty for a user who
    may not open 自查."""
    from bianzhi import access
    from checks.figures import REPORT

    if not access.SELF_CHECK.allows(user):
        return set()
    candidates = list(
        problems.filter(source=ProblemSource.SELF_CHECK, status__in=AWAITING_UNIT).values_list(
            "pk", "check_code", "institution_id", "check_subject"
        )
    )
    if not candidates:
        return set()
    found = breach_keys(REPORT.for_user(user)["breaches"])
    return {pk for pk, *key in candidates if tuple(key) not in found}
