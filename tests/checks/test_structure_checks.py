"""The standing checks of 编制结构 and of leadership ceilings (issue 14, item 13): each lists the
breach and leaves the clean line or quota out."""

import datetime

import pytest

from bianzhi.history import system_actor
from checks import selectors
from orgs.choices import RegionLevel
from staffing import services
from staffing.choices import EstablishmentType, PostKind
from staffing.post_structure import post_structure_set
from tests.kit import builders
from tests.kit.factories import PublicInstitutionFactory, RegionFactory

from .scene import later

pytestmark = pytest.mark.django_db


def breaches(world, today, code) -> dict[str, str]:
    (result,) = selectors.report(world.users["office_staff"], today, only=code)
    return {breach.institution_name: breach.detail for breach in result.breaches}


def structured(institution, approved, people, structure):
    line = builders.quota(institution, approved)
    if people:
        builders.staff(line, people, name_prefix=institution.full_name[-2:])
    management, professional, worker = structure
    post_structure_set(
        line=line,
        management=management,
        professional=professional,
        worker=worker,
        document=builders.document(institution),
        actor=system_actor(),
        reason="核定岗位结构",
    )
    return line


def test_people_above_a_categorys_structure_are_listed_and_a_clean_line_is_not(world, today):
    crowded = PublicInstitutionFactory(full_name="示例县甲中心", region=world.region)
    structured(crowded, 5, 3, (1, 2, 1))  # three professionals on two posts
    clean = PublicInstitutionFactory(full_name="示例县乙中心", region=world.region)
    structured(clean, 5, 3, (1, 3, 1))
    assert breaches(world, today, "post_structure") == {"示例县甲中心": "专技岗位核定 2，在编 3"}


def test_a_structure_above_the_quota_after_a_cut_is_listed(world, today):
    centre = PublicInstitutionFactory(full_name="示例县丙中心", region=world.region)
    structured(centre, 6, 0, (1, 4, 1))
    services.adjustment_apply(
        region=world.region,
        kind="decrease",
        summary="核减编制",
        document=builders.document(centre),
        effective_on=today,
        lines=[services.LineChange(EstablishmentType.PUBLIC, -2, centre, "full")],
        actor=system_actor(),
    )
    assert breaches(world, today, "post_structure") == {"示例县丙中心": "结构合计 6，超出核定数 4"}


def test_a_scheduled_cut_is_not_a_breach_before_its_day(world, today):
    centre = PublicInstitutionFactory(full_name="示例县丁中心", region=world.region)
    structured(centre, 6, 0, (1, 4, 1))
    services.adjustment_apply(
        region=world.region,
        kind="decrease",
        summary="核减编制",
        document=builders.document(centre),
        effective_on=today + datetime.timedelta(days=30),
        lines=[services.LineChange(EstablishmentType.PUBLIC, -2, centre, "full")],
        actor=system_actor(),
    )
    assert breaches(world, today, "post_structure") == {}
    assert breaches(world, today + datetime.timedelta(days=30), "post_structure") == {
        "示例县丁中心": "结构合计 6，超出核定数 4"
    }


def test_quotas_above_the_ceiling_need_a_document_from_above(world, today):
    city = RegionFactory(code="990100", name="示例市", level=RegionLevel.CITY)
    world.region.parent = city
    later(world.region, "设上级区划")
    raised = builders.leadership_quota(world.sibling, PostKind.UNIT_DEPUTY, 4)
    raised.approved = 6
    later(raised, "历史数据：单位副职核定数改为 6 名")
    services.leadership_quota_set(
        institution=world.supervisor,
        post_kind=PostKind.UNIT_DEPUTY,
        approved=6,
        document=builders.document(region=city),
        actor=system_actor(),
        reason="上级批准",
    )
    builders.leadership_quota(world.unit, PostKind.UNIT_DEPUTY, 3)
    found = breaches(world, today, "leadership_ceiling")
    assert list(found) == ["示例县兄弟单位"]
    assert found["示例县兄弟单位"].startswith("正科级，单位副职一般不超过 4 名，核定 6 名")
