"""The main pages work under the Content-Security-Policy: Chromium reports no violation (it logs
each refused script, handler or style as a console error) and the behaviour bound in
static/js/bianzhi.js still runs."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.world import build_world

pytestmark = pytest.mark.browser

PAGES = {
    "office_staff": [
        "orgs:home",
        "people:overview",
        "people:person_list",
        "orgs:institution_tree",
        "exports:index",
    ],
    "clerk": ["people:request_add", "people:person_list"],
}


@pytest.fixture
def world_live(transactional_db):
    return build_world()


@pytest.fixture
def browser_page(world_live, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page


def test_the_main_pages_raise_no_policy_violation(live_server, world_live, browser_page):
    page = browser_page
    violations, page_errors = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    for role, url_names in PAGES.items():
        log_in(page, live_server, world_live.users[role].username)
        for url_name in url_names:
            response = page.goto(f"{live_server.url}{reverse(url_name)}")
            assert response.status == 200, (role, url_name)
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            name = f"csp-{role}-{url_name.replace(':', '-')}.png"
            page.screenshot(path=ARTIFACTS / name, full_page=True)

    log_in(page, live_server, world_live.users["office_staff"].username)

    # The tree's toggle, bound in bianzhi.js instead of onclick="", opens a node through htmx.
    page.goto(f"{live_server.url}{reverse('orgs:institution_tree')}")
    toggle = page.locator("button.bz-toggle").first
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".bz-children a").first).to_be_visible()

    # An export's progress bar takes its width from data-bz-percent (no style="" attribute).
    page.goto(f"{live_server.url}{reverse('exports:index')}")
    page.locator("main button[formaction]").first.click()
    expect(page.locator("[data-bz-percent]")).to_be_attached()
    # The bar may be swapped in by htmx's polling: wait for bianzhi.js to size the one shown.
    page.wait_for_function(
        """() => {
            const bar = document.querySelector("[data-bz-percent]");
            return bar !== null && bar.style.width === bar.dataset.bzPercent + "%";
        }""",
        timeout=10_000,
    )
    page.screenshot(path=ARTIFACTS / "csp-export-job.png", full_page=True)

    assert violations == []
    assert page_errors == []
