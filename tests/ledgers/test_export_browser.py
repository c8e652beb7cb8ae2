"""台账导出 in Chromium: the unit is picked by name as it is typed, and the file downloads by
itself when it is ready, once; the job page names the scope in words."""

import pytest
from playwright.sync_api import expect

from bianzhi.access import Role
from orgs.choices import Relation
from tests.kit import builders
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
    make_user,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db):
    region = RegionFactory(code="990121", name="浏览器县")
    bureau = InstitutionFactory(region=region, full_name="浏览器县教育局")
    school = PublicInstitutionFactory(
        region=region, full_name="浏览器县第一中学", parent=bureau, relation=Relation.DIRECT
    )
    builders.staff(builders.quota(school, 5), 2)
    make_user(Role.OFFICE_STAFF, region=region, username="desk")
    return bureau


def test_office_staff_picks_a_unit_by_name_and_the_file_downloads(live_server, county, monkeypatch):
    with chromium_page(monkeypatch) as page:
        log_in(page, live_server, "desk")
        page.get_by_role("link", name="台账导出").click()
        # htmx binds the box once the page has loaded; keys typed before then fetch nothing.
        page.wait_for_load_state()
        box = page.get_by_label("单位（含下属单位）")
        box.press_sequentially("教育")
        page.get_by_role("button", name="浏览器县教育局").click()
        expect(box).to_have_value("浏览器县教育局")
        expect(page.locator("input[name=under]")).to_have_value(str(county.pk))
        with page.expect_download() as download:
            page.get_by_role("button", name="导出实名制人员花名册").click()
        assert download.value.suggested_filename.startswith("实名制人员花名册")
        expect(page.get_by_text("浏览器县教育局（含下属单位）")).to_be_visible()
        expect(page.get_by_role("link", name="下载 实名制人员花名册")).to_be_visible()
        assert "auto" not in page.url
        page.screenshot(path=ARTIFACTS / "export-job.png", full_page=True)
        downloads = []
        page.on("download", lambda file: downloads.append(file))
        page.reload()
        expect(page.get_by_role("link", name="下载 实名制人员花名册")).to_be_visible()
        page.wait_for_timeout(500)
        assert downloads == []
