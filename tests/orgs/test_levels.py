"""Levels (规格) and authority (issue 14, item 13; ``orgs.levels``): a county may not create a 正厅级
unit without the approving document of the level above, and an internal department is never
graded above its institution. Each refusal writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from bianzhi.access import Role
from orgs.choices import Category, InstitutionKind, Level, RegionLevel, System
from orgs.levels import (
    DEPARTMENT_ABOVE_INSTITUTION,
    INSTITUTION_BELOW_DEPARTMENTS,
    LEVEL_ABOVE_REGION,
    level_above_region,
    region_ceiling,
)
from orgs.models import Institution, InternalDepartment
from orgs.services import (
    department_create,
    department_update,
    institution_create,
    institution_update,
)
from tests.kit.factories import (
    DepartmentFactory,
    DocumentFactory,
    InstitutionFactory,
    RegionFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    return RegionFactory(name="示例县", level=RegionLevel.COUNTY)


@pytest.fixture
def staff(county):
    return make_user(Role.OFFICE_STAFF, region=county)


def create(region, actor, level, category=Category.WORKING_DEPARTMENT, **fields):
    return institution_create(
        actor=actor,
        full_name=fields.pop("full_name", "示例县新设局"),
        region=region,
        kind=InstitutionKind.PARTY_GOVERNMENT,
        system=System.GOVERNMENT,
        category=category,
        level=level,
        **fields,
    )


def refused(call) -> dict:
    before = (Institution.history.count(), InternalDepartment.history.count())
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert (Institution.history.count(), InternalDepartment.history.count()) == before
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    ("region_level", "category", "ceiling"),
    [
        (RegionLevel.COUNTY, Category.WORKING_DEPARTMENT, Level.SECTION),
        (RegionLevel.COUNTY, Category.LEADING_ORGAN, Level.DIVISION),
        (RegionLevel.COUNTY, Category.TOWNSHIP, Level.SECTION),
        (RegionLevel.CITY, Category.WORKING_DEPARTMENT, Level.DIVISION),
        (RegionLevel.CITY, Category.LEADING_ORGAN, Level.BUREAU),
        (RegionLevel.PROVINCE, Category.WORKING_DEPARTMENT, Level.BUREAU),
        (RegionLevel.TOWNSHIP, Category.TOWNSHIP, Level.SECTION),
        (RegionLevel.TOWNSHIP, Category.OTHER, Level.DEPUTY_SECTION),
    ],
)
def test_the_ceiling_follows_the_region_level(region_level, category, ceiling):
    assert region_ceiling(region_level, category) == ceiling


def test_a_county_cannot_create_a_bureau_level_unit_without_a_document(county, staff):
    message = refused(lambda: create(county, staff, Level.BUREAU))
    assert message == {
        "level": [
            LEVEL_ABOVE_REGION
            % {
                "region": "示例县",
                "region_level": "县级",
                "what": "机构",
                "ceiling": "正科级",
                "level": "正厅级",
            }
        ]
    }
    assert not Institution.objects.exists()


def test_a_level_above_the_ceiling_goes_through_with_the_approving_document(county, staff):
    document = DocumentFactory(region=county)
    institution = create(county, staff, Level.DIVISION, document=document)
    assert institution.level == Level.DIVISION
    assert level_above_region(institution) == Level.SECTION  # still listed as 高配


def test_a_county_leading_organ_may_be_division_level(county, staff):
    institution = create(county, staff, Level.DIVISION, category=Category.LEADING_ORGAN)
    assert level_above_region(institution) is None


def test_a_unit_at_or_below_the_ceiling_needs_no_document(county, staff):
    for level in (Level.SECTION, Level.DEPUTY_SECTION, Level.UNIT, Level.UNRATED):
        create(county, staff, level, full_name=f"示例县{level}单位")


def test_re_grading_above_the_ceiling_needs_a_document(county, staff):
    bureau = InstitutionFactory(region=county, level=Level.SECTION)
    message = refused(
        lambda: institution_update(
            institution=bureau, actor=staff, reason="升格", changes={"level": Level.DIVISION}
        )
    )
    assert "须由上级批准" in message["level"][0]

    institution_update(
        institution=bureau,
        actor=staff,
        reason="升格",
        changes={"level": Level.DIVISION},
        document=DocumentFactory(region=county),
    )
    bureau.refresh_from_db()
    assert bureau.level == Level.DIVISION


def test_an_edit_that_leaves_the_level_alone_is_not_asked_again(county, staff):
    legacy = InstitutionFactory(region=county, level=Level.DIVISION)  # 高配 from before
    institution_update(institution=legacy, actor=staff, reason="更名", changes={"short_name": "甲"})


def test_a_division_level_department_inside_a_section_level_unit_is_refused(county, staff):
    unit = InstitutionFactory(region=county, full_name="示例县某局", level=Level.SECTION)
    message = refused(
        lambda: department_create(
            actor=staff,
            institution=unit,
            name="某处",
            level=Level.DIVISION,
            document=DocumentFactory(region=county),
        )
    )
    assert message == {
        "level": [
            DEPARTMENT_ABOVE_INSTITUTION
            % {"institution": "示例县某局", "institution_level": "正科级", "level": "正处级"}
        ]
    }


def test_a_department_may_reach_but_not_pass_its_institution(county, staff):
    unit = InstitutionFactory(region=county, level=Level.DEPUTY_SECTION)
    department = department_create(
        actor=staff, institution=unit, name="办公室", level=Level.DEPUTY_SECTION
    )
    message = refused(
        lambda: department_update(
            department=department, actor=staff, reason="升格", changes={"level": Level.SECTION}
        )
    )
    assert "不能高于所属机构" in message["level"][0]


def test_an_institution_is_not_graded_below_its_departments(county, staff):
    unit = InstitutionFactory(region=county, full_name="示例县某局", level=Level.SECTION)
    DepartmentFactory(institution=unit, name="刑事侦查大队", level=Level.DEPUTY_SECTION)
    message = refused(
        lambda: institution_update(
            institution=unit, actor=staff, reason="降格", changes={"level": Level.UNIT}
        )
    )
    assert message == {
        "level": [
            INSTITUTION_BELOW_DEPARTMENTS
            % {"institution": "示例县某局", "level": "股级", "names": "刑事侦查大队"}
        ]
    }
