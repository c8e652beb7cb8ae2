"""编制结构 (issue 14, item 13): a public institution's 事业编制 line divides into 管理/专技/工勤
posts; the three are set together, none negative, their sum within the quota in force today
(rule 15); three blanks clear it. The establishment page shows it with the people per post
category, and offers the form to the office only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bianzhi.history import system_actor
from staffing import services
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine
from staffing.post_structure import (
    STRUCTURE_ABOVE_APPROVED,
    STRUCTURE_INCOMPLETE,
    STRUCTURE_NEGATIVE,
    STRUCTURE_ONLY_FOR_PUBLIC,
    post_structure_set,
)
from tests.kit import builders
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory
from tests.kit.pages import row_starting
from tests.kit.views import Urls, ViewTestCases
from tests.kit.writes import attribution, latest, nothing_written

pytestmark = pytest.mark.django_db
PUBLIC_FULL = "事业编制（全额拨款）"


@pytest.fixture
def school(region):
    return PublicInstitutionFactory(region=region, full_name="测试县第一中学")


def set_structure(line, management, professional, worker, actor=None, document=None):
    return post_structure_set(
        line=line,
        management=management,
        professional=professional,
        worker=worker,
        document=document or builders.document(line.institution),
        actor=actor or system_actor(),
        reason="核定岗位结构",
    )


def refusal(line, *counts) -> str:
    with nothing_written(), pytest.raises(ValidationError) as refused:
        set_structure(line, *counts)
    return refused.value.messages[0]


# --- the service -----------------------------------------------------------------------------


def test_a_structure_within_the_quota_is_recorded_with_who_why_and_document(school, actor):
    line = builders.quota(school, 10)
    document = builders.document(school)
    set_structure(line, 2, 7, 1, actor=actor, document=document)
    line.refresh_from_db()
    assert (line.management_posts, line.professional_posts, line.worker_posts) == (2, 7, 1)
    assert attribution(latest(line)) == (actor, "核定岗位结构", document.number)


def test_the_sum_may_not_exceed_the_quota_in_force(school):
    line = builders.quota(school, 10)
    message = refusal(line, 3, 7, 1)
    assert message == STRUCTURE_ABOVE_APPROVED % {
        "line": f"“{school.full_name}”事业编制（全额拨款）",
        "approved": 10,
        "sum": 11,
        "management": 3,
        "professional": 7,
        "worker": 1,
        "excess": 1,
    }


def test_a_scheduled_increase_does_not_count_before_its_day_and_the_refusal_says_so(school, today):
    line = builders.quota(school, 10)
    later = today + datetime.timedelta(days=200)
    services.adjustment_apply(
        region=school.region,
        kind="increase",
        summary="增加编制",
        document=builders.document(school),
        effective_on=later,
        lines=[services.LineChange(EstablishmentType.PUBLIC, 5, school, "full")],
        actor=system_actor(),
    )
    message = refusal(line, 3, 10, 2)
    assert "今日生效的核定数为 10 名" in message
    assert f"另有待生效的编制调整（{later:%Y-%m-%d} 生效）" in message


def test_counts_are_set_together_and_never_negative(school):
    line = builders.quota(school, 10)
    assert refusal(line, 2, None, 1) == STRUCTURE_INCOMPLETE
    assert refusal(line, 2, -1, 1) == STRUCTURE_NEGATIVE


def test_three_blanks_clear_the_structure(school):
    line = builders.quota(school, 10)
    set_structure(line, 2, 7, 1)
    set_structure(line, None, None, None)
    line.refresh_from_db()
    assert (line.management_posts, line.professional_posts, line.worker_posts) == (
        None,
        None,
        None,
    )


def test_organ_lines_hold_no_structure(finance):
    line = builders.quota(finance, 10)
    assert refusal(line, 2, 0, 0) == STRUCTURE_ONLY_FOR_PUBLIC % {
        "line": f"“{finance.full_name}”行政编制"
    }


def test_the_same_structure_again_writes_nothing(school):
    line = builders.quota(school, 10)
    set_structure(line, 2, 7, 1)
    with nothing_written():
        set_structure(line, 2, 7, 1)


# --- the pages -------------------------------------------------------------------------------


def structure_data(world, line, management="1", professional="2", worker="0") -> dict:
    return {
        "management": management,
        "professional": professional,
        "worker": worker,
        "document": builders.document(line.institution).number,
        "reason": "核定岗位结构",
    }


class TestPostStructureView(ViewTestCases.EditView):
    model = QuotaLine
    urls = Urls(edit="staffing:post_structure_set")

    def make_object(self, world, place):
        """A public institution's line at ``place`` (the sibling and the foreign unit are
        organs, so a public institution of their region stands in for them)."""
        institution = world.place(place)
        if place != "unit":
            institution = PublicInstitutionFactory(
                region=institution.region, full_name=f"{institution.full_name}所属中心"
            )
        return builders.quota(institution, 5)

    def edit_data(self, world, obj):
        return structure_data(world, obj)


def establishment(client, world, institution, role="office_staff"):
    client.force_login(world.users[role])
    response = client.get(reverse("staffing:institution_establishment", args=[institution.pk]))
    assert response.status_code == 200
    return response


def establishment_page(client, world, institution, role="office_staff") -> str:
    return establishment(client, world, institution, role).content.decode()


def structure_cell(client, world, role="office_staff") -> str:
    """The 岗位结构 cell of 本单位's line: each category's posts with its people in brackets."""
    return row_starting(establishment(client, world, world.unit, role), PUBLIC_FULL)[7]


def test_the_page_shows_the_structure_with_the_people_per_post_category(client, world):
    line = builders.quota(world.unit, 6)
    builders.staff(line, 2)
    set_structure(line, 1, 4, 1)
    assert structure_cell(client, world).startswith("1（0） / 4（2） / 1（0）")


def test_a_category_over_its_structure_is_marked(client, world):
    line = builders.quota(world.unit, 6)
    builders.staff(line, 2)
    set_structure(line, 1, 1, 1)
    html = establishment_page(client, world, world.unit)
    assert 'class="text-danger fw-semibold">1（2）' in html
    assert 'fw-semibold">1（0）' not in html


@pytest.mark.parametrize("role", ["office_staff", "office_admin"])
def test_the_office_is_offered_the_form_from_the_page(client, world, role):
    line = builders.quota(world.unit, 6)
    url = reverse("staffing:post_structure_set", args=[line.pk])
    assert url in establishment_page(client, world, world.unit, role)
    response = client.post(url, structure_data(world, line))
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.management_posts, line.professional_posts, line.worker_posts) == (1, 2, 0)


@pytest.mark.parametrize("role", ["clerk", "reviewer", "partner"])
def test_other_roles_see_the_structure_but_not_the_form(client, world, role):
    line = builders.quota(world.unit, 6)
    set_structure(line, 1, 4, 1)
    assert structure_cell(client, world, role) == "1（0） / 4（0） / 1（0）"
    html = establishment_page(client, world, world.unit, role)
    assert reverse("staffing:post_structure_set", args=[line.pk]) not in html


def test_organ_lines_offer_no_form(client, world):
    organ = InstitutionFactory(region=world.region, full_name="示例县丁局")
    line = builders.quota(organ, 6)
    html = establishment_page(client, world, organ)
    assert reverse("staffing:post_structure_set", args=[line.pk]) not in html


def test_a_refusal_shows_on_the_form_and_writes_nothing(client, world):
    line = builders.quota(world.unit, 3)
    client.force_login(world.users["office_staff"])
    url = reverse("staffing:post_structure_set", args=[line.pk])
    with nothing_written():
        response = client.post(url, structure_data(world, line, "1", "2", "1"))
    assert response.status_code == 200
    assert "超出 1 名" in response.content.decode()
