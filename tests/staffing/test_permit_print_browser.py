"""The printed 用编通知单 in a real browser: the clerk opens the own unit's permit, follows 打印通知单,
and Chromium's print-to-PDF gives one A4 page with the number, unit, count and issuing office. The
PDF and its page image go to tests/artifacts/ for a person to look at."""

import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest
from django.conf import settings
from playwright.sync_api import expect

from bianzhi.access import Role
from tests.kit import builders
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import PublicInstitutionFactory, RegionFactory, make_user

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)


@pytest.fixture
def permit(transactional_db):
    region = RegionFactory(code="990997", name="通知县")
    school = PublicInstitutionFactory(region=region, full_name="通知县实验中学")
    make_user(Role.CLERK, institution=school, username="permitclerk")
    return builders.permit(builders.quota(school, 8), 4, number="通编〔2026〕7号")


def test_the_clerk_prints_the_permit_on_one_a4_page(live_server, permit, monkeypatch):
    with chromium_page(monkeypatch, viewport=(1280, 900)) as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, live_server, "permitclerk")
        page.goto(f"{live_server.url}{permit.get_absolute_url()}")
        with page.expect_popup() as popup:
            page.get_by_role("link", name="打印通知单").click()
        sheet = popup.value
        expect(sheet.locator("h1")).to_have_text("核准使用编制通知单")
        sheet.screenshot(path=ARTIFACTS / "permit-print-screen.png", full_page=True)
        sheet.emulate_media(media="print")
        pdf_path = ARTIFACTS / "permit-chromium-print.pdf"
        sheet.pdf(path=str(pdf_path), print_background=True, prefer_css_page_size=True)
        assert errors == []

    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        only = pdf.pages[0]
        assert (round(only.width), round(only.height)) == A4_POINTS
        # The CJK font maps some characters to their Kangxi radical forms (⽰ for 示): NFKC folds
        # them back.
        text = unicodedata.normalize("NFKC", only.extract_text()).replace(" ", "")
    for expected in ("通编〔2026〕7号", "通知县实验中学", "4名", settings.BIANZHI["OFFICE_NAME"]):
        assert expected in text, expected
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                str(pdf_path),
                str(ARTIFACTS / "permit-chromium-page"),
            ],
            check=True,
        )
