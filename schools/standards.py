"""The standard (标准编制数) of a school for a school year (rule 28).

standard = round_half_up(Σ_stage students ÷ ratio × (1 + additions in %)) + additions per school.
The percentages for a boarding (寄宿制) and a township (乡镇) school add up; the sum over the
stages is rounded once per school, half up (12.5 → 13), so a school of several stages is not
rounded up once per stage. The ratios and additions are the region's ``StaffingStandard``, or
the nearest region above that has one, or the national values.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from orgs.models import Region

from .choices import NATIONAL_RATIOS, Stage
from .models import StaffingStandard

NATIONAL = "国家标准"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Standard:
    ratios: dict[str, Decimal] = field(default_factory=lambda: dict(NATIONAL_RATIOS))
    boarding_percent: Decimal = Decimal(0)
    boarding_per_school: int = 0
    township_percent: Decimal = Decimal(0)
    township_per_school: int = 0
    source: str = NATIONAL

    def describe(self) -> str:
        """The standard in words, as the page prints it."""

        def number(value) -> str:
            return f"{Decimal(value).normalize():f}"

        ratios = "，".join(f"{stage.label} 1:{number(self.ratios[stage])}" for stage in Stage)
        return (
            f"{ratios}；寄宿制学校上浮 {number(self.boarding_percent)}%、每校另加 "
            f"{self.boarding_per_school} 名；乡镇学校上浮 {number(self.township_percent)}%、"
            f"每校另加 {self.township_per_school} 名"
        )

    @classmethod
    def of(cls, row: StaffingStandard, source: str) -> "Standard":
        return cls(
            ratios={stage: row.ratio(stage) for stage in Stage},
            boarding_percent=row.boarding_percent,
            boarding_per_school=row.boarding_per_school,
            township_percent=row.township_percent,
            township_per_school=row.township_per_school,
            source=source,
        )


NATIONAL_STANDARD = Standard()


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def standard_quota(
    students: dict[str, int], *, boarding: bool, township: bool, standard: Standard
) -> int:
    """标准编制数 of one school (rule 28); 0 without students."""
    if not any(students.values()):
        return 0
    base = sum(
        (Decimal(count) / standard.ratios[stage] for stage, count in students.items() if count),
        Decimal(0),
    )
    percent = (standard.boarding_percent if boarding else 0) + (
        standard.township_percent if township else 0
    )
    quota = round_half_up(base * (1 + Decimal(percent) / HUNDRED))
    if boarding:
        quota += standard.boarding_per_school
    if township:
        quota += standard.township_per_school
    return quota


class Standards:
    """Every region's standard, read in two queries, for many schools."""

    def __init__(self):
        self.rows = {row.region_id: row for row in StaffingStandard.objects.select_related()}
        self.regions = (
            {
                pk: (parent, name)
                for pk, parent, name in Region.objects.values_list("pk", "parent_id", "name")
            }
            if self.rows
            else {}
        )
        self._found: dict[int, Standard] = {}

    def for_region(self, region_id: int) -> Standard:
        if region_id in self._found:
            return self._found[region_id]
        node, seen, found = region_id, set(), NATIONAL_STANDARD
        while node is not None and node not in seen and self.rows:
            seen.add(node)
            if node in self.rows:
                found = Standard.of(self.rows[node], self.regions[node][1])
                break
            node = self.regions.get(node, (None, ""))[0]
        self._found[region_id] = found
        return found


def standard_for_region(region: Region) -> Standard:
    return Standards().for_region(region.pk)


def school_year_of(day: datetime.date) -> str:
    """The school year a day falls in: it starts on 1 September (2026-09-01 → 2026-2027)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def previous_school_year(school_year: str) -> str:
    start = int(school_year[:4]) - 1
    return f"{start}-{start + 1}"
