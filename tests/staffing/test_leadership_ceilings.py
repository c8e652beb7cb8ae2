"""Rule 5, the ceiling of a unit's leadership posts by its level (issue 14, item 13): one 单位正职,
单位副职 by level (see staffing/leadership_ceilings.py); more only by a document issued above the
unit's region. The standing check is tested in tests/checks/test_structure_checks.py."""

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from orgs.choices import Level, RegionLevel
from staffing import services
from staffing.choices import PostKind
from staffing.leadership_ceilings import LEADERSHIP_ABOVE_CEILING, ceiling
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, RegionFactory
from tests.kit.writes import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return RegionFactory(code="990100", name="测试市", level=RegionLevel.CITY)


@pytest.fixture
def county(city):
    return RegionFactory(code="990121", name="测试县", parent=city)


def unit(county, level=Level.SECTION, name="测试县财政局"):
    return InstitutionFactory(region=county, full_name=name, level=level)


def set_quota(institution, post_kind, approved, document):
    return services.leadership_quota_set(
        institution=institution,
        post_kind=post_kind,
        approved=approved,
        document=document,
        actor=system_actor(),
        reason="核定领导职数",
    )


@pytest.mark.parametrize(
    ("level", "deputies"),
    [
        (Level.BUREAU, 6),
        (Level.DIVISION, 5),
        (Level.DEPUTY_DIVISION, 5),
        (Level.SECTION, 4),
        (Level.DEPUTY_SECTION, 3),
        (Level.UNIT, 3),
        (Level.UNRATED, 3),
    ],
)
def test_the_ceilings_follow_the_table(level, deputies):
    assert ceiling(PostKind.UNIT_HEAD, level) == 1
    assert ceiling(PostKind.UNIT_DEPUTY, level) == deputies
    assert ceiling(PostKind.DEPARTMENT_HEAD, level) is None


def test_up_to_the_ceiling_the_regions_own_document_suffices(county):
    bureau = unit(county)
    set_quota(bureau, PostKind.UNIT_HEAD, 1, builders.document(bureau))
    quota = set_quota(bureau, PostKind.UNIT_DEPUTY, 4, builders.document(bureau))
    assert quota.approved == 4


def test_five_unit_heads_are_refused_with_the_regions_document(county):
    bureau = unit(county)
    with nothing_written(), pytest.raises(ValidationError) as refused:
        set_quota(bureau, PostKind.UNIT_HEAD, 5, builders.document(bureau))
    assert refused.value.message_dict["approved"] == [
        LEADERSHIP_ABOVE_CEILING
        % {
            "institution": "测试县财政局",
            "level": "正科级",
            "post": "单位正职",
            "ceiling": 1,
            "approved": 5,
            "region": "测试县",
        }
    ]


def test_raising_an_existing_quota_above_the_ceiling_is_refused(county):
    bureau = unit(county, Level.DEPUTY_SECTION, "测试县中心")
    set_quota(bureau, PostKind.UNIT_DEPUTY, 3, builders.document(bureau))
    with nothing_written(), pytest.raises(ValidationError, match="一般不超过 3 名"):
        set_quota(bureau, PostKind.UNIT_DEPUTY, 4, builders.document(bureau))


def test_a_document_from_the_region_above_allows_it(county, city):
    bureau = unit(county)
    approval = builders.document(region=city, issuer="测试市机构编制委员会办公室")
    quota = set_quota(bureau, PostKind.UNIT_DEPUTY, 6, approval)
    assert quota.approved == 6


def test_a_document_of_a_neighbouring_region_does_not(county, city):
    neighbour = RegionFactory(code="990122", name="邻县", parent=city)
    bureau = unit(county)
    with pytest.raises(ValidationError):
        set_quota(bureau, PostKind.UNIT_DEPUTY, 6, builders.document(region=neighbour))


def test_department_and_other_posts_are_not_bounded(county):
    bureau = unit(county)
    quota = services.leadership_quota_set(
        institution=bureau,
        post_kind=PostKind.OTHER,
        approved=7,
        document=builders.document(bureau),
        actor=system_actor(),
        reason="核定",
        post_title="专职委员",
    )
    assert quota.approved == 7
