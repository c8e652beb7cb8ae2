"""Rule 46, 经费核定: each month's 核定 and 实有 at its last day, per unit × type × funding form;
entries and exits counted from their dates, a 信息更正 of the funding form from the day it was
recorded, a talent special quota's holders apart, organs as 全额拨款; a fixed number of
queries whatever the number of units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding import selectors
from staffing.choices import EstablishmentType, FundingForm
from tests.kit import builders
from tests.kit.clock import YEAR
from tests.kit.factories import PublicInstitutionFactory

from .scene import hospital_year

pytestmark = pytest.mark.django_db


def row_of(rows, institution, establishment_type, funding_form):
    (row,) = [
        row
        for row in rows
        if row["institution_id"] == institution.pk
        and row["establishment_type"] == establishment_type
        and row["funding_form"] == funding_form
    ]
    return row


@pytest.fixture
def year(region):
    return hospital_year(region)


@pytest.fixture
def rows(region, year):
    return selectors.year_rows(year=YEAR, region_ids=[region.pk])


def test_the_quota_of_each_month_is_the_one_in_force_on_its_last_day(year, rows):
    full = row_of(rows, year.hospital, EstablishmentType.PUBLIC, FundingForm.FULL)
    assert list(full["approved"]) == [5] * 6 + [7] * 6


def test_an_entry_counts_from_its_month_and_an_exit_no_longer_from_its_month(year, rows):
    full = row_of(rows, year.hospital, EstablishmentType.PUBLIC, FundingForm.FULL)
    # Jan nobody; Feb three staff; Apr the newcomer; Jun the mover; Sep one staff gone.
    assert list(full["occupied"]) == [0, 3, 3, 4, 4, 5, 5, 5, 4, 4, 4, 4]
    assert full["person_months"] == 45
    assert full["average"] == 3.8


def test_a_funding_form_change_counts_on_the_new_line_from_when_it_was_recorded(year, rows):
    partial = row_of(rows, year.hospital, EstablishmentType.PUBLIC, FundingForm.PARTIAL)
    assert list(partial["approved"]) == [3] * 12
    assert list(partial["occupied"]) == [0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]


def test_talent_special_quota_holders_are_counted_apart(year, rows):
    full = row_of(rows, year.hospital, EstablishmentType.PUBLIC, FundingForm.FULL)
    assert list(full["special"]) == [0, 0, 0, 0] + [1] * 8
    assert full["special_months"] == 8
    # Not in 实有: the line's figures above hold the regular staff only.
    assert full["occupied"][4] == 4


def test_organs_are_budgeted_in_full_one_row_per_type(year, rows):
    organ = row_of(rows, year.bureau, EstablishmentType.ADMINISTRATIVE, FundingForm.FULL)
    assert organ["line_funding_form"] == ""
    assert list(organ["approved"]) == [4] * 12
    assert list(organ["occupied"]) == [0] + [2] * 11


def test_the_totals_add_every_row(year, rows):
    totals = selectors.totals(rows)
    assert totals["count"] == 3
    assert totals["approved"][6] == 7 + 3 + 4
    assert totals["occupied"][5] == 5 + 0 + 2
    assert totals["special"][11] == 1


def test_another_year_shows_nothing_of_this_one(region, year):
    assert selectors.year_rows(year=YEAR - 1, region_ids=[region.pk]) == []
    later = selectors.year_rows(year=YEAR + 1, region_ids=[region.pk])
    full = row_of(later, year.hospital, EstablishmentType.PUBLIC, FundingForm.FULL)
    assert list(full["approved"]) == [7] * 12 and list(full["occupied"]) == [4] * 12


def test_a_units_figures_only_for_its_own_rows(year):
    rows = selectors.year_rows(year=YEAR, institution_ids=[year.bureau.pk])
    assert {row["institution_id"] for row in rows} == {year.bureau.pk}


def test_the_number_of_queries_does_not_grow_with_the_units(region, year):
    with CaptureQueriesContext(connection) as few:
        selectors.year_rows(year=YEAR, region_ids=[region.pk])
    for index in range(3):
        unit = PublicInstitutionFactory(region=region, full_name=f"测试县卫生院{index}")
        builders.staff(builders.quota(unit, 2), 2)
    with CaptureQueriesContext(connection) as many:
        rows = selectors.year_rows(year=YEAR, region_ids=[region.pk])
    assert len(rows) == 6
    assert len(many) == len(few)
