"""The registry of one institution on a past day by effective dates (按生效日期).

Where ``people.asof`` replays what the registry *said* at a moment (recording time), this answers
what was *in force* on the day with everything known now: a quota line's H is the sum of the
adjustment lines effective on or before the day (a quota changes only through adjustments, rule
4), a record counts from its entry date until its end date, and a leadership post is filled by the
appointments running on the day. Names, departments and leadership quotas are today's, as are
the institution's attributes unless it was abolished by then.

The number of queries is fixed: lines and leadership are aggregates, the roster one query.
"""

import datetime

from django.db.models import Count, F, Q, Sum

from orgs.models import Institution
from staffing.models import AdjustmentLine, LeadershipQuota
from staffing.occupancy import on_regular_quota, record_held_on

from .asof import (
    LEADERSHIP_COLUMNS,
    MEMBER_COLUMNS,
    POST_ORDER,
    LeadershipAsOf,
    LineAsOf,
    MemberAsOf,
    Snapshot,
    leadership_posts,
    members,
)
from .models import EstablishmentRecord, LeadershipAppointment


def appointment_running_on(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def lines_in_force(institution: Institution, day: datetime.date) -> list[LineAsOf]:
    """H per type and funding from the adjustments effective by ``day``; A from the records."""
    approved = (
        AdjustmentLine.objects.filter(institution=institution, adjustment__effective_on__lte=day)
        .order_by()
        .values_list("establishment_type", "funding_form")
        .annotate(total=Sum("delta"))
    )
    occupied = dict(
        EstablishmentRecord.objects.filter(
            record_held_on(day), on_regular_quota(), quota_line__institution=institution
        )
        .order_by()
        .values_list("quota_line_id")
        .annotate(n=Count("pk"))
    )
    line_ids = {
        (kind, funding): pk
        for pk, kind, funding in institution.quota_lines.values_list(
            "pk", "establishment_type", "funding_form"
        )
    }
    lines = {
        (kind, funding): LineAsOf(line_ids.get((kind, funding), 0), kind, funding, total)
        for kind, funding, total in approved
    }
    for key, pk in line_ids.items():
        count = occupied.get(pk, 0)
        if key not in lines and count:
            lines[key] = LineAsOf(pk, *key, approved=0)
        if key in lines:
            lines[key].occupied = count
    return [line for _, line in sorted(lines.items()) if line.approved or line.occupied]


def leadership_in_force(institution: Institution, day: datetime.date) -> list[LeadershipAsOf]:
    """Today's leadership quotas, filled by the appointments running on ``day`` that count."""
    filled = dict(
        LeadershipAppointment.objects.filter(
            appointment_running_on(day), quota__institution=institution, counts_against_quota=True
        )
        .order_by()
        .values_list("quota_id")
        .annotate(n=Count("pk"))
    )
    quotas = (
        LeadershipQuota.objects.filter(institution=institution)
        .order_by(
            F("department__sort_order").asc(nulls_first=True),
            "department_id",
            POST_ORDER,
            "post_title",
        )
        .annotate(department_name=F("department__name"))
        .values_list(*LEADERSHIP_COLUMNS)
    )
    return leadership_posts(quotas, filled)


def roster_in_force(
    institution: Institution, day: datetime.date, *, full_id_numbers: bool
) -> list[MemberAsOf]:
    """The people whose record counted on ``day`` (rule 14: IDs masked unless allowed)."""
    rows = (
        EstablishmentRecord.objects.filter(record_held_on(day), quota_line__institution=institution)
        .annotate(
            person_name=F("person__name"),
            person_id_number=F("person__id_number_encrypted"),
            department_name=F("department__name"),
        )
        .order_by("quota_line__establishment_type", "quota_line__funding_form", "person_name", "pk")
        .values_list(*MEMBER_COLUMNS)
    )
    return members(rows, full_id_numbers=full_id_numbers)


def snapshot_in_force(
    institution: Institution, day: datetime.date, *, full_id_numbers: bool
) -> Snapshot:
    """The institution, its quota lines, leadership posts and roster in force on ``day``.

    Vacancy and over-establishment stay per quota line (rule 1), never summed across types.
    """
    return Snapshot(
        day=day,
        institution=institution,
        parent_name=institution.parent.full_name if institution.parent_id else "",
        lines=lines_in_force(institution, day),
        leadership=leadership_in_force(institution, day),
        roster=roster_in_force(institution, day, full_id_numbers=full_id_numbers),
    )
