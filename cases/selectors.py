"""Reads of 违规案件: open and overdue cases in a user's scope (rule 34), as one aggregate."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from bianzhi import access

from .choices import OPEN_STATES
from .models import Case


def open_cases(queryset):
    return queryset.filter(state__in=OPEN_STATES)


def overdue_cases(queryset, today: datetime.date):
    """Open cases past their deadline (办理期限)."""
    return open_cases(queryset).filter(due_on__lt=today)


@dataclass(frozen=True)
class CaseFigures:
    open: int
    overdue: int


def figures_for(user, today: datetime.date) -> CaseFigures | None:
    """Open and overdue cases the user may see, in one query; None for roles that see none."""
    if not access.can(user, access.Action.VIEW, Case):
        return None
    counts = access.restrict(Case.objects.all(), user).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=today)),
    )
    return CaseFigures(open=counts["open"], overdue=counts["overdue"])
