"""In a real browser: the unit's clerk attaches a screenshot to a draft request and opens it; the
office searches 涉及机构 by name while registering a document. Screenshots go to
tests/artifacts/ for a person to look at."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from attachments.models import Attachment
from orgs.models import ApprovalDocument
from people.requests import services
from tests.attachments.conftest import PNG
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_a_clerk_uploads_an_attachment_to_a_request(live_server, world, monkeypatch, tmp_path):
    request = services.request_create(
        institution=world.unit,
        kind="exit",
        occurred_on=timezone.localdate() - datetime.timedelta(days=3),
        reason="辞职",
        actor=world.users["clerk"],
    )
    screenshot = tmp_path / "公示截图.png"
    screenshot.write_bytes(PNG)
    with chromium_page(monkeypatch) as page:
        log_in(page, live_server, "clerk")
        page.goto(f"{live_server.url}{request.get_absolute_url()}")
        panel = page.locator("#attachments")
        expect(panel.get_by_text("暂无附件。")).to_be_visible()
        panel.get_by_label("附件").set_input_files(str(screenshot))
        panel.get_by_label("说明").fill("招聘公示截图")
        panel.get_by_role("button", name="上传").click()
        expect(page.get_by_text("已上传附件“公示截图.png”。")).to_be_visible()
        link = page.locator("#attachments").get_by_role("link", name="公示截图.png")
        expect(link).to_be_visible()
        page.screenshot(path=ARTIFACTS / "attachments-request.png", full_page=True)
        attachment = Attachment.objects.get()
        assert attachment.owner == request and attachment.description == "招聘公示截图"
        response = page.request.get(f"{live_server.url}{attachment.get_absolute_url()}")
        assert response.status == 200 and response.headers["content-type"] == "image/png"


def test_the_office_searches_the_institutions_a_document_concerns(live_server, world, monkeypatch):
    with chromium_page(monkeypatch) as page:
        log_in(page, live_server, "office_staff")
        page.goto(f"{live_server.url}/documents/add/")
        page.get_by_label("搜索涉及机构").fill("兄弟")
        match = page.locator(".bz-picker-results").get_by_label(world.sibling.full_name)
        match.check()
        chosen = page.locator(".bz-picker-chosen").get_by_label(world.sibling.full_name)
        expect(chosen).to_be_checked()
        page.get_by_label("搜索涉及机构").fill("本单位")
        expect(
            page.locator(".bz-picker-results").get_by_label(world.unit.full_name)
        ).to_be_visible()
        expect(chosen).to_be_checked()
        page.screenshot(path=ARTIFACTS / "attachments-document-picker.png", full_page=True)
        page.get_by_label("文号").fill("示编发〔2026〕501号")
        page.get_by_label("文件标题").fill("关于兄弟单位的批复")
        page.get_by_label("发文机关").fill("示例县编委")
        page.get_by_label("发文日期").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("示编发〔2026〕501号").first).to_be_visible()
        document = ApprovalDocument.objects.get(number="示编发〔2026〕501号")
        assert list(document.institutions.all()) == [world.sibling]
        assert document.region == world.region
