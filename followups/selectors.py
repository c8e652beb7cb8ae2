"""Reads of 跟踪问效: what is due this month or overdue (rule 40) and the 八问 research a
follow-up compares with (rule 42)."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .choices import OPEN_STATUSES
from .models import FollowUp, Research
from .scheduling import months_after

# Research recorded for a unit, not on one matter, counts for the matters approved within
# this many months after it.
RESEARCH_MONTHS_BEFORE = 12


def month_end(today: datetime.date) -> datetime.date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


@dataclass(frozen=True)
class DueFigures:
    this_month: int
    overdue: int


def due_figures(follow_ups: QuerySet, today: datetime.date) -> DueFigures:
    """Open follow-ups due this calendar month, and those past their day (one query); one due
    earlier this month is both."""
    figures = follow_ups.filter(status__in=OPEN_STATUSES).aggregate(
        this_month=Count(
            "pk", filter=Q(due_on__gte=today.replace(day=1), due_on__lte=month_end(today))
        ),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    return DueFigures(figures["this_month"], figures["overdue"])


def research_for(follow_up: FollowUp) -> QuerySet:
    """The 八问 research of the follow-up's matter: recorded on its adjustment, or for its unit
    (on no adjustment, e.g. on a change request) in the year up to the approval."""
    matter = Q(
        institution_id=follow_up.institution_id,
        adjustment__isnull=True,
        recorded_on__gte=months_after(follow_up.approved_on, -RESEARCH_MONTHS_BEFORE),
        recorded_on__lte=follow_up.approved_on,
    )
    if follow_up.adjustment_id:
        matter |= Q(adjustment_id=follow_up.adjustment_id)
    return Research.objects.filter(matter).select_related("recorded_by", "change_request")
