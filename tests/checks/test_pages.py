"""The 自查 page (office roles), its ledger, and its count on the region overview."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi import ledgers
from checks import selectors
from tests.kit import builders
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES
from tests.ledgers.read import read

from .scene import build_scene, revoke_registration

PAGE = "checks:breach_list"
CARD = "checks:overview_card"
OFFICE = {"office_admin", "office_staff"}


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_the_page_needs_login(client, world):
    assert_redirects_to_login(client.get(reverse(PAGE)))


@pytest.mark.parametrize("role", ROLES)
def test_the_page_is_for_the_office(client, world, role):
    client.force_login(world.users[role])
    assert client.get(reverse(PAGE)).status_code == (200 if role in OFFICE else 403)


def test_the_page_lists_every_breach_with_its_link_and_rule_link(client, scene):
    client.force_login(scene.world.users["office_staff"])
    response = client.get(reverse(PAGE))
    assert response.context["total"] == len(scene.expected)
    rows = list(response.context["table"].paginated_rows)
    assert len(rows) == len(scene.expected)
    page = response.content.decode()
    assert '<a href="/rules/#rule-17" class="bz-rule-link">17</a>' in page
    for row in rows:
        assert f'<a href="{row.record.url}">' in page


def test_one_check_is_shown_with_every_count(client, scene):
    client.force_login(scene.world.users["office_admin"])
    response = client.get(reverse(PAGE), {"check": "empty_unit"})
    assert {row.record.subject for row in response.context["table"].paginated_rows} == {
        "示例县主管局",
        "示例县丙中心",
    }
    assert response.context["total"] == len(scene.expected)


def test_the_page_query_count_does_not_grow_with_rows(client, scene):
    client.force_login(scene.world.users["office_staff"])
    client.get(reverse(PAGE))
    cache.clear()  # both measured reads compute the report
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(PAGE)).status_code == 200
    line = builders.quota(scene.world.sibling, 20)
    for record in builders.staff(line, 10, name_prefix="加"):
        revoke_registration(record.person)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(PAGE))
    assert response.context["total"] == len(scene.expected) + 10
    assert len(many) == len(few), "the 自查 page runs a query per row"


def test_the_ledger_downloads_the_page(scene, tmp_path):
    path = tmp_path / "breaches.xlsx"
    user = scene.world.users["office_staff"]
    ledgers.write_ledger(ledgers.get("breaches"), user=user, params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers() == ["序号", "规则", "问题", "单位", "对象", "情况", "处理办法"]
    assert {row[4] for row in sheet.data()} == {subject for _, subject in scene.expected}
    assert len(sheet.data()) == len(scene.expected)


def test_the_ledger_is_for_the_office(world):
    with pytest.raises(ledgers.LedgerError):
        ledgers.get("breaches").prepare(world.users["partner"], {})


def test_the_overview_card_loads_the_count_for_the_office(client, scene):
    client.force_login(scene.world.users["office_staff"])
    page = client.get(reverse("people:overview")).content.decode()
    assert f'href="{reverse(PAGE)}" id="breach-card"' in page
    assert f'hx-get="{reverse(CARD)}" hx-trigger="load"' in page
    card = client.get(reverse(CARD), headers={"HX-Request": "true"}).content.decode()
    assert f'<div class="bz-stat text-danger">{len(scene.expected)}</div>' in card


def test_the_overview_page_does_not_wait_for_the_checks(client, scene):
    client.force_login(scene.world.users["office_staff"])
    with mock.patch.object(selectors, "report", side_effect=AssertionError("ran")):
        assert client.get(reverse("people:overview")).status_code == 200


def test_the_overview_has_no_count_for_partners(client, world):
    client.force_login(world.users["partner"])
    page = client.get(reverse("people:overview")).content.decode()
    assert "breach-card" not in page
    assert client.get(reverse(CARD)).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_export_page_offers_the_ledger_to_the_office_only(client, world, role):
    client.force_login(world.users[role])
    offered = {ledger.kind for ledger in client.get(reverse("exports:index")).context["ledgers"]}
    assert ("breaches" in offered) == (role in OFFICE)
    assert "roster" in offered


def test_the_page_reads_the_report_once_until_the_registry_changes(client, scene):
    client.force_login(scene.world.users["office_staff"])
    client.get(reverse(PAGE))
    with CaptureQueriesContext(connection) as cached:
        client.get(reverse(PAGE))
    line = builders.quota(scene.world.sibling, 20)
    for record in builders.staff(line, 2, name_prefix="加"):
        revoke_registration(record.person)
    with CaptureQueriesContext(connection) as fresh:
        response = client.get(reverse(PAGE))
    assert response.context["total"] == len(scene.expected) + 2
    assert len(cached) < len(fresh), "a read with no change in between recomputed the checks"
