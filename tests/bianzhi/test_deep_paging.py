"""Long lists page at the cost of one page (bianzhi.paging): a total order, the back half read
from the far end, deep pages refused with a message, the count cached until the data changes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse

from bianzhi.paging import TOO_DEEP, DeepPaginator, cached_count, total_order
from orgs.models import Institution
from tests.kit.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def pages_of(paginator):
    return [list(paginator.page(n).object_list) for n in paginator.page_range]


def test_an_order_with_ties_is_made_total_by_the_primary_key():
    ordered = total_order(ContentType.objects.order_by("app_label"))

    assert list(ordered.query.order_by) == ["app_label", "pk"]


def test_every_row_is_on_exactly_one_page_read_from_either_end():
    queryset = ContentType.objects.order_by("app_label")
    expected = list(total_order(queryset))
    paginator = DeepPaginator(queryset, 7)
    paginator.max_depth = 100

    pages = pages_of(paginator)

    assert [row for page in pages for row in page] == expected
    assert len(pages[-1]) == len(expected) - 7 * (paginator.num_pages - 1)


def test_a_page_deeper_than_the_depth_from_both_ends_moves_to_the_nearest_one_served():
    paginator = DeepPaginator(ContentType.objects.order_by("pk"), 1)
    paginator.max_depth = 2
    last = paginator.num_pages
    assert last > 6

    assert paginator.page(3).number == 2
    assert paginator.too_deep
    assert paginator.page(last - 2).number == last - 1
    assert paginator.page(last).number == last
    assert [paginator.served(n) for n in (1, 2, 3, last - 2, last - 1, last)] == [
        True,
        True,
        False,
        False,
        True,
        True,
    ]


def test_the_count_is_cached_until_a_table_it_reads_changes(world, django_assert_num_queries):
    renamed = Institution.objects.filter(full_name__contains="新名称")
    assert cached_count(renamed) == 0
    with django_assert_num_queries(1):  # the data versions only
        assert cached_count(renamed) == 0

    world.sibling.full_name = "示例县新名称单位"
    world.sibling.save()

    assert cached_count(renamed) == 1


def test_a_deep_page_of_a_list_says_to_filter_and_offers_no_link_past_the_served_pages(
    client, world, monkeypatch
):
    for index in range(6):
        InstitutionFactory(full_name=f"示例县分页单位{index}", region=world.region)
    monkeypatch.setattr(DeepPaginator, "max_depth", 2)
    client.force_login(world.users["office_staff"])
    url = reverse("orgs:institution_list")

    deep = client.get(url, {"per_page": 1, "page": 4})
    first = client.get(url, {"per_page": 1, "page": 2})

    assert deep.context["table"].page.number == 2
    assert TOO_DEEP.format(pages=2) in deep.content.decode()
    assert "下一页" not in first.content.decode()
    last = first.context["table"].paginator.num_pages
    assert f"page={last}" in first.content.decode()
    assert "page=3" not in first.content.decode()


@pytest.mark.django_db
def test_a_grouped_list_keeps_one_row_per_group(world):
    grouped = Institution.objects.values("region").annotate(n=Count("pk")).order_by("region")
    assert list(total_order(grouped)) == list(grouped)
