"""退休预测: how many people in post reach their retirement month in each of the next five years
(rule 10 with its gradual rise, through ``selectors.retirement_birth_cutoffs``), per unit and
establishment type, in one grouped query whatever the number of people or units.

The years are this year from the current month on, then the next four calendar years. People
already past their retirement month (still in post: an overdue exit, rule 9) are not in any year:
they are counted apart, as ``past``, and left out of the five years' 合计.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q

from .choices import PostCategory, Sex
from .retirement import RetirementGroup
from .selectors import past_retirement_q, retirement_birth_cutoffs

YEARS = 5
UNIT_FIELDS = {
    "institution_id": F("quota_line__institution_id"),
    "institution_name": F("quota_line__institution__full_name"),
    "region_name": F("quota_line__institution__region__name"),
    "establishment_type": F("quota_line__establishment_type"),
}


@dataclass(frozen=True)
class ForecastYear:
    year: int
    # The first day counted (the current month's first day for this year) and the first day after.
    start: datetime.date
    end: datetime.date


def forecast_years(today: datetime.date) -> list[ForecastYear]:
    """This year from this month on, and the next four years."""
    starts = [today.replace(day=1)] + [
        datetime.date(today.year + ahead, 1, 1) for ahead in range(1, YEARS)
    ]
    return [
        ForecastYear(start.year, start, datetime.date(start.year + 1, 1, 1)) for start in starts
    ]


def _groups() -> tuple[tuple[RetirementGroup, Q], ...]:
    worker = Q(post_category=PostCategory.WORKER)
    return (
        (RetirementGroup.MAN, Q(person__sex=Sex.MALE)),
        (RetirementGroup.WOMAN_WORKER, Q(person__sex=Sex.FEMALE) & worker),
        (RetirementGroup.WOMAN_CADRE, Q(person__sex=Sex.FEMALE) & ~worker),
    )


def year_labels(today: datetime.date) -> list[str]:
    """The years as pages and ledgers head them: 2026年（余下月份）, 2027年, …"""
    labels = [f"{year.year}年" for year in forecast_years(today)]
    labels[0] += "（余下月份）"
    return labels


def retiring_between(start: datetime.date, end: datetime.date) -> Q:
    """Records whose holder's retirement month is in [start, end): born in [cutoff(start),
    cutoff(end)) of their group (the retirement month rises with the birth month)."""
    first, after = retirement_birth_cutoffs(start), retirement_birth_cutoffs(end)
    condition = Q(pk__in=[])
    for group, who in _groups():
        condition |= who & Q(
            person__birth_date__gte=first[group], person__birth_date__lt=after[group]
        )
    return condition


def retiring_before(end: datetime.date) -> Q:
    """Records whose holder's retirement month is before ``end``, past ones included: the
    people a forecast to ``end`` can count, a fraction of those in post (fewer rows to group)."""
    after = retirement_birth_cutoffs(end)
    condition = Q(pk__in=[])
    for group, who in _groups():
        condition |= who & Q(person__birth_date__lt=after[group])
    return condition


def year_key(index: int) -> str:
    return f"y{index}"


def _counted(records, today: datetime.date):
    return records.order_by().filter(retiring_before(forecast_years(today)[-1].end))


def _annotations(today: datetime.date) -> dict:
    counts = {
        year_key(i): Count("pk", filter=retiring_between(year.start, year.end))
        for i, year in enumerate(forecast_years(today))
    }
    counts["past"] = Count("pk", filter=past_retirement_q(today))
    return counts


def by_type(records, today: datetime.date) -> dict:
    """{type: [count per year of ``forecast_years``]} of ``records`` (the people in post), types
    with anyone retiring in the five years."""
    counts = {
        row["quota_line__establishment_type"]: [row[year_key(i)] for i in range(YEARS)]
        for row in _counted(records, today)
        .values("quota_line__establishment_type")
        .annotate(**_annotations(today))
    }
    return {kind: years for kind, years in counts.items() if any(years)}


def by_unit(records, today: datetime.date):
    """One row per unit and establishment type with anyone retiring in the five years or
    already past retirement: ``institution_id``, ``institution_name``, ``region_name``,
    ``establishment_type``, ``y0``…``y4``, ``total`` (the five years) and ``past``; a values
    queryset (one query; a page of it, two), ordered by unit and type."""
    keys = [year_key(i) for i in range(YEARS)]
    total = F(keys[0])
    for key in keys[1:]:
        total = total + F(key)
    return (
        _counted(records, today)
        .values(**UNIT_FIELDS)
        .annotate(**_annotations(today))
        .annotate(total=total)
        .filter(Q(total__gt=0) | Q(past__gt=0))
        .order_by(
            "quota_line__institution__sort_order",
            "institution_name",
            "institution_id",
            "establishment_type",
        )
    )
