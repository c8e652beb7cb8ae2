"""Roles and scopes (domain.md §1): who sees which rows and who may do what.

The tree used throughout (expectations are written out by name, not derived from the code):

    示范市 city ── 示范市政府办 (city_office)
    ├── 甲县 county ── 甲县人民政府 (top)
    │   │              ├── 甲县教育局 (a)             ← reviewer
    │   │              │   └── 甲县第一中学 (a1)       ← clerk
    │   │              │       └── 甲县第一中学食堂 (a1a)
    │   │              └── 甲县卫生健康局 (b)
    │   ├── 一镇 town1 ── 一镇人民政府 (t1)
    │   └── 二镇 town2 ── 二镇人民政府 (t2)
    └── 乙县 other_county ── 乙县人民政府 (foreign)
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bianzhi.access import Action, Role, can, may_see_full_id_number, restrict, role_of
from bianzhi.tree import subtree_ids
from orgs.choices import RegionLevel
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region, UserScope
from tests.kit.factories import (
    DepartmentFactory,
    DocumentFactory,
    InstitutionFactory,
    RegionFactory,
    UserFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

SCOPE_MISMATCH = next(
    c.violation_error_message
    for c in UserScope._meta.constraints
    if c.name == "userscope_role_matches_scope"
)


@pytest.fixture
def tree():
    t = SimpleNamespace()
    t.city = RegionFactory(code="991000", name="示范市", level=RegionLevel.CITY)
    t.county = RegionFactory(code="991001", name="甲县", parent=t.city)
    t.other_county = RegionFactory(code="991002", name="乙县", parent=t.city)
    t.town1 = RegionFactory(code="991011", name="一镇", parent=t.county, level=RegionLevel.TOWNSHIP)
    t.town2 = RegionFactory(code="991012", name="二镇", parent=t.county, level=RegionLevel.TOWNSHIP)

    t.city_office = InstitutionFactory(region=t.city, full_name="示范市政府办")
    t.top = InstitutionFactory(region=t.county, full_name="甲县人民政府")
    t.a = InstitutionFactory(region=t.county, full_name="甲县教育局", parent=t.top)
    t.a1 = InstitutionFactory(region=t.county, full_name="甲县第一中学", parent=t.a)
    t.a1a = InstitutionFactory(region=t.county, full_name="甲县第一中学食堂", parent=t.a1)
    t.b = InstitutionFactory(region=t.county, full_name="甲县卫生健康局", parent=t.top)
    t.t1 = InstitutionFactory(region=t.town1, full_name="一镇人民政府")
    t.t2 = InstitutionFactory(region=t.town2, full_name="二镇人民政府")
    t.foreign = InstitutionFactory(region=t.other_county, full_name="乙县人民政府")

    for institution in Institution.objects.all():
        DepartmentFactory(institution=institution, name=f"{institution.full_name}办公室")

    t.doc_a = DocumentFactory(region=t.county, number="甲编〔2026〕1号")  # links a and a1
    t.doc_a.institutions.add(t.a, t.a1)
    t.doc_b = DocumentFactory(region=t.county, number="甲编〔2026〕2号")
    t.doc_b.institutions.add(t.b)
    t.doc_unlinked = DocumentFactory(region=t.county, number="甲编〔2026〕3号")
    t.doc_town1 = DocumentFactory(region=t.town1, number="一镇〔2026〕1号")
    t.doc_town1.institutions.add(t.t1)
    t.doc_city = DocumentFactory(region=t.city, number="示编〔2026〕1号")  # a city document
    t.doc_city.institutions.add(t.a1)  # that concerns a county school
    t.doc_foreign = DocumentFactory(region=t.other_county, number="乙编〔2026〕1号")
    t.doc_foreign.institutions.add(t.foreign)
    return t


def institution_names(user) -> set[str]:
    return set(restrict(Institution.objects.all(), user).values_list("full_name", flat=True))


def department_names(user) -> set[str]:
    return set(restrict(InternalDepartment.objects.all(), user).values_list("name", flat=True))


def document_numbers(user) -> list[str]:
    return sorted(restrict(ApprovalDocument.objects.all(), user).values_list("number", flat=True))


COUNTY_INSTITUTIONS = {
    "甲县人民政府",
    "甲县教育局",
    "甲县第一中学",
    "甲县第一中学食堂",
    "甲县卫生健康局",
    "一镇人民政府",
    "二镇人民政府",
}

REGION_ROLES = [Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER]
ALL_ROLES = list(Role)


# --- region-wide roles ------------------------------------------------------------------------


@pytest.mark.parametrize("role", REGION_ROLES)
def test_a_region_role_sees_its_region_and_the_regions_below(tree, role):
    user = make_user(role, region=tree.county)
    assert institution_names(user) == COUNTY_INSTITUTIONS
    assert department_names(user) == {f"{name}办公室" for name in COUNTY_INSTITUTIONS}


@pytest.mark.parametrize("role", REGION_ROLES)
def test_a_region_role_does_not_see_a_sibling_region(tree, role):
    user = make_user(role, region=tree.town1)
    assert institution_names(user) == {"一镇人民政府"}
    assert department_names(user) == {"一镇人民政府办公室"}
    assert document_numbers(user) == ["一镇〔2026〕1号"]


@pytest.mark.parametrize("role", REGION_ROLES)
def test_a_region_role_sees_documents_by_region(tree, role):
    user = make_user(role, region=tree.county)
    # The city document concerns a county school but belongs to the city: not in scope.
    assert document_numbers(user) == sorted(
        ["甲编〔2026〕1号", "甲编〔2026〕2号", "甲编〔2026〕3号", "一镇〔2026〕1号"]
    )


@pytest.mark.parametrize("role", REGION_ROLES)
def test_a_region_role_over_the_city_sees_every_county(tree, role):
    user = make_user(role, region=tree.city)
    assert institution_names(user) == COUNTY_INSTITUTIONS | {"示范市政府办", "乙县人民政府"}
    assert len(document_numbers(user)) == ApprovalDocument.objects.count()


@pytest.mark.parametrize("role", REGION_ROLES)
def test_a_region_role_sees_the_regions_below_its_own(tree, role):
    user = make_user(role, region=tree.county)
    regions = restrict(Region.objects.all(), user)
    assert set(regions.values_list("name", flat=True)) == {"甲县", "一镇", "二镇"}


# --- institution roles ------------------------------------------------------------------------


def test_a_reviewer_sees_its_institution_and_the_whole_subtree_below(tree):
    reviewer = make_user(Role.REVIEWER, institution=tree.a)
    assert institution_names(reviewer) == {"甲县教育局", "甲县第一中学", "甲县第一中学食堂"}
    assert department_names(reviewer) == {
        "甲县教育局办公室",
        "甲县第一中学办公室",
        "甲县第一中学食堂办公室",
    }


def test_a_reviewer_sees_neither_its_parent_nor_its_siblings(tree):
    names = institution_names(make_user(Role.REVIEWER, institution=tree.a))
    assert "甲县人民政府" not in names
    assert "甲县卫生健康局" not in names


def test_a_clerk_sees_only_its_own_institution(tree):
    clerk = make_user(Role.CLERK, institution=tree.a1)
    assert institution_names(clerk) == {"甲县第一中学"}
    assert department_names(clerk) == {"甲县第一中学办公室"}


def test_a_reviewer_sees_documents_concerning_its_institutions_once_each(tree):
    reviewer = make_user(Role.REVIEWER, institution=tree.a)
    # 甲编〔2026〕1号 links two institutions in scope and is listed once.
    assert document_numbers(reviewer) == ["甲编〔2026〕1号", "示编〔2026〕1号"]
    restricted = restrict(ApprovalDocument.objects.all(), reviewer)
    assert restricted.count() == 2
    assert len(list(restricted)) == 2


def test_a_clerk_sees_the_documents_concerning_its_institution(tree):
    clerk = make_user(Role.CLERK, institution=tree.a1)
    assert document_numbers(clerk) == ["甲编〔2026〕1号", "示编〔2026〕1号"]


def test_a_clerk_sees_no_document_that_concerns_no_institution_of_its_scope(tree):
    clerk = make_user(Role.CLERK, institution=tree.b)
    assert document_numbers(clerk) == ["甲编〔2026〕2号"]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.CLERK])
def test_institution_roles_see_no_regions(tree, role):
    user = make_user(role, institution=tree.a)
    assert not restrict(Region.objects.all(), user).exists()


# --- actions ----------------------------------------------------------------------------------

ALLOWED = {
    Action.VIEW: set(Role),
    Action.ADD: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF},
    Action.CHANGE: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF},
    Action.ABOLISH: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF},
    Action.EXPORT: {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER},
}


def user_with_role(role, tree):
    if role in REGION_ROLES:
        return make_user(role, region=tree.county)
    return make_user(role, institution=tree.a)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("model", [Institution, InternalDepartment, ApprovalDocument])
def test_what_each_role_may_do(tree, role, action, model):
    user = user_with_role(role, tree)
    assert can(user, action, model) is (role in ALLOWED[action])


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", [Action.ADD, Action.CHANGE, Action.ABOLISH])
def test_restrict_for_a_write_gives_nothing_to_read_only_roles(tree, role, action):
    user = user_with_role(role, tree)
    restricted = restrict(Institution.objects.all(), user, action)
    if role in ALLOWED[action]:
        assert set(restricted.values_list("full_name", flat=True)) == COUNTY_INSTITUTIONS
    else:
        assert not restricted.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_office_admin_manages_user_scopes(tree, role):
    user = user_with_role(role, tree)
    for action in Action:
        assert can(user, action, UserScope) is (role == Role.OFFICE_ADMIN)


# --- users without a usable scope -------------------------------------------------------------


def inactive_user(tree):
    user = make_user(Role.OFFICE_ADMIN, region=tree.city)
    user.is_active = False
    user.save()
    return user


@pytest.mark.parametrize(
    "make",
    [
        lambda tree: AnonymousUser(),
        inactive_user,
        lambda tree: UserFactory(),
    ],
    ids=["anonymous", "inactive", "without-scope"],
)
def test_anonymous_inactive_and_unscoped_users_get_nothing(tree, make):
    user = make(tree)
    assert role_of(user) is None
    for action in Action:
        assert not can(user, action, Institution)
    assert institution_names(user) == set()
    assert department_names(user) == set()
    assert document_numbers(user) == []
    assert not restrict(Region.objects.all(), user).exists()
    assert not may_see_full_id_number(user)


# --- full ID numbers (rule 14) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_see_full_id", "expected"),
    [
        (Role.OFFICE_ADMIN, False, True),
        (Role.OFFICE_STAFF, False, True),
        (Role.PARTNER, False, False),
        (Role.PARTNER, True, True),
        (Role.REVIEWER, False, False),
        (Role.REVIEWER, True, False),
        (Role.CLERK, False, False),
        (Role.CLERK, True, False),
    ],
)
def test_who_may_see_full_id_numbers(tree, role, may_see_full_id, expected):
    if role in REGION_ROLES:
        user = make_user(role, region=tree.county, may_see_full_id=may_see_full_id)
    else:
        user = make_user(role, institution=tree.a, may_see_full_id=may_see_full_id)
    assert may_see_full_id_number(user) is expected


# --- the scope matches the role ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "with_region", "with_institution"),
    [
        (Role.OFFICE_ADMIN, False, True),
        (Role.OFFICE_STAFF, True, True),
        (Role.PARTNER, False, False),
        (Role.REVIEWER, True, False),
        (Role.REVIEWER, True, True),
        (Role.CLERK, False, False),
    ],
)
def test_region_roles_have_only_a_region_and_institution_roles_only_an_institution(
    tree, role, with_region, with_institution
):
    scope = UserScope(
        user=UserFactory(),
        role=role,
        region=tree.county if with_region else None,
        institution=tree.a if with_institution else None,
    )
    with pytest.raises(ValidationError) as excinfo:
        scope.full_clean()
    assert excinfo.value.messages == [SCOPE_MISMATCH]
    with pytest.raises(IntegrityError), transaction.atomic():
        scope.save()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_scope_that_matches_its_role_is_valid(tree, role):
    scope = UserScope(user=UserFactory(), role=role)
    if role in REGION_ROLES:
        scope.region = tree.county
    else:
        scope.institution = tree.a
    scope.full_clean()


def test_the_scope_message_is_in_chinese():
    assert SCOPE_MISMATCH == (
        "编办人员和协作部门人员只填管辖区划；主管部门审核员和单位经办人只填所在机构。"
    )


# --- subtrees: one query per level ------------------------------------------------------------


def three_level_tree(children_per_node: int):
    region = RegionFactory()
    root = InstitutionFactory(region=region)
    level = [root]
    for _ in range(2):
        level = [
            InstitutionFactory(region=region, parent=node)
            for node in level
            for _ in range(children_per_node)
        ]
    return root


@pytest.mark.parametrize("children_per_node", [1, 4])
def test_subtree_ids_uses_one_query_per_level(django_assert_num_queries, children_per_node):
    root = three_level_tree(children_per_node)
    expected = 1 + children_per_node + children_per_node**2
    # Level 1 → its children, level 2 → its children, level 3 → none found: three queries.
    with django_assert_num_queries(3):
        found = subtree_ids(Institution, [root.pk])
    assert len(found) == expected
    assert root.pk in found


def test_subtree_ids_of_a_leaf_is_itself_in_one_query(django_assert_num_queries):
    leaf = InstitutionFactory()
    with django_assert_num_queries(1):
        assert subtree_ids(Institution, [leaf.pk]) == {leaf.pk}


def test_subtree_ids_of_no_roots_queries_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert subtree_ids(Institution, []) == set()


def test_subtree_ids_follows_regions_too(tree, django_assert_num_queries):
    with django_assert_num_queries(3):
        found = subtree_ids(Region, [tree.city.pk])
    assert found == {
        tree.city.pk,
        tree.county.pk,
        tree.other_county.pk,
        tree.town1.pk,
        tree.town2.pk,
    }
