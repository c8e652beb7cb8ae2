"""The city's quota lines: which lines each kind of unit holds, sized so that filling them
70–100 % seats the people wanted, with a few over-established after a merger."""

import datetime
import random
from dataclasses import dataclass

from orgs.choices import RegionLevel
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import QuotaLine

from .names import MANAGED
from .tree import Unit

ADMIN = EstablishmentType.ADMINISTRATIVE
POLITICAL_LEGAL = EstablishmentType.POLITICAL_LEGAL
WORKER = EstablishmentType.ORGAN_WORKER
PUBLIC = EstablishmentType.PUBLIC
FULL, PARTIAL, SELF = FundingForm.FULL, FundingForm.PARTIAL, FundingForm.SELF

# (type, funding, low, high, chance) per profile: the lines a unit of that profile holds.
SIZES = {
    "small": ((ADMIN, "", 5, 12, 1.0), (WORKER, "", 1, 2, 0.3)),
    "organ": ((ADMIN, "", 10, 35, 1.0), (WORKER, "", 1, 4, 0.4)),
    "education": ((ADMIN, "", 15, 30, 1.0), (WORKER, "", 1, 3, 0.5)),
    "police": (
        (POLITICAL_LEGAL, "", 60, 200, 1.0),
        (ADMIN, "", 8, 16, 1.0),
        (WORKER, "", 2, 6, 1.0),
    ),
    "court": ((POLITICAL_LEGAL, "", 40, 90, 1.0), (ADMIN, "", 4, 10, 1.0), (WORKER, "", 1, 4, 0.6)),
    "township": ((ADMIN, "", 25, 50, 1.0), (WORKER, "", 1, 3, 0.4)),
    "center": ((PUBLIC, FULL, 5, 25, 1.0), (PUBLIC, SELF, 2, 8, 0.1)),
    "school": ((PUBLIC, FULL, 25, 160, 1.0),),
    "hospital": ((PUBLIC, FULL, 80, 250, 1.0), (PUBLIC, PARTIAL, 100, 400, 1.0)),
    "clinic": ((PUBLIC, FULL, 15, 45, 1.0), (PUBLIC, PARTIAL, 5, 25, 0.6)),
}
OVER_REASON = "机构改革合并，超编人员通过自然减员逐步消化"


@dataclass(eq=False)
class Line:
    """A quota line to create: today's approval, occupancy wanted and the events behind it."""

    unit: Unit
    row: QuotaLine
    approved: int
    occupied: int = 0
    initial: int = 0
    start: datetime.date | None = None

    @property
    def key(self) -> tuple:
        return (self.unit.institution.pk, self.row.establishment_type, self.row.funding_form)


def plan_lines(rng: random.Random, units: list[Unit], people: int) -> list[Line]:
    """Lines for every unit, scaled so that filling them 70–100 % seats ``people``; about one
    line in sixty (and at least one) over-established (超编) after a merger cut its approval."""
    raw = []
    for unit in units:
        city = unit.institution.region.level == RegionLevel.CITY
        profile = "center" if unit.institution.kind == MANAGED else unit.profile
        for kind, funding, low, high, chance in SIZES[profile]:
            if rng.random() <= chance:
                raw.append((unit, kind, funding, rng.randint(low, high) * (1.5 if city else 1)))
    factor = people / 0.9 / sum(size for *_, size in raw)
    lines = []
    for unit, kind, funding, size in raw:
        approved = max(1, round(size * factor))
        row = QuotaLine(institution=unit.institution, establishment_type=kind, funding_form=funding)
        lines.append(Line(unit, row, approved))
    for line in lines:
        line.occupied = min(line.approved, round(line.approved * _fill(rng)))
    large = [line for line in lines if line.approved >= 8]
    over = [line for line in large if rng.random() < 1 / 60] or large[:1]
    for line in over:
        line.occupied = line.approved + rng.randint(1, max(1, line.approved // 10))
        line.row.over_establishment_reason = OVER_REASON
    _match_total(rng, lines, people)
    return lines


def _fill(rng: random.Random) -> float:
    draw = rng.random()
    if draw < 0.12:
        return 1.0
    if draw < 0.5:
        return rng.uniform(0.9, 1.0)
    if draw < 0.82:
        return rng.uniform(0.8, 0.9)
    return rng.uniform(0.7, 0.8)


def _match_total(rng: random.Random, lines: list[Line], people: int) -> None:
    """Nudge occupancy of lines that are not over-established until it seats exactly ``people``."""
    normal = [line for line in lines if not line.row.over_establishment_reason]
    gap = people - sum(line.occupied for line in lines)
    while gap:
        line = rng.choice(normal)
        if gap > 0 and line.occupied < line.approved:
            step = min(gap, line.approved - line.occupied)
            line.occupied += step
            gap -= step
        elif gap < 0 and line.occupied > 1:
            step = min(-gap, line.occupied - 1)
            line.occupied -= step
            gap += step
