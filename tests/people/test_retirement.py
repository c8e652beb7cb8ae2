"""Rule 10: the statutory retirement month, with the gradual rise that started on 2025-01-01."""

import datetime

import pytest

from people.retirement import RetirementGroup, retirement_age_months, retirement_month

MAN, WOMAN_CADRE, WOMAN_WORKER = (
    RetirementGroup.MAN,
    RetirementGroup.WOMAN_CADRE,
    RetirementGroup.WOMAN_WORKER,
)


def born(year: int, month: int, day: int = 15) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.mark.parametrize(
    ("birth", "group", "retires"),
    [
        (born(1965, 1), MAN, (2025, 2)),
        (born(1976, 9), MAN, (2039, 9)),
        (born(1971, 4), WOMAN_CADRE, (2026, 8)),
        (born(1975, 3), WOMAN_WORKER, (2025, 5)),
    ],
)
def test_examples_of_domain_rule_10(birth, group, retires):
    assert retirement_month(birth, group) == datetime.date(*retires, 1)


def test_man_born_in_1976_09_retires_at_63():
    assert retirement_age_months(born(1976, 9), MAN) == 63 * 12


@pytest.mark.parametrize(
    ("birth", "group", "retires"),
    [
        (born(1964, 12), MAN, (2024, 12)),
        (born(1969, 12), WOMAN_CADRE, (2024, 12)),
        (born(1974, 12), WOMAN_WORKER, (2024, 12)),
    ],
)
def test_people_born_before_the_reform_keep_the_old_age(birth, group, retires):
    assert retirement_month(birth, group) == datetime.date(*retires, 1)


@pytest.mark.parametrize(
    ("birth", "group", "cap_years"),
    [(born(1990, 1), MAN, 63), (born(1990, 1), WOMAN_CADRE, 58), (born(1990, 1), WOMAN_WORKER, 55)],
)
def test_the_rise_is_capped(birth, group, cap_years):
    assert retirement_age_months(birth, group) == cap_years * 12


def test_day_of_birth_is_ignored():
    assert retirement_month(born(1966, 3, 1), MAN) == retirement_month(born(1966, 3, 31), MAN)


def retirement_months(group, first, last):
    """Every retirement month of people born from ``first`` through ``last`` (year, month)."""
    year, month, found = *first, set()
    while (year, month) <= last:
        found.add(retirement_month(born(year, month), group))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return found


def months_between(first, last):
    year, month, months = *first, []
    while (year, month) <= last:
        months.append(datetime.date(year, month, 1))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return months


def test_months_in_which_no_man_retires():
    # Born 1964-12 → 2024-12, but 1965-01 → 2025-02: January 2025 is skipped. Born 1965-04
    # → 2025-05, but 1965-05 waits two months → 2025-07: June is skipped; and so on.
    retiring = retirement_months(MAN, (1964, 1), (1977, 12))
    idle = [m for m in months_between((2025, 1), (2026, 12)) if m not in retiring]
    assert idle[:4] == [
        datetime.date(2025, 1, 1),
        datetime.date(2025, 6, 1),
        datetime.date(2025, 11, 1),
        datetime.date(2026, 4, 1),
    ]


def test_months_in_which_no_woman_worker_retires():
    # One month of delay per two birth months: every third month nobody reaches the age.
    retiring = retirement_months(WOMAN_WORKER, (1974, 1), (1990, 12))
    idle = [m for m in months_between((2025, 1), (2026, 12)) if m not in retiring]
    assert idle[:4] == [
        datetime.date(2025, 1, 1),
        datetime.date(2025, 4, 1),
        datetime.date(2025, 7, 1),
        datetime.date(2025, 10, 1),
    ]


def test_retirement_month_never_goes_backwards():
    for group in RetirementGroup:
        months = [
            retirement_month(born(y, m), group) for y in range(1960, 1992) for m in range(1, 13)
        ]
        assert months == sorted(months)
