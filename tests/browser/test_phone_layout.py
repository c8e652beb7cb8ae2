"""Phones (390 px wide): the page itself never scrolls sideways, a wide table scrolls inside its
card, buttons keep their words on one line, and 编制情况 shows 核定/实有/空编/超编/可用 without
scrolling. Screenshots (phone-*.png) go to tests/artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.kit import builders
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.world import build_world
from tests.people.request_scene import build_scene, drafted

pytestmark = pytest.mark.browser

PHONE = (390, 844)
KEY_FIGURES = ["核定", "实有", "空编", "超编", "可用"]

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def scene(transactional_db, client):
    scene = build_scene(build_world())
    # 7 people on 5 slots (超编 2), 2 more slots reserved by the scene's permit (可用 -4).
    builders.staff(scene.line, 2)
    for number in range(4):
        builders.enter_unchecked(builders.person(scene.world.region, f"超编{number}"), scene.line)
    scene.draft = drafted(client, scene, "entry")
    return scene


@pytest.fixture
def page(scene, monkeypatch):
    with chromium_page(monkeypatch, viewport=PHONE) as page:
        yield page


def assert_no_sideways_scroll(page):
    assert page.evaluate(PAGE_WIDTH) <= PHONE[0], "the page is wider than the phone"


def assert_within_screen(locator):
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], box


def test_the_establishment_page_shows_the_key_figures_on_a_phone(live_server, scene, page):
    log_in(page, live_server, scene.world.users["clerk"].username)
    page.goto(
        f"{live_server.url}{reverse('staffing:institution_establishment', args=[scene.world.unit.pk])}"
    )
    table = page.locator("table.bz-establishment")
    expect(table).to_be_visible()
    page.screenshot(path=ARTIFACTS / "phone-establishment.png", full_page=True)

    assert_no_sideways_scroll(page)
    for name in KEY_FIGURES:
        assert_within_screen(table.get_by_role("columnheader", name=name, exact=True))
    row = table.locator("tbody tr").first
    # 类型, 核定, 实有, 空编, 超编, 可用 come first and are on the screen.
    figures = row.locator("td")
    for number, value in enumerate(["5", "7", "0", "2", "-4"], start=1):
        expect(figures.nth(number)).to_have_text(value)
        assert_within_screen(figures.nth(number))
    # The wider tables below scroll inside their own box, not the page.
    for wrapper in page.locator(".table-responsive").all():
        assert_within_screen(wrapper)


def test_a_request_page_scrolls_its_item_table_inside_the_card(live_server, scene, page):
    log_in(page, live_server, scene.world.users["clerk"].username)
    page.goto(f"{live_server.url}{scene.draft.get_absolute_url()}")
    expect(page.get_by_role("heading", name="申报人员")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "phone-request.png", full_page=True)

    assert_no_sideways_scroll(page)
    items = page.locator(".table-responsive").filter(has_text="申报内容")
    assert_within_screen(items)
    # Buttons keep their words on one line (they used to show one character per line).
    for name in ["修改申报", "作废草稿"]:
        button = page.get_by_role("link", name=name)
        assert_within_screen(button)
        assert button.bounding_box()["height"] < 40, name
    delete = page.get_by_role("link", name="删除")
    delete.scroll_into_view_if_needed()
    assert delete.bounding_box()["height"] < 40


def test_the_roster_scrolls_inside_its_card(live_server, scene, page):
    log_in(page, live_server, scene.world.users["office_staff"].username)
    page.goto(f"{live_server.url}{reverse('people:person_list')}")
    expect(page.locator("table")).to_contain_text("张伟")
    page.screenshot(path=ARTIFACTS / "phone-roster.png", full_page=True)
    assert_no_sideways_scroll(page)
    assert_within_screen(page.locator(".table-responsive").first)
