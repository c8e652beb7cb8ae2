"""Reads of the 问题台账: the problems of an origin, overdue counts (rule 31), and the 自查
problems whose breach the registry no longer shows (rule 33)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from .choices import AWAITING_UNIT, NOT_CLOSED, ProblemSource, ProblemStatus
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


@dataclass
class Tally:
    """Counts of one row of the 统计: by status, and how many are overdue (rule 31)."""

    label: str
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    institution_id: int | None = None

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def cells(self) -> list[int]:
        return [self.by_status.get(status, 0) for status in ProblemStatus.values]


@dataclass
class Summary:
    by_source: list[Tally]
    by_unit: list[Tally]
    total: Tally


def summary(problems: QuerySet[Problem], today: datetime.date) -> Summary:
    """The 问题台账's counts by source, by status and by unit (the problem's unit), in three
    grouped queries whatever the number of problems."""
    is_overdue = Q(status__in=AWAITING_UNIT, deadline__lt=today)
    total = Tally("合计")
    sources = {value: Tally(label) for value, label in ProblemSource.choices}
    for row in problems.values("source", "status").annotate(
        n=Count("pk"), late=Count("pk", filter=is_overdue)
    ):
        for tally in (sources[row["source"]], total):
            tally.by_status[row["status"]] = tally.by_status.get(row["status"], 0) + row["n"]
            tally.overdue += row["late"]
    units: dict[int, Tally] = {}
    for row in (
        problems.values("institution_id", "institution__full_name", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=is_overdue))
        .order_by("institution__sort_order", "institution__full_name")
    ):
        tally = units.setdefault(
            row["institution_id"],
            Tally(row["institution__full_name"], institution_id=row["institution_id"]),
        )
        tally.by_status[row["status"]] = row["n"]
        tally.overdue += row["late"]
    return Summary(
        by_source=[tally for tally in sources.values() if tally.total],
        by_unit=list(units.values()),
        total=total,
    )


def figures(problems: QuerySet[Problem], today: datetime.date) -> dict[str, int]:
    """The counts the home pages and the overview show, in one query."""
    return problems.aggregate(
        open=Count("pk", filter=Q(status__in=NOT_CLOSED)),
        awaiting=Count("pk", filter=Q(status__in=AWAITING_UNIT)),
        reported=Count("pk", filter=Q(status=ProblemStatus.REPORTED)),
        overdue=Count("pk", filter=Q(status__in=AWAITING_UNIT, deadline__lt=today)),
        closed=Count("pk", filter=Q(status=ProblemStatus.CLOSED)),
    )
