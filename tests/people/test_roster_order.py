"""The roster's orders (issue 21): each one an index serves, total (a row is on one page
only), a department within its unit; a sort no index serves is not offered."""

import pytest
from django.urls import reverse

from people.models import EstablishmentRecord
from people.tables import RosterTable
from tests.kit import builders
from tests.kit.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
LIST = "people:person_list"


@pytest.fixture
def roster(world):
    world.unit.sort_order, world.sibling.sort_order = 1, 2
    for place in (world.unit, world.sibling):
        place.save()
    unit_line, sibling_line = builders.quota(world.unit), builders.quota(world.sibling)
    office = DepartmentFactory(institution=world.sibling, name="办公室")
    finance = DepartmentFactory(institution=world.unit, name="财务股")
    unit_office = DepartmentFactory(institution=world.unit, name="办公室")
    return {
        "unit_finance": builders.enter(
            builders.person(world.region, "乙"), unit_line, department=finance
        ),
        "unit_plain": builders.enter(
            builders.person(world.region, "甲"), unit_line, department=unit_office
        ),
        "sibling_office": builders.enter(
            builders.person(world.region, "丙"), sibling_line, department=office
        ),
    }


def listed(client, world, **query) -> list[int]:
    client.force_login(world.users["office_staff"])
    response = client.get(reverse(LIST), query)
    return [row.record.pk for row in response.context["table"].paginated_rows]


def test_a_department_sorts_within_its_unit_not_across_the_city(client, world, roster):
    order = listed(client, world, sort="department")

    # The first unit's 办公室 and 财务股, then the second unit's 办公室: units first.
    assert order == [
        roster["unit_plain"].pk,
        roster["unit_finance"].pk,
        roster["sibling_office"].pk,
    ]


def test_the_default_order_is_by_unit_then_name_and_reverses_exactly(client, world, roster):
    ascending = listed(client, world)  # 乙 before 甲 in the order of their code points
    descending = listed(client, world, sort="-institution")

    assert ascending == [
        roster["unit_finance"].pk,
        roster["unit_plain"].pk,
        roster["sibling_office"].pk,
    ]
    assert descending == list(reversed(ascending))


def offered_sorts():
    table = RosterTable(EstablishmentRecord.objects.none())
    return {column.name: column.order_by for column in table.columns if column.orderable}


def test_every_offered_sort_ends_with_the_primary_key():
    for name, order_by in offered_sorts().items():
        assert order_by[-1] == "pk", name


def test_sorts_no_index_serves_are_not_offered():
    assert set(offered_sorts()) == {
        "name",
        "institution",
        "department",
        "establishment_type",
        "entry_on",
    }
