"""全局搜索: every kind of object by its name or number, labelled by kind, within the user's scope;
ID numbers masked, searched only by what the lists show, and written to the access log."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bianzhi.models import AccessAction, AccessEvent
from people import idsearch
from people.idnumbers import mask_id_number
from people.models import EstablishmentRecord, Person
from people.requests import services as request_services
from search.finders import LIMIT
from tests.certificates.scene import issued, staffed
from tests.kit import builders
from tests.kit.world import ROLES

URL = reverse("search:results")


def enter(world, place: str, name: str) -> EstablishmentRecord:
    institution = world.place(place)
    line = builders.quota(institution, 20)
    return builders.enter(builders.person(institution.region, name), line)


def groups(response) -> dict[str, list[str]]:
    """The hits' titles by kind label (人员, 机构 …)."""
    return {group.label: [hit.title for hit in group.hits] for group in response.context["groups"]}


def test_the_search_box_is_in_every_signed_in_page_and_needs_a_sign_in(client, world):
    response = client.get(URL, {"q": "张"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(world.users["clerk"])
    page = client.get(reverse("orgs:home")).content.decode()
    assert f'action="{URL}"' in page
    assert 'role="search"' in page


@pytest.mark.parametrize("role", ROLES)
def test_an_empty_search_says_what_can_be_typed(client, world, role):
    client.force_login(world.users[role])
    page = client.get(URL).content.decode()
    assert "申报编号" in page
    assert "末 4 位" in page


def test_people_are_found_by_name_with_their_unit_and_masked_number(staff, world):
    record = enter(world, "unit", "欧阳娜")
    response = staff.get(URL, {"q": "欧阳"})
    (group,) = [group for group in response.context["groups"] if group.kind == "people"]
    (hit,) = group.hits
    assert hit.title == "欧阳娜"
    assert hit.url == reverse("people:person_detail", args=[record.person_id])
    page = response.content.decode()
    number = record.person.id_number
    assert mask_id_number(number) in page
    assert number not in page
    assert number[6:14] not in page  # the birth date: the year only
    assert "1990年生" in page
    assert "示例县本单位（在编）" in page
    assert ">人员</span>" in page


def test_every_kind_is_found_by_its_number_and_labelled(staff, world):
    staffed(world.unit)
    certificate = issued(world.unit)
    line = builders.quota(world.sibling, 3)
    permit = builders.permit(line, number="示编用〔2026〕7号")
    builders.document(world.unit, number="示编发〔2026〕77号")
    request = request_services.request_create(
        institution=world.unit,
        kind="entry",
        occurred_on=timezone.localdate() - datetime.timedelta(days=3),
        reason="招聘",
        actor=world.users["clerk"],
    )
    assert groups(staff.get(URL, {"q": certificate.number}))["证书"] == [certificate.number]
    assert groups(staff.get(URL, {"q": "编用〔2026〕7"}))["用编通知单"] == [permit.number]
    assert groups(staff.get(URL, {"q": "示编发[2026]77"}))["文件"] == ["示编发〔2026〕77号"]
    assert groups(staff.get(URL, {"q": "本单位"}))["机构"] == ["示例县本单位"]
    found = groups(staff.get(URL, {"q": request.number}))
    assert found["申报"] == [f"{request.number} {request.get_kind_display()}"]
    assert found["申报"] == groups(staff.get(URL, {"q": str(request.pk)}))["申报"]


def test_a_clerk_finds_nothing_of_another_unit(client, world):
    enter(world, "unit", "王芳")
    other = enter(world, "sibling", "王芳芳")
    enter(world, "foreign", "王芳华")
    builders.permit(builders.quota(world.sibling, 3), number="兄弟用编1号")
    builders.document(world.sibling, number="兄弟发〔2026〕1号")
    client.force_login(world.users["clerk"])
    assert groups(client.get(URL, {"q": "王芳"}))["人员"] == ["王芳"]
    assert groups(client.get(URL, {"q": "兄弟"}))["机构"] == []
    assert groups(client.get(URL, {"q": "兄弟用编"}))["用编通知单"] == []
    assert groups(client.get(URL, {"q": "兄弟发"}))["文件"] == []
    assert "王芳芳" not in groups(client.get(URL, {"q": other.person.id_number[-4:]}))["人员"]
    response = client.get(URL, {"q": other.person.id_number})
    assert response.status_code == 200
    assert groups(response)["人员"] == []
    client.force_login(world.users["office_staff"])
    assert groups(client.get(URL, {"q": "王芳"}))["人员"] == ["王芳", "王芳芳"]


def test_a_whole_id_number_goes_to_the_person_and_is_logged_masked(staff, world):
    record = enter(world, "unit", "李娜")
    number = record.person.id_number
    response = staff.get(URL, {"q": number.lower()})
    assert response.status_code == 302
    assert response.url == reverse("people:person_detail", args=[record.person_id])
    entry = AccessEvent.objects.get(action=AccessAction.ID_SEARCH)
    assert (entry.label, entry.query) == ("李娜", mask_id_number(number))


def test_a_whole_number_not_found_is_not_shown_back(staff, world):
    number = builders.id_number()
    page = staff.get(URL, {"q": number}).content.decode()
    assert number not in page
    assert "共找到 0 条" in page
    assert AccessEvent.objects.get(action=AccessAction.ID_SEARCH).label == (
        idsearch.ID_SEARCH_NOT_FOUND
    )


def test_the_parts_the_lists_show_find_people_and_are_logged(staff, world):
    record = enter(world, "unit", "李娜")
    number = record.person.id_number
    for query in (number[-4:], mask_id_number(number)):
        assert groups(staff.get(URL, {"q": query}))["人员"] == ["李娜"]
    assert list(
        AccessEvent.objects.filter(action=AccessAction.ID_SEARCH).values_list("query", flat=True)
    ) == [mask_id_number(number), number[-4:]]


@pytest.mark.parametrize("part", [slice(6, 14), slice(0, 6), slice(3, 12)])
def test_a_part_the_lists_hide_says_zero_and_why(staff, world, part):
    record = enter(world, "unit", "李娜")
    query = record.person.id_number[part]
    response = staff.get(URL, {"q": query})
    assert groups(response)["人员"] == []
    page = response.content.decode()
    assert "人员 0 条：" in page
    assert "出生日期等中间部分在列表中不显示，也不能用于查询" in page
    assert f'value="{query}"' in page  # the query stays in the box
    assert not AccessEvent.objects.filter(action=AccessAction.ID_SEARCH).exists()


def test_each_kind_shows_at_most_the_limit_and_links_to_its_list(staff, world):
    line = builders.quota(world.unit, LIMIT + 5)
    builders.staff(line, LIMIT + 2, name_prefix="同名")
    response = staff.get(URL, {"q": "同名"})
    (group,) = [group for group in response.context["groups"] if group.kind == "people"]
    assert len(group.hits) == LIMIT
    assert group.more
    assert group.list_url in response.content.decode().replace("&amp;", "&")


def test_the_query_count_does_not_grow_with_the_hits(staff, world):
    line = builders.quota(world.unit, 30)
    builders.staff(line, 2, name_prefix="同名")
    with CaptureQueriesContext(connection) as few:
        staff.get(URL, {"q": "同名"})
    builders.staff(line, 12, name_prefix="同名")
    with CaptureQueriesContext(connection) as many:
        staff.get(URL, {"q": "同名"})
    assert len(many) == len(few)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_a_search_by_the_last_four_reads_the_index(world):
    query = idsearch.read("002X")
    plan = idsearch.matching(Person.objects.order_by(), query).explain()
    assert "person_id_number_tail" in plan
