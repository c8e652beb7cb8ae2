"""A civil servant of an organ (兄弟单位) and a 事业编 teacher with a signed 聘用合同 (本单位), the
组织 and 人社 partners of the county, and a 组织 partner of the other county."""

from dataclasses import dataclass

import pytest

from bianzhi.access import Department, Role
from people.models import EstablishmentRecord
from tests.kit import builders
from tests.kit.factories import make_user
from tests.kit.world import World


@dataclass
class Scene:
    world: World
    civil_servant: EstablishmentRecord
    teacher: EstablishmentRecord
    organization: object
    human_resources: object
    foreign_organization: object
    office: object


@pytest.fixture
def scene(world) -> Scene:
    (civil_servant,) = builders.staff(builders.quota(world.sibling, 3), 1, name_prefix="科员")
    teacher_person = builders.person(
        world.region,
        "教师甲",
        civil_servant_registered=False,
        employment_contract_signed=True,
    )
    teacher = builders.enter(teacher_person, builders.quota(world.unit, 3))
    return Scene(
        world=world,
        civil_servant=civil_servant,
        teacher=teacher,
        organization=make_user(
            Role.PARTNER,
            region=world.region,
            username="organization",
            department=Department.ORGANIZATION,
        ),
        human_resources=make_user(
            Role.PARTNER,
            region=world.region,
            username="human_resources",
            department=Department.HUMAN_RESOURCES,
        ),
        foreign_organization=make_user(
            Role.PARTNER,
            region=world.other_region,
            username="foreign_organization",
            department=Department.ORGANIZATION,
        ),
        office=world.users["office_staff"],
    )
