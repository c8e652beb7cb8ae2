"""Headless Chromium for the browser tests: one page per test, and the login every walk starts
with. Screenshots go to tests/artifacts/ for a person to look at."""

from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from tests.kit.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"未安装 Chromium（{CHROMIUM}）：请以 root 运行 .ci/run，或执行 "
    "apt-get install chromium fonts-noto-cjk"
)


@contextmanager
def chromium_page(monkeypatch, *, viewport=(1366, 800)):
    """A fresh page in headless Chromium. Start it after the test's rows are written: rows written
    while Playwright's event loop runs go through a second database connection that is never
    closed, and PostgreSQL then refuses to drop the test database."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse any
    # ORM call the test makes while it runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        width, height = viewport
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def log_in(page, live_server, username: str) -> None:
    """Sign in through the login form, as a person would, and wait for the home page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def pick(page, label: str, typed: str, choice: str) -> None:
    """Choose ``choice`` in the search picker (bianzhi.pickers.SearchSelect) labelled ``label``:
    type into its search box and click the match, as a user does."""
    page.wait_for_load_state()
    select = page.get_by_label(label)
    picker = select.locator("xpath=ancestor::div[contains(@class, 'bz-search-select')][1]")
    picker.locator("input[type=search]").fill(typed)
    picker.locator("[data-bz-choose]", has_text=choice).first.click()
    expect(select.locator("option:checked")).to_have_text(choice)
