"""Statutory retirement month (domain rule 10), including the gradual rise from 2025-01-01.

The age rises by one month for every N birth months from a starting birth month, up to a cap.
Day of birth is ignored.
"""

import datetime
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class RetirementRule:
    base_years: int
    rise_from: tuple[int, int]  # (year, month) of the first birth month whose age rises
    birth_months_per_month: int
    cap_months: int


class RetirementGroup(Enum):
    MAN = RetirementRule(60, (1965, 1), 4, 36)
    WOMAN_CADRE = RetirementRule(55, (1970, 1), 4, 36)
    WOMAN_WORKER = RetirementRule(50, (1975, 1), 2, 60)


def retirement_group(*, is_male: bool, worker_post: bool) -> RetirementGroup:
    """Men retire at 60 whatever their post; women at 55 in cadre, management or professional
    posts, and at 50 in worker posts (工勤)."""
    if is_male:
        return RetirementGroup.MAN
    return RetirementGroup.WOMAN_WORKER if worker_post else RetirementGroup.WOMAN_CADRE


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def delay_months(birth: datetime.date, group: RetirementGroup) -> int:
    rule = group.value
    since = _month_index(birth.year, birth.month) - _month_index(*rule.rise_from)
    if since < 0:
        return 0
    return min(since // rule.birth_months_per_month + 1, rule.cap_months)


def retirement_month(birth: datetime.date, group: RetirementGroup) -> datetime.date:
    """The first day of the month in which a person born on ``birth`` reaches retirement age."""
    index = (
        _month_index(birth.year, birth.month)
        + group.value.base_years * 12
        + delay_months(birth, group)
    )
    return datetime.date(index // 12, index % 12 + 1, 1)


def retirement_age_months(birth: datetime.date, group: RetirementGroup) -> int:
    return group.value.base_years * 12 + delay_months(birth, group)
