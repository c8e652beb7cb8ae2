"""A small world with every role in and out of scope, for the view-test kit.

    示例县 (home)                          他县 (foreign region)
    ├── 主管局 (supervisor) ← reviewer      └── 外县单位 (foreign)
    │   └── 本单位 (unit) ← clerk
    └── 兄弟单位 (sibling)
    office_admin, office_staff, partner: over 示例县

The expectations below are written out by hand, independently of bianzhi/access.py, so that the
kit checks the access rules rather than repeating them.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User

from bianzhi.access import Role
from orgs.choices import Relation
from orgs.models import Institution, Region

from .factories import InstitutionFactory, PublicInstitutionFactory, RegionFactory, make_user

ROLES = ["office_admin", "office_staff", "partner", "reviewer", "clerk"]
PLACES = ["unit", "sibling", "foreign"]
WRITERS = {"office_admin", "office_staff"}

# Which places each role sees; nobody sees the foreign region.
VISIBLE_PLACES = {
    "office_admin": {"unit", "sibling"},
    "office_staff": {"unit", "sibling"},
    "partner": {"unit", "sibling"},
    "reviewer": {"unit"},
    "clerk": {"unit"},
}


@dataclass
class World:
    region: Region
    other_region: Region
    supervisor: Institution
    unit: Institution
    sibling: Institution
    foreign: Institution
    users: dict[str, User]

    def place(self, name: str) -> Institution:
        return getattr(self, name)


def build_world() -> World:
    region = RegionFactory(code="990121", name="示例县")
    other_region = RegionFactory(code="990122", name="他县")
    supervisor = InstitutionFactory(full_name="示例县主管局", region=region)
    unit = PublicInstitutionFactory(
        full_name="示例县本单位", region=region, parent=supervisor, relation=Relation.DIRECT
    )
    sibling = InstitutionFactory(full_name="示例县兄弟单位", region=region)
    foreign = InstitutionFactory(full_name="他县外县单位", region=other_region)
    users = {
        "office_admin": make_user(Role.OFFICE_ADMIN, region=region, username="office_admin"),
        "office_staff": make_user(Role.OFFICE_STAFF, region=region, username="office_staff"),
        "partner": make_user(Role.PARTNER, region=region, username="partner"),
        "reviewer": make_user(Role.REVIEWER, institution=supervisor, username="reviewer"),
        "clerk": make_user(Role.CLERK, institution=unit, username="clerk"),
    }
    return World(region, other_region, supervisor, unit, sibling, foreign, users)
