"""The region overview (区域概况): access, exact figures of a hand-built scenario, a fixed number of
queries whatever the number of institutions, and the retirement selector behind it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.history import system_actor
from people import services
from people.choices import PostCategory
from people.idnumbers import mask_id_number
from people.models import EstablishmentRecord
from people.retirement import RetirementGroup, retirement_month
from people.selectors import past_retirement, retirement_birth_cutoffs
from staffing import services as staffing_services
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import InstitutionFactory
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES
from tests.people.test_person_views import line_at

OVERVIEW = "people:overview"
DUPLICATES = "people:overview_duplicates"
REGION_ROLES = {"office_admin", "office_staff", "partner"}


@pytest.mark.parametrize("page", [OVERVIEW, DUPLICATES])
def test_the_overview_needs_login(client, world, page):
    assert_redirects_to_login(client.get(reverse(page)))


@pytest.mark.parametrize("page", [OVERVIEW, DUPLICATES])
@pytest.mark.parametrize("role", ROLES)
def test_the_overview_is_for_region_wide_roles(client, world, role, page):
    client.force_login(world.users[role])
    response = client.get(reverse(page))
    assert response.status_code == (200 if role in REGION_ROLES else 403)


def test_the_overview_loads_its_duplicate_names_once_shown(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse(OVERVIEW)).content.decode()
    assert f'hx-get="{reverse(DUPLICATES)}" hx-trigger="load"' in page


def enter_people(line, names, **person_fields) -> list[EstablishmentRecord]:
    """Enter one new person per name, on one permit for all of them."""
    used_permit = builders.permit(line, count=len(names))
    institution = line.institution
    return [
        builders.enter(
            builders.person(institution.region, name, **person_fields), line, used_permit
        )
        for name in names
    ]


@pytest.fixture
def scenario(world):
    """示例县:
    兄弟单位 行政编制 6, 2 in, 1 permitted and unused; 主管局 行政编制 4, nobody;
    本单位 事业编制 3, 3 in, then reduced to 2 with a reason (merger): 1 over;
    pool 行政 3 and total control 行政 20;
    本单位 单位正职 1, held by 2 (the second by an over-quota document);
    王芳 active at 本单位 and at 兄弟单位.
    """
    actor = system_actor()
    region = world.region
    sibling_line = line_at(world.sibling, 6)
    line_at(world.supervisor, 4)
    unit_line = line_at(world.unit, 3)
    fang_unit, _, _ = enter_people(unit_line, ["王芳", "陈一", "陈二"])
    fang_sibling, _ = enter_people(sibling_line, ["王芳", "孙二"])
    builders.permit(sibling_line)
    staffing_services.adjustment_apply(
        region=region,
        kind="decrease",
        summary="机构合并核减",
        document=builders.document(world.unit),
        effective_on=builders.EFFECTIVE,
        lines=[
            staffing_services.LineChange(
                establishment_type="public", delta=-1, institution=world.unit, funding_form="full"
            )
        ],
        actor=actor,
        over_establishment_reason="机构合并",
    )
    staffing_services.adjustment_apply(
        region=region,
        kind="reclaim",
        summary="收回空编",
        document=builders.document(),
        effective_on=builders.EFFECTIVE,
        lines=[staffing_services.LineChange(establishment_type="administrative", delta=3)],
        actor=actor,
    )
    staffing_services.region_total_set(
        region=region,
        establishment_type="administrative",
        total=20,
        document=builders.document(),
        actor=actor,
        reason="上级核定总量",
    )
    head = builders.leadership_quota(world.unit, "unit_head", 1)
    chen_one, chen_two = EstablishmentRecord.objects.filter(person__name__startswith="陈")
    builders.appoint(chen_one.person, head, title="主任")
    builders.appoint(
        chen_two.person, head, title="主任", over_quota_document=builders.document(world.unit)
    )
    return {"fang": (fang_unit, fang_sibling), "head": head, "unit_line": unit_line}


def test_overview_figures_of_a_hand_built_scenario(client, world, scenario):
    retiree = builders.person(world.region, "钱老", birth=datetime.date(1950, 3, 8))
    sibling_line = line_at(world.sibling)
    builders.enter_unchecked(retiree, sibling_line, builders.permit(sibling_line))
    leaver = builders.person(world.region, "王芳")
    builders.enter(leaver, sibling_line, builders.permit(sibling_line))
    services.exit_register(
        record=leaver.records.get(),
        ended_on=day(3, 1),
        end_reason="resignation",
        actor=system_actor(),
    )
    foreign_line = line_at(world.foreign)
    builders.enter(
        builders.person(world.other_region, "王芳"), foreign_line, builders.permit(foreign_line)
    )

    client.force_login(world.users["office_staff"])
    context = client.get(reverse(OVERVIEW)).context
    totals = {row.establishment_type: row for row in context["totals"]}
    administrative, public = totals["administrative"], totals["public"]
    assert (administrative.approved, administrative.pool, administrative.total) == (10, 3, 20)
    assert administrative.headroom == 7
    # 兄弟单位: 王芳, 钱老 (scenario) and the retiree; 1 permit still unused.
    assert (administrative.occupied, administrative.reserved) == (3, 1)
    assert (administrative.vacancy, administrative.over) == (7, 0)
    assert (public.approved, public.occupied, public.vacancy, public.over) == (2, 3, 0, 1)
    assert public.total is None and public.headroom is None
    assert context["occupied_total"] == 6

    (over,) = context["over_established"]
    assert (over.institution, over.approved, over.occupied, over.over) == (world.unit, 2, 3, 1)
    assert over.over_establishment_reason == "机构合并"

    (leaders,) = context["over_leadership"]
    assert leaders == scenario["head"]
    assert (leaders.approved, leaders.filled, leaders.excess) == (1, 2, 1)

    duplicates = client.get(reverse(DUPLICATES)).context["duplicate_names"]
    (duplicate,) = duplicates.groups
    assert (duplicates.names, duplicates.people) == (1, 2)
    assert duplicate.name == "王芳"
    assert {record.pk for record in duplicate.records} == {r.pk for r in scenario["fang"]}

    assert [record.person for record in context["past_retirement"]] == [retiree]
    assert context["past_retirement_total"] == 1
    assert context["past_retirement"][0].months_overdue > 0


def test_the_overview_masks_id_numbers(client, world, scenario):
    client.force_login(world.users["office_admin"])
    page = client.get(reverse(DUPLICATES)).content.decode()
    for record in scenario["fang"]:
        assert record.person.id_number not in page
        assert mask_id_number(record.person.id_number) in page


def add_institutions(world, count: int, start: int) -> None:
    """Institutions that each show in every list of the overview: over-established, over their
    leadership quota, a name shared with others, someone past retirement."""
    for n in range(start, start + count):
        institution = InstitutionFactory(region=world.region, full_name=f"示例县第{n}局")
        line = line_at(institution, 3)
        first, second = enter_people(line, [f"重名{n % 2}", f"人员{n}"])
        retiree = builders.person(world.region, f"老{n}", birth=datetime.date(1950, 1, 1))
        builders.enter_unchecked(retiree, line, builders.permit(line))
        staffing_services.adjustment_apply(
            region=world.region,
            kind="decrease",
            summary="核减",
            document=builders.document(institution),
            effective_on=builders.EFFECTIVE,
            lines=[
                staffing_services.LineChange(
                    establishment_type="administrative", delta=-1, institution=institution
                )
            ],
            actor=system_actor(),
            over_establishment_reason="机构合并",
        )
        head = builders.leadership_quota(institution, "unit_head", 1)
        builders.appoint(first.person, head, title="局长")
        builders.appoint(
            second.person, head, title="局长", over_quota_document=builders.document(institution)
        )


def overview_queries(client, page=OVERVIEW) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(page))
    assert response.status_code == 200
    return len(queries), response.context


def test_the_overview_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["office_staff"])
    add_institutions(world, 3, start=1)
    few, context = overview_queries(client)
    few_duplicates, _ = overview_queries(client, DUPLICATES)
    assert len(context["over_established"]) == 3
    add_institutions(world, 3, start=4)
    many, context = overview_queries(client)
    many_duplicates, duplicates = overview_queries(client, DUPLICATES)
    assert len(context["over_established"]) == 6
    assert len(context["over_leadership"]) == 6
    assert len(context["past_retirement"]) == 6
    groups = duplicates["duplicate_names"].groups
    assert {d.name: d.count for d in groups} == {"重名0": 3, "重名1": 3}
    assert (many, many_duplicates) == (few, few_duplicates)


# --- people past their retirement month (rules 9 and 10) -----------------------------------------


@pytest.mark.parametrize(
    ("group", "birth", "retires"),
    [
        (RetirementGroup.MAN, datetime.date(1965, 1, 1), datetime.date(2025, 2, 1)),
        (RetirementGroup.MAN, datetime.date(1976, 9, 1), datetime.date(2039, 9, 1)),
        (RetirementGroup.WOMAN_CADRE, datetime.date(1971, 4, 1), datetime.date(2026, 8, 1)),
        (RetirementGroup.WOMAN_WORKER, datetime.date(1975, 3, 1), datetime.date(2025, 5, 1)),
    ],
)
def test_cutoffs_agree_with_the_domain_examples(group, birth, retires):
    in_the_month = retires.replace(day=28)
    after_it = datetime.date(retires.year + retires.month // 12, retires.month % 12 + 1, 1)
    assert retirement_birth_cutoffs(in_the_month)[group] <= birth
    assert retirement_birth_cutoffs(after_it)[group] > birth


def test_cutoffs_agree_with_the_retirement_function_month_by_month():
    """For every month from 2020 to 2045 and every birth month near the cutoff: born before the
    cutoff if and only if the retirement month has passed."""
    for year in range(2020, 2046):
        for month in range(1, 13):
            today = datetime.date(year, month, 15)
            for group, cutoff in retirement_birth_cutoffs(today).items():
                for offset in range(-6, 7):
                    index = cutoff.year * 12 + cutoff.month - 1 + offset
                    birth = datetime.date(index // 12, index % 12 + 1, 1)
                    passed = retirement_month(birth, group) < today.replace(day=1)
                    assert passed == (birth < cutoff), (today, group, birth)


def test_past_retirement_uses_sex_and_post(world):
    line = line_at(world.unit, 10)
    today = datetime.date(2026, 9, 1)
    cases = {
        # (male, birth, post): listed on 2026-09-01?
        "男60": (True, datetime.date(1965, 6, 30), PostCategory.PROFESSIONAL, True),
        "男未到": (True, datetime.date(1966, 12, 1), PostCategory.PROFESSIONAL, False),
        "女干部": (False, datetime.date(1971, 4, 2), PostCategory.PROFESSIONAL, True),
        "女干部未到": (False, datetime.date(1971, 5, 1), PostCategory.MANAGEMENT, False),
        "女工勤": (False, datetime.date(1975, 3, 9), PostCategory.WORKER, True),
        "女工勤当月": (False, datetime.date(1976, 3, 1), PostCategory.WORKER, False),
    }
    for name, (male, birth, post, _listed) in cases.items():
        person = builders.person(world.region, name, birth=birth, male=male)
        builders.enter_unchecked(person, line, builders.permit(line), post_category=post)
    listed = {
        record.person.name
        for record in past_retirement(EstablishmentRecord.objects.all(), today=today)
    }
    assert listed == {name for name, case in cases.items() if case[3]}


# --- the people lists: the first names on the overview, all of them on the roster -------------


def test_the_overview_lists_the_first_names_and_counts_them_all(client, world, monkeypatch):
    monkeypatch.setattr("people.figures.LISTED", 1)
    add_institutions(world, 4, start=1)
    client.force_login(world.users["office_staff"])
    response = client.get(reverse(OVERVIEW))
    assert len(response.context["past_retirement"]) == 1
    assert response.context["past_retirement_total"] == 4
    assert "?check=past_retirement&amp;sort=birth_date" in response.content.decode()
    response = client.get(reverse(DUPLICATES))
    duplicates = response.context["duplicate_names"]
    assert [group.name for group in duplicates.groups] == ["重名0"]
    assert (duplicates.names, duplicates.people, duplicates.truncated) == (2, 4, True)
    fragment = response.content.decode()
    assert "?check=duplicate_name&amp;sort=name" in fragment
    assert "在花名册中查看全部 4 人" in fragment
    assert '<div class="bz-stat" id="duplicate-count" hx-swap-oob="true">4</div>' in fragment


def roster_names(client, **query) -> list[str]:
    response = client.get(reverse("people:person_list"), query)
    assert response.status_code == 200
    return sorted(row.record.person.name for row in response.context["table"].page.object_list)


def test_the_roster_lists_everyone_sharing_a_name(client, world, scenario):
    client.force_login(world.users["office_staff"])
    assert roster_names(client, check="duplicate_name") == ["王芳", "王芳"]
    # Shared with someone elsewhere in scope, even when the other filters leave only one of them.
    assert roster_names(client, check="duplicate_name", institution=world.unit.pk) == ["王芳"]


def test_a_clerk_sees_only_names_repeated_within_their_scope(client, world, scenario):
    client.force_login(world.users["clerk"])
    assert roster_names(client, check="duplicate_name") == []
    assert roster_names(client) == ["王芳", "陈一", "陈二"]


def test_the_roster_lists_everyone_past_retirement(client, world, scenario):
    retiree = builders.person(world.region, "钱老", birth=datetime.date(1950, 3, 8))
    sibling_line = line_at(world.sibling)
    builders.enter_unchecked(retiree, sibling_line, builders.permit(sibling_line))
    client.force_login(world.users["office_staff"])
    assert roster_names(client, check="past_retirement") == ["钱老"]
    # In post only: the check does not list those who have left, whatever the status filter.
    assert roster_names(client, check="past_retirement", status="") == ["钱老"]
