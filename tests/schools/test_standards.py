"""Rule 28, the standard: Σ students ÷ 师生比 per stage, raised by the boarding and township
percentages, rounded half up once per school, plus the additions per school; the region's own
standard (or the nearest region's above) over the national values."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from schools import services
from schools.models import BAD_SCHOOL_YEAR, NO_STAGE, STAGE_NOT_OFFERED, StudentCount
from schools.selectors import school_rows, totals
from schools.standards import (
    NATIONAL_STANDARD,
    Standard,
    Standards,
    previous_school_year,
    round_half_up,
    school_year_of,
    standard_quota,
)
from tests.kit.clock import day
from tests.kit.factories import RegionFactory

from .scene import profile, students

pytestmark = pytest.mark.django_db


def quota(standard=NATIONAL_STANDARD, boarding=False, township=False, **counts):
    return standard_quota(counts, boarding=boarding, township=township, standard=standard)


def test_national_ratios_per_stage():
    assert quota(senior=1250) == 100  # 1:12.5
    assert quota(junior=1350) == 100  # 1:13.5
    assert quota(primary=1900) == 100  # 1:19


def test_rounding_is_half_up_once_per_school():
    assert round_half_up(Decimal("12.5")) == 13
    assert round_half_up(Decimal("12.49")) == 12
    # 初中 7 ÷ 13.5 = 0.52 and 小学 10 ÷ 19 = 0.53: 1 for the school, not 1 + 1 per stage.
    assert quota(junior=7, primary=10) == 1


def test_a_school_without_students_has_no_standard():
    assert quota() == 0
    assert quota(boarding=True, standard=Standard(boarding_per_school=3)) == 0


def test_boarding_and_township_additions_add_up():
    standard = Standard(
        boarding_percent=Decimal(10),
        boarding_per_school=2,
        township_percent=Decimal(5),
        township_per_school=1,
    )
    assert quota(standard, junior=1350) == 100
    assert quota(standard, boarding=True, junior=1350) == 110 + 2
    assert quota(standard, township=True, junior=1350) == 105 + 1
    assert quota(standard, boarding=True, township=True, junior=1350) == 115 + 3


def test_the_countys_own_standard_overrides_the_national_one(region, scene, this_year):
    actor = system_actor()
    assert Standards().for_region(region.pk) == NATIONAL_STANDARD
    services.staffing_standard_set(
        region=region,
        actor=actor,
        reason="本县标准",
        junior_ratio=Decimal("12"),
        boarding_per_school=4,
    )
    standard = Standards().for_region(region.pk)
    assert standard.ratios["junior"] == Decimal("12")
    assert standard.ratios["senior"] == Decimal("12.5")
    assert standard.source == region.name
    township = scene.township.school_profile
    students(township, this_year, junior=600, primary=190)
    (row,) = [
        r
        for r in school_rows(scene.users["office_staff"], school_year=this_year)
        if r.name == scene.township.full_name
    ]
    assert row.standard == 50 + 10 + 4


def test_a_region_below_takes_the_standard_of_the_region_above(region):
    town = RegionFactory(name="测试县东山乡", parent=region)
    services.staffing_standard_set(
        region=region, actor=system_actor(), reason="本县标准", primary_ratio=Decimal("18")
    )
    assert Standards().for_region(town.pk).ratios["primary"] == Decimal("18")


def test_an_unchanged_standard_is_refused(region):
    services.staffing_standard_set(region=region, actor=system_actor(), reason="本县标准")
    with pytest.raises(ValidationError) as refused:
        services.staffing_standard_set(region=region, actor=system_actor(), reason="再存")
    assert refused.value.messages == [services.STANDARD_UNCHANGED]


def test_school_years_start_on_the_first_of_september():
    assert school_year_of(day(8, 31)) == f"{day(1, 1).year - 1}-{day(1, 1).year}"
    assert school_year_of(day(9, 1)) == f"{day(1, 1).year}-{day(1, 1).year + 1}"
    assert previous_school_year("2026-2027") == "2025-2026"


def test_student_numbers_keep_history_and_refuse_a_stage_not_offered(scene, this_year):
    senior = scene.senior.school_profile
    students(senior, this_year, senior=1000)
    students(senior, this_year, senior=1100)
    row = StudentCount.objects.get(school=senior, school_year=this_year)
    assert row.students == 1100
    assert row.history.count() == 2
    with pytest.raises(ValidationError) as refused:
        students(senior, this_year, primary=300)
    message = STAGE_NOT_OFFERED % {"school": senior, "stage": "小学"}
    assert message in refused.value.messages[0]
    with pytest.raises(ValidationError) as bad_year:
        students(senior, "2026-2028", senior=10)
    assert BAD_SCHOOL_YEAR in str(bad_year.value)


def test_a_school_offers_at_least_one_stage(scene):
    with pytest.raises(ValidationError) as refused:
        profile(scene.senior)
    assert NO_STAGE in refused.value.messages


def test_the_comparison_per_school_and_its_totals(scene, this_year):
    students(scene.senior.school_profile, this_year, senior=2000)  # 160, H 150: 缺 10
    students(scene.junior.school_profile, this_year, junior=1215)  # 90, H 100: 超 10
    rows = {row.name: row for row in school_rows(scene.users["reviewer"], school_year=this_year)}
    assert set(rows) == {scene.senior.full_name, scene.junior.full_name, scene.township.full_name}
    senior = rows[scene.senior.full_name]
    assert (senior.students, senior.standard, senior.approved, senior.occupied) == (
        2000,
        160,
        150,
        0,
    )
    assert senior.difference == -10
    assert rows[scene.junior.full_name].difference == 10
    summed = totals(list(rows.values()))
    assert (summed.standard, summed.approved) == (250, 330)
    # Another year has its own students.
    other = school_rows(scene.users["reviewer"], school_year=previous_school_year(this_year))
    assert sum(row.students for row in other) == 0
