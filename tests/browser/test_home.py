"""The office's home in Chromium: the figures to deal with, each leading to its list, and the
two main jobs (编制调整, 发证) one click from home. Screenshots go to tests/artifacts/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bianzhi.access import Role
from tests.certificates.scene import ended_publicity, staffed
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import PublicInstitutionFactory, RegionFactory, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def school(transactional_db):
    region = RegionFactory(code="990998", name="工作台县")
    school = staffed(PublicInstitutionFactory(region=region, full_name="工作台县第一小学"))
    ended_publicity(school)
    make_user(Role.OFFICE_STAFF, region=region, username="desk")
    return school


def test_the_staff_home_leads_to_adjustments_and_issuing_in_one_click(
    live_server, school, monkeypatch
):
    with chromium_page(monkeypatch) as page:
        log_in(page, live_server, "desk")
        counters = page.locator("#counters")
        for label in (
            "超编单位",
            "逾期未报",
            "待核准",
            "超过退休时间仍在编",
            "待发证",
            "自查发现问题",
        ):
            expect(counters.get_by_text(label, exact=True)).to_be_visible()
        awaiting = page.locator("#awaiting-issue")
        expect(awaiting.get_by_text("工作台县第一小学")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "home-office-staff.png", full_page=True)

        awaiting.get_by_role("link", name="发证").click()
        expect(page).to_have_url(
            f"{live_server.url}{reverse('certificates:certificate_issue')}?institution={school.pk}"
        )
        expect(page.get_by_label("单位")).to_have_value(str(school.pk))

        page.goto(f"{live_server.url}{reverse('orgs:home')}")
        page.locator("#shortcuts").get_by_role("link", name="编制调整").click()
        expect(page).to_have_url(f"{live_server.url}{reverse('staffing:adjustment_add')}")

        page.goto(f"{live_server.url}{reverse('orgs:home')}")
        counters.get_by_text("待发证", exact=True).click()
        expect(page.get_by_role("link", name="工作台县第一小学")).to_be_visible()
