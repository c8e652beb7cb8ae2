"""The demo county's schools (rule 28): their stages, a boarding and township school, students of
this and last school year, the county's standard with its additions, and one reallocation the
education bureau's reviewer made between two of its schools. Loaded through ``schools.services``
after the demo accounts, as the reallocation is the reviewer's."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from orgs.models import Institution, Region
from sampledata.demo.orgs import COUNTY_CODE, DEMO_REASON
from schools import services
from schools.choices import Stage
from schools.models import SchoolProfile
from schools.standards import previous_school_year, school_year_of
from staffing.choices import EstablishmentType, FundingForm
from staffing.models import QuotaLine
from staffing.selectors import line_figures
from staffing.services import LineChange

SENIOR, JUNIOR, PRIMARY = Stage.SENIOR, Stage.JUNIOR, Stage.PRIMARY
# Full name → (stages, boarding, township).
PROFILES = {
    "示例县第一中学": ((SENIOR,), False, False),
    "示例县第二中学": ((JUNIOR,), False, False),
    "示例县实验小学": ((PRIMARY,), False, False),
    "示例县城关镇中心学校": ((JUNIOR, PRIMARY), False, True),
    "示例县城关镇南街小学": ((PRIMARY,), False, True),
    "示例县东山乡中心学校": ((JUNIOR, PRIMARY), True, True),
}
# Students last school year and this one, per stage.
STUDENTS = {
    "示例县第一中学": {SENIOR: (1950, 2010)},
    "示例县第二中学": {JUNIOR: (1420, 1350)},
    "示例县实验小学": {PRIMARY: (1650, 1710)},
    "示例县城关镇中心学校": {JUNIOR: (600, 620), PRIMARY: (1260, 1240)},
    "示例县城关镇南街小学": {PRIMARY: (740, 760)},
    "示例县东山乡中心学校": {JUNIOR: (505, 480), PRIMARY: (870, 830)},
}
# The county keeps the national ratios and adds for boarding and township schools.
COUNTY_STANDARD = {
    "boarding_percent": Decimal("5"),
    "boarding_per_school": 2,
    "township_percent": Decimal("3"),
    "township_per_school": 0,
}
REALLOCATION = ("示例县第二中学", "示例县第一中学", 5)
REVIEWER = "reviewer"


def load_demo_schools(*, actor, today: datetime.date) -> dict[str, int]:
    """Return the counts created; nothing when the schools are there already."""
    region = Region.objects.get(code=COUNTY_CODE)
    institutions = {
        institution.full_name: institution
        for institution in Institution.objects.filter(region=region, full_name__in=PROFILES)
    }
    if SchoolProfile.objects.filter(institution__in=institutions.values()).exists():
        return {}
    counts = {"schools": 0, "student_counts": 0, "reallocations": 0}
    services.staffing_standard_set(
        region=region, actor=actor, reason="示例县中小学教职工编制标准", **COUNTY_STANDARD
    )
    this_year = school_year_of(today)
    years = (previous_school_year(this_year), this_year)
    profiles = {}
    for name, (stages, boarding, township) in PROFILES.items():
        profiles[name] = services.school_profile_save(
            institution=institutions[name],
            actor=actor,
            reason=DEMO_REASON,
            boarding=boarding,
            township=township,
            **{stage.value: stage in stages for stage in Stage},
        )
        counts["schools"] += 1
        for index, school_year in enumerate(years):
            written = services.student_counts_set(
                school=profiles[name],
                school_year=school_year,
                counts={stage: pair[index] for stage, pair in STUDENTS[name].items()},
                actor=actor,
                reason=f"{school_year}学年教育事业统计",
            )
            counts["student_counts"] += len(written)
    counts["reallocations"] = _reallocate(institutions, this_year)
    return counts


def _reallocate(institutions, school_year: str) -> int:
    """The bureau's reviewer moves vacant quota from the shrinking 二中 to the growing 一中."""
    reviewer = get_user_model().objects.filter(username=REVIEWER).first()
    if reviewer is None:
        return 0
    source, target, count = REALLOCATION
    # Only what 二中 has free on the day the demo is loaded (rules 4 and 16): its people depend on
    # the day the demo is loaded.
    line = QuotaLine.objects.get(
        institution=institutions[source],
        establishment_type=EstablishmentType.PUBLIC,
        funding_form=FundingForm.FULL,
    )
    count = min(count, line_figures(line).available)
    if count <= 0:
        return 0
    # From the start of the school year whose students it follows.
    effective_on = datetime.date(int(school_year[:4]), 9, 1)
    document = services.bureau_document(
        actor=reviewer,
        number=f"示教发〔{effective_on.year}〕6号",
        title="关于调剂县第二中学、县第一中学教职工编制的通知",
        issued_on=effective_on,
        institutions=[institutions[source], institutions[target]],
    )
    public, full = EstablishmentType.PUBLIC, FundingForm.FULL
    services.school_quota_reallocate(
        actor=reviewer,
        moves=[
            LineChange(public, -count, institutions[source], full),
            LineChange(public, count, institutions[target], full),
        ],
        document=document,
        effective_on=effective_on,
        summary=f"按{school_year}学年学生数，从县第二中学调剂事业编制 {count} 名到县第一中学",
    )
    return 1
