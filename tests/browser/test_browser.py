"""A real browser walks the main path: log in, open the institution list from the navigation, open an
institution. Screenshots go to tests/artifacts/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from bianzhi.access import Role
from orgs.choices import Relation
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import (
    DepartmentFactory,
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
    make_user,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db):
    region = RegionFactory(code="990999", name="浏览器县")
    bureau = InstitutionFactory(region=region, full_name="浏览器县教育局", short_name="教育局")
    school = PublicInstitutionFactory(
        region=region,
        full_name="浏览器县第一中学",
        parent=bureau,
        relation=Relation.DIRECT,
    )
    DepartmentFactory(institution=bureau, name="基础教育股")
    make_user(Role.OFFICE_STAFF, region=region, username="desk")
    return bureau, school


@pytest.fixture
def page(county, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page


def test_office_staff_logs_in_and_opens_an_institution(live_server, county, page):
    bureau, school = county

    # Missing static files or script errors would leave the pages unstyled or broken.
    failed_requests, page_errors = [], []

    def record_failure(response):
        if response.status >= 400:
            failed_requests.append(f"{response.status} {response.url}")

    page.on("response", record_failure)
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    page.goto(live_server.url)
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "01-login.png", full_page=True)

    log_in(page, live_server, "desk")
    page.screenshot(path=ARTIFACTS / "02-home.png", full_page=True)

    page.locator("nav").get_by_role("button", name="机构管理").click()
    page.locator(".dropdown-menu").get_by_role("link", name="机构名录").click()
    expect(page).to_have_url(f"{live_server.url}/institutions/")
    table = page.locator("table")
    expect(table).to_contain_text(bureau.full_name)
    expect(table).to_contain_text(school.full_name)
    page.screenshot(path=ARTIFACTS / "03-institution-list.png", full_page=True)

    table.locator("tbody tr td:first-child a", has_text=bureau.full_name).click()
    expect(page).to_have_url(f"{live_server.url}{bureau.get_absolute_url()}")
    expect(page.get_by_role("heading", name="基本信息")).to_be_visible()
    expect(page.locator(".bz-attrs")).to_contain_text(bureau.full_name)
    expect(page.get_by_role("link", name="基础教育股")).to_be_visible()
    expect(page.get_by_role("link", name=school.full_name)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "04-institution-detail.png", full_page=True)

    assert failed_requests == []
    assert page_errors == []
