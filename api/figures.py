"""Quota lines with their figures on a day, by effective dates (as ``people.asof_effective``):
H from the adjustments effective by the day, A from the records held on the day (holders of a
talent special quota apart, rule 27), R from the permits open on the day. One query per page."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from staffing import occupancy
from staffing.models import UsagePermit
from staffing.selectors import in_force_subquery, open_permits


def _number(queryset: QuerySet, group_by: str, aggregate) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=aggregate).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def lines_on(lines: QuerySet, day: datetime.date) -> QuerySet:
    held = occupancy.records().filter(
        occupancy.record_held_on(day), occupancy.on_regular_quota(), quota_line=OuterRef("pk")
    )
    permitted = UsagePermit.objects.filter(
        open_permits(day), quota_line=OuterRef("pk"), special_quota__isnull=True
    )
    consumed = occupancy.records().filter(
        open_permits(day, prefix="permit__"),
        permit__quota_line=OuterRef("pk"),
        permit__special_quota__isnull=True,
    )
    return lines.annotate(
        in_force=in_force_subquery(day),
        occupied=_number(held, "quota_line", Count("pk")),
        reserved=Greatest(
            _number(permitted, "quota_line", Sum("count"))
            - _number(consumed, "permit__quota_line", Count("pk")),
            Value(0),
        ),
    ).annotate(
        vacancy=Greatest(F("in_force") - F("occupied"), Value(0)),
        over=Greatest(F("occupied") - F("in_force"), Value(0)),
    )
