"""The navigation bar's search box in Chromium: a clerk types a name and the last four of an ID
number, gets labelled hits of the own unit only, and a part the lists hide keeps the query and
says why. Screenshots go to tests/artifacts/."""

import pytest
from playwright.sync_api import expect

from bianzhi.access import Role
from people.idnumbers import mask_id_number
from tests.kit import builders
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import PublicInstitutionFactory, RegionFactory, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db):
    region = RegionFactory(code="990121", name="浏览器县")
    school = PublicInstitutionFactory(region=region, full_name="浏览器县第一中学")
    other = PublicInstitutionFactory(region=region, full_name="浏览器县第二中学")
    people = {}
    for unit, name in ((school, "周晓明"), (other, "周晓红")):
        line = builders.quota(unit, 5)
        people[name] = builders.enter(builders.person(region, name), line).person
    make_user(Role.CLERK, institution=school, username="school-clerk")
    return people


def test_a_clerk_searches_from_the_navigation_bar(live_server, county, monkeypatch):
    mine = county["周晓明"]
    with chromium_page(monkeypatch) as page:
        log_in(page, live_server, "school-clerk")
        box = page.get_by_role("searchbox", name="搜索")
        box.fill("周晓")
        box.press("Enter")
        expect(page.get_by_role("heading", name="搜索“周晓”")).to_be_visible()
        people = page.get_by_role("region", name="人员")
        expect(people.get_by_role("link", name="周晓明")).to_be_visible()
        expect(people).to_contain_text(mask_id_number(mine.id_number))
        expect(page.get_by_text("周晓红")).to_have_count(0)
        expect(box).to_have_value("周晓")
        page.screenshot(path=ARTIFACTS / "search-name.png", full_page=True)

        box.fill(mine.id_number[6:14])
        box.press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("人员 0 条：")
        expect(box).to_have_value(mine.id_number[6:14])
        page.screenshot(path=ARTIFACTS / "search-partial-id.png", full_page=True)

        box.fill(mine.id_number[-4:])
        box.press("Enter")
        page.get_by_role("region", name="人员").get_by_role("link", name="周晓明").click()
        expect(page.get_by_role("heading", name="周晓明")).to_be_visible()
