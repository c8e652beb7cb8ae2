"""Rule 29, the standard: counted beds (open, at most approved) × staff per bed × the bed use
factor (use ÷ full use, at most 1), rounded half up, plus the outpatient addition per full
block of visits; the office's standard of the region and category, else the default."""

from decimal import Decimal

import pytest

from bianzhi.history import system_actor
from hospitals import services
from hospitals.choices import DEFAULT_STAFF_PER_BED, HospitalCategory
from hospitals.selectors import hospital_standard
from hospitals.standard import Ratios, compute_standard, default_ratios
from tests.kit.clock import TODAY

from .scene import DEFAULT_STANDARD, hospital, record_figures

RATIOS = Ratios(Decimal("1.40"), Decimal("85.00"), 10000, 1)


def standard(**figures):
    values = {
        "approved_beds": 500,
        "open_beds": 500,
        "bed_use_rate": Decimal("90"),
        "outpatient_visits": 0,
    }
    return compute_standard(ratios=RATIOS, **{**values, **figures})


def test_beds_times_the_ratio_at_full_use():
    result = standard()
    assert (result.counted_beds, result.use_factor, result.total) == (500, 1, 700)


def test_open_beds_above_the_approved_beds_do_not_count():
    assert standard(open_beds=560).counted_beds == 500
    assert standard(open_beds=400).total == 560


def test_below_full_use_the_ratio_scales_down():
    # 500 × 1.40 × 68/85 = 560
    assert standard(bed_use_rate=Decimal("68")).total == 560


def test_the_bed_staff_is_rounded_half_up():
    # 3 × 1.50 = 4.5 → 5
    ratios = Ratios(Decimal("1.50"), Decimal("85"), 10000, 1)
    result = compute_standard(
        approved_beds=3, open_beds=3, bed_use_rate=Decimal("85"), outpatient_visits=0, ratios=ratios
    )
    assert result.bed_staff == 5


def test_outpatient_visits_add_staff_per_full_block():
    result = standard(outpatient_visits=129999)
    assert (result.bed_staff, result.outpatient_staff, result.total) == (700, 12, 712)


def test_the_defaults_give_county_general_hospitals_one_to_one_point_four():
    assert DEFAULT_STAFF_PER_BED[HospitalCategory.GENERAL] == Decimal("1.40")
    assert not default_ratios(HospitalCategory.GENERAL).configured


@pytest.mark.django_db
def test_the_offices_standard_of_the_region_replaces_the_default(region):
    county = hospital(region)
    record_figures(county)
    assert hospital_standard(county, on=TODAY)[1].total == DEFAULT_STANDARD
    services.standard_set(
        region=region,
        category=HospitalCategory.GENERAL,
        staff_per_bed=Decimal("1.50"),
        full_use_rate=Decimal("90"),
        visits_per_addition=5000,
        staff_per_addition=2,
        actor=system_actor(),
        reason="设定标准",
    )
    # 200 × 1.50 × 90/90 + 52000 // 5000 × 2 = 300 + 20
    result = hospital_standard(county, on=TODAY)[1]
    assert result.ratios.configured
    assert result.total == 320
