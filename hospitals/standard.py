"""Rule 29: a hospital's staffing standard (人员控制总量测算标准) from its operating figures.

    counted beds   B = 实际开放床位, at most 编制床位
    use factor     f = min(床位使用率 / 足额使用率, 1)
    bed staff        = round(B × 床人比 × f)            (half up)
    outpatient       = floor(年门急诊人次 / 增人基数) × 每满基数增加人数
    standard         = bed staff + outpatient

The ratios are the office's per region and hospital category (``StaffingStandard``), or the
defaults in ``choices`` where it has set none.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import (
    DEFAULT_FULL_USE_RATE,
    DEFAULT_STAFF_PER_ADDITION,
    DEFAULT_STAFF_PER_BED,
    DEFAULT_VISITS_PER_ADDITION,
    HospitalCategory,
)
from .models import StaffingStandard


@dataclass(frozen=True)
class Ratios:
    staff_per_bed: Decimal
    full_use_rate: Decimal
    visits_per_addition: int
    staff_per_addition: int
    configured: bool = True


@dataclass(frozen=True)
class Standard:
    """The standard and how it was reached (shown beside the filing form)."""

    counted_beds: int
    use_factor: Decimal
    bed_staff: int
    outpatient_staff: int
    ratios: Ratios

    @property
    def total(self) -> int:
        return self.bed_staff + self.outpatient_staff


def default_ratios(category: str) -> Ratios:
    return Ratios(
        DEFAULT_STAFF_PER_BED[HospitalCategory(category)],
        DEFAULT_FULL_USE_RATE,
        DEFAULT_VISITS_PER_ADDITION,
        DEFAULT_STAFF_PER_ADDITION,
        configured=False,
    )


def ratios_of(standard: StaffingStandard) -> Ratios:
    return Ratios(
        standard.staff_per_bed,
        standard.full_use_rate,
        standard.visits_per_addition,
        standard.staff_per_addition,
    )


def compute_standard(
    *,
    approved_beds: int,
    open_beds: int,
    bed_use_rate: Decimal,
    outpatient_visits: int,
    ratios: Ratios,
) -> Standard:
    counted = min(open_beds, approved_beds)
    factor = min(Decimal(bed_use_rate) / ratios.full_use_rate, Decimal(1))
    bed_staff = (counted * ratios.staff_per_bed * factor).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    outpatient = outpatient_visits // ratios.visits_per_addition * ratios.staff_per_addition
    return Standard(counted, factor, int(bed_staff), outpatient, ratios)


class RatioBook:
    """Every configured standard of some regions, read in one query, with the defaults."""

    def __init__(self, region_ids):
        self.configured = {
            (standard.region_id, standard.category): ratios_of(standard)
            for standard in StaffingStandard.objects.filter(region_id__in=list(region_ids))
        }

    def ratios(self, region_id: int, category: str) -> Ratios:
        return self.configured.get((region_id, category)) or default_ratios(category)

    def standard(self, region_id: int, category: str, figures: dict | None) -> Standard | None:
        """The standard from ``figures`` (the four operating values by field name), or None."""
        if not figures or figures.get("open_beds") is None:
            return None
        return compute_standard(
            approved_beds=figures["approved_beds"],
            open_beds=figures["open_beds"],
            bed_use_rate=figures["bed_use_rate"],
            outpatient_visits=figures["outpatient_visits"],
            ratios=self.ratios(region_id, category),
        )
