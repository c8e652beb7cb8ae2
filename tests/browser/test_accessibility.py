"""Accessibility (axe-core 4, WCAG 2 AA): each role's home and the main page of every part of
the application it may open from the navigation, plus the pages where work is typed in (编制调整,
a change request), have no serious or critical violation; a form that comes back with errors puts
the focus on its error summary, whose links lead to the fields."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bianzhi.access import menu_for
from tests.kit import axe
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.world import ROLES, build_world
from tests.people.request_scene import build_scene, drafted, submitted

pytestmark = pytest.mark.browser

# Not pages of this application's templates.
SKIPPED_URLS = {reverse("admin:index")}


@pytest.fixture
def scene(transactional_db, client):
    scene = build_scene(build_world())
    scene.draft = drafted(client, scene, "entry")
    scene.pending = submitted(client, scene, "exit")
    return scene


@pytest.fixture
def page(scene, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page


def main_pages(user) -> list[str]:
    """The home, each top-level link and the first link of each menu of the user's navigation."""
    urls = [reverse("orgs:home")]
    for entry in menu_for(user):
        url = entry["links"][0]["url"] if "links" in entry else entry["url"]
        if url not in urls and url not in SKIPPED_URLS:
            urls.append(url)
    return urls


def work_pages(scene) -> dict[str, list[str]]:
    """Forms and records each role works on, beyond the navigation's main pages."""
    unit_page = reverse("staffing:institution_establishment", args=[scene.world.unit.pk])
    draft = scene.draft.get_absolute_url()
    return {
        "office_staff": [reverse("staffing:adjustment_add"), unit_page],
        "clerk": [
            draft,
            reverse("people:request_item_add", args=[scene.draft.pk]),
            reverse("people:request_add"),
            unit_page,
        ],
        "reviewer": [scene.pending.get_absolute_url()],
    }


def test_no_serious_or_critical_violation_on_each_roles_pages(live_server, scene, page):
    found = []
    extra = work_pages(scene)
    for role in ROLES:
        user = scene.world.users[role]
        log_in(page, live_server, user.username)
        for url in main_pages(user) + extra.get(role, []):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, (role, url)
            if not response.headers["content-type"].startswith("text/html"):
                continue
            found += [f"{role} {url}: {axe.describe(v)}" for v in axe.violations(page)]
    assert found == []


def test_a_form_with_errors_gives_the_focus_to_its_summary(live_server, scene, page):
    log_in(page, live_server, scene.world.users["office_staff"].username)
    page.goto(f"{live_server.url}{reverse('staffing:adjustment_add')}")
    page.locator("#id_lines-0-delta").fill("0")
    page.get_by_role("button", name="下一步：核对调整前后数字").click()

    summary = page.locator(".bz-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("调整事项：该字段是必填项。")
    expect(summary).to_contain_text("第 1 行 调整数：调整数不能为 0。")
    page.screenshot(path=ARTIFACTS / "a11y-error-summary.png", full_page=True)

    summary.get_by_role("link", name="第 1 行 调整数：调整数不能为 0。").click()
    expect(page.locator("#id_lines-0-delta")).to_be_focused()
    # The row's fields are named for screen readers although only the column headers show it.
    expect(page.get_by_label("调整数").first).to_have_attribute("id", "id_lines-0-delta")
    assert axe.violations(page) == []


def test_the_skip_link_leads_to_the_main_content(live_server, scene, page):
    log_in(page, live_server, scene.world.users["clerk"].username)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
