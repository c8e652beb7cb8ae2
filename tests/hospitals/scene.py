"""Hospitals for the tests: a county hospital built through the services (quota, people on
编制, figures, a filed control total), and hospitals at the places of the view-test world."""

import datetime
from decimal import Decimal

from bianzhi.history import save_tracked, system_actor
from hospitals import services
from hospitals.choices import HospitalCategory
from hospitals.models import FiledStaffRecord, Hospital
from orgs.choices import Sector
from people.choices import PostCategory
from tests.kit import builders
from tests.kit.clock import YEAR, day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.world import World

# 200 beds open of 220 approved, 90% use, 52,000 visits: 200 × 1.40 + 5 = 285 by default.
FIGURES = {
    "approved_beds": 220,
    "open_beds": 200,
    "bed_use_rate": Decimal("90.00"),
    "outpatient_visits": 52000,
}
DEFAULT_STANDARD = 285
FILED_ON = day(3, 1)


def health_unit(region, name="测试县人民医院", **fields):
    return PublicInstitutionFactory(region=region, full_name=name, sector=Sector.HEALTH, **fields)


def hospital(region, *, name="测试县人民医院", category=HospitalCategory.GENERAL, actor=None):
    return services.hospital_register(
        institution=health_unit(region, name),
        category=category,
        actor=actor or system_actor(),
        reason="纳入备案管理",
        registered_on=day(1, 1),
    )


def record_figures(hospital, *, year=YEAR, **changes):
    return services.figures_record(
        hospital=hospital,
        year=year,
        actor=system_actor(),
        reason="登记运行数据",
        **{**FIGURES, **changes},
    )


def file_total(hospital, total, *, reason="", filed_on=FILED_ON, actor=None):
    return services.control_total_file(
        hospital=hospital,
        total=total,
        document=builders.document(hospital.institution),
        filed_on=filed_on,
        over_standard_reason=reason,
        actor=actor or system_actor(),
        reason="人员控制总量备案",
    )


def register_filed(hospital, who=None, *, name="李护士", entry_on=None):
    who = who or builders.person(hospital.institution.region, name, male=False)
    return services.filed_staff_register(
        hospital=hospital,
        person=who,
        post_category=PostCategory.PROFESSIONAL,
        job_title="护士",
        entry_on=entry_on or day(4, 1),
        actor=system_actor(),
    )


# --- the view-test world ------------------------------------------------------------------------


def hospital_at(world: World, place: str) -> Hospital:
    """A hospital at a place of the world: 本单位 itself (what its clerk and reviewer see), or a
    new health unit under 兄弟单位 or in the foreign county (seen by the region roles, or none)."""
    if place == "unit":
        existing = Hospital.objects.filter(institution=world.unit).first()
        if existing:
            return existing
        institution = world.unit
    else:
        parent = world.place(place)
        institution = PublicInstitutionFactory(
            region=parent.region, parent=parent, sector=Sector.HEALTH
        )
    return save_tracked(
        Hospital(
            institution=institution,
            category=HospitalCategory.GENERAL,
            registered_on=datetime.date(YEAR, 1, 1),
        ),
        actor=system_actor(),
        reason="纳入备案管理",
    )


def filed_at(world: World, place: str, name: str = "王备案") -> FiledStaffRecord:
    """A 备案制 record at a place, written directly (the page tests need no control total)."""
    where = hospital_at(world, place)
    who = builders.person(where.institution.region, name)
    return save_tracked(
        FiledStaffRecord(
            person=who,
            hospital=where,
            post_category=PostCategory.PROFESSIONAL,
            entry_on=day(4, 1),
        ),
        actor=system_actor(),
        reason="登记备案制人员",
    )
