"""The printable 用编通知单: what it prints (number, unit, type, count, validity, issuing office),
who may open it (every role that sees the permit, in scope only), and its link from the permit."""

import pytest
from django.conf import settings
from django.urls import reverse

from bianzhi.history import system_actor
from staffing import services
from tests.kit import builders
from tests.kit.views import assert_redirects_to_login, visible
from tests.kit.world import PLACES, ROLES

pytestmark = pytest.mark.django_db


def permit_at(world, place, **fields):
    line = builders.quota(world.place(place), 5)
    return builders.permit(line, 3, number=f"用编〔2026〕{place}号", **fields)


def test_the_print_page_shows_what_the_notice_needs(client, world):
    permit = permit_at(world, "unit", purpose="examination")
    client.force_login(world.users["clerk"])
    detail = client.get(permit.get_absolute_url()).content.decode()
    url = reverse("staffing:permit_print", args=[permit.pk])
    assert url in detail and "打印通知单" in detail
    text = client.get(url).content.decode()
    assert "核准使用编制通知单" in text and "（存根）" in text
    for expected in (
        permit.number,
        world.unit.full_name,
        permit.quota_line.type_label,
        '<b class="big">3</b> 名',
        permit.get_purpose_display(),
        f"{permit.issued_on.year}年{permit.issued_on.month}月{permit.issued_on.day}日",
        f"{permit.expires_on.year}年{permit.expires_on.month}月{permit.expires_on.day}日",
        settings.BIANZHI["OFFICE_NAME"],
        world.supervisor.full_name,
    ):
        assert expected in text, expected
    assert "作废" not in text


def test_a_cancelled_permit_prints_marked_void(client, world):
    permit = permit_at(world, "unit")
    services.permit_cancel(permit=permit, actor=system_actor(), reason="单位放弃招聘")
    client.force_login(world.users["office_staff"])
    text = client.get(reverse("staffing:permit_print", args=[permit.pk])).content.decode()
    assert "作废（已注销）" in text


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("role", ROLES)
def test_the_print_page_is_found_only_in_scope(client, world, role, place):
    permit = permit_at(world, place)
    client.force_login(world.users[role])
    response = client.get(reverse("staffing:permit_print", args=[permit.pk]))
    assert response.status_code == (200 if visible(role, place) else 404), (role, place)


def test_the_print_page_needs_login(client, world):
    permit = permit_at(world, "unit")
    assert_redirects_to_login(client.get(reverse("staffing:permit_print", args=[permit.pk])))
