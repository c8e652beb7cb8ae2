"""The 问题台账's part of the home page (bianzhi.home): for the office, the overdue problems
(rule 31), the reports awaiting verification and the 自查 problems cleared by data (rule 33);
for a unit's clerk (and a supervising reviewer), its open and overdue problems."""

from django.urls import reverse
from django.utils import timezone

from bianzhi import access
from bianzhi.access import Role
from bianzhi.home import Counter, Panel, Section, register

from . import selectors
from .choices import AWAITING_UNIT, ProblemStatus
from .models import Problem

LISTED = 5


def _list_url(query: str) -> str:
    return reverse("oversight:problem_list") + f"?{query}"


@register
class OfficeProblems(Section):
    roles = access.OFFICE_ROLES
    order = 42

    def counters(self, user, today):
        problems = access.restrict(Problem.objects.all(), user)
        figures = selectors.figures(problems, today)
        cleared = len(selectors.cleared_by_data(problems, user))
        counters = [
            Counter(
                "逾期未整改问题",
                figures["overdue"],
                _list_url("overdue=1"),
                hint="超过整改期限仍未报送整改情况（规则 31）",
                alert=True,
            ),
            Counter(
                "待核查销号的问题",
                figures["reported"],
                _list_url(f"status={ProblemStatus.REPORTED}"),
                hint="单位已报送整改情况，待编办核查销号或退回（规则 32）",
                alert=True,
            ),
        ]
        if cleared:
            counters.append(
                Counter(
                    "数据已消除待销号",
                    cleared,
                    _list_url("cleared=1"),
                    hint="自查中已不再发现的问题，待编办核查销号（规则 33）",
                    alert=True,
                )
            )
        return counters


@register
class UnitProblems(Section):
    """本单位待整改问题: the counts and the first open problems, soonest deadline first."""

    roles = frozenset({Role.CLERK, Role.REVIEWER})
    order = 30

    def counters(self, user, today):
        problems = access.restrict(Problem.objects.all(), user)
        figures = selectors.figures(problems, today)
        if not figures["open"]:
            # Nothing to do: a unit without problems sees no empty counters.
            return []
        return [
            Counter(
                "待整改问题",
                figures["awaiting"],
                _list_url("status=awaiting"),
                hint="编办登记、须报送整改情况的问题（含退回重改）",
                alert=True,
            ),
            Counter(
                "逾期未整改问题",
                figures["overdue"],
                _list_url("overdue=1"),
                hint="超过整改期限仍未报送整改情况（规则 31）",
                alert=True,
            ),
        ]

    def panel(self, user, today):
        problems = list(
            access.restrict(Problem.objects.all(), user)
            .filter(status__in=AWAITING_UNIT)
            .select_related("institution")
            .order_by("deadline", "pk")[:LISTED]
        )
        if not problems:
            return None
        rows = [{"problem": p, "overdue": p.days_overdue(today)} for p in problems]
        return Panel(
            "oversight/includes/home_problems.html",
            {"rows": rows, "url": _list_url("status=awaiting")},
        )


def overview_figures(user) -> dict:
    today = timezone.localdate()
    return selectors.figures(access.restrict(Problem.objects.all(), user), today)
