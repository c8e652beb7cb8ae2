"""The generated city's schools (rule 28): each primary and middle school gets its stages and
students for this and last school year, sized around what its quota would cover at the national
ratios, so that some schools are short of the standard and some above it."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from orgs.models import Region
from schools.choices import NATIONAL_RATIOS, Stage
from schools.models import SchoolProfile, StudentCount
from schools.standards import previous_school_year, school_year_of
from staffing.choices import EstablishmentType

from .bulk import HistoryWriter, create

# A middle school is a 完全中学 (高中 and 初中) this often, else 初中 only.
COMPLETE_MIDDLE = 0.3
BOARDING = 0.15


class SchoolBuilder:
    def __init__(self, rng: random.Random, history: HistoryWriter, today: datetime.date):
        self.rng = rng
        self.history = history
        self.today = today
        self.this_year = school_year_of(today)
        self.years = (previous_school_year(self.this_year), self.this_year)

    def _stages(self, name: str) -> tuple[str, ...]:
        if name.endswith("中学"):
            if self.rng.random() < COMPLETE_MIDDLE:
                return (Stage.SENIOR, Stage.JUNIOR)
            return (Stage.JUNIOR,)
        return (Stage.PRIMARY,)

    def build(self, region: Region, lines) -> int:
        """Profiles and student numbers for the region's schools; returns how many schools."""
        approved: dict[int, int] = defaultdict(int)
        units = {}
        for line in lines:
            unit = line.unit
            name = unit.institution.full_name
            if unit.profile != "school" or not (name.endswith("学") or name.endswith("学校")):
                continue
            if line.row.establishment_type == EstablishmentType.PUBLIC:
                approved[unit.institution.pk] += line.approved
                units[unit.institution.pk] = unit
        profiles, students = [], []
        for pk, unit in units.items():
            name = unit.institution.full_name
            stages = self._stages(name)
            profile = SchoolProfile(
                institution=unit.institution,
                senior=Stage.SENIOR in stages,
                junior=Stage.JUNIOR in stages,
                primary=Stage.PRIMARY in stages,
                boarding=self.rng.random() < BOARDING,
                township="中心小学" in name,
            )
            profiles.append(profile)
            share = Decimal(approved[pk]) / len(stages)
            for stage in stages:
                now = int(share * NATIONAL_RATIOS[stage] * Decimal(self.rng.uniform(0.85, 1.15)))
                before = int(now * self.rng.uniform(0.95, 1.05))
                for year, count in zip(self.years, (before, now), strict=True):
                    students.append((profile, year, stage, max(count, 1)))
        create(SchoolProfile, profiles, history=self.history, day=self.today)
        rows = [
            StudentCount(school=profile, school_year=year, stage=stage, students=count)
            for profile, year, stage, count in students
        ]
        create(StudentCount, rows, history=self.history, day=self.today)
        return len(profiles)
