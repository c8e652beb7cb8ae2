"""The printed certificate in a real browser: the clerk opens the own unit's certificate from the
navigation and prints it. Screenshots of the red and blue covers and of a roster page, and the pages
of Chromium's own print-to-PDF, go to tests/artifacts/ for a person to look at."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from bianzhi.access import Role
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
    make_user,
)

from .scene import issued, staffed

pytestmark = pytest.mark.browser

# Enough people that the roster, at about 40 a page, runs over several pages of each copy.
NAMES = [
    f"{family}{given}"
    for family in "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
    for given in ("伟", "芳", "娜", "强", "磊")
]


@pytest.fixture
def county(transactional_db):
    region = RegionFactory(code="990998", name="打印县")
    school = staffed(PublicInstitutionFactory(region=region, full_name="打印县第一中学"), NAMES)
    organ = staffed(InstitutionFactory(region=region, full_name="打印县财政局"), ("钱进",))
    certificates = issued(school), issued(organ)
    make_user(Role.CLERK, institution=school, username="printclerk")
    make_user(Role.OFFICE_STAFF, region=region, username="printdesk")
    return certificates


@pytest.fixture
def page(county, monkeypatch):
    with chromium_page(monkeypatch, viewport=(1280, 900)) as page:
        yield page


def test_the_clerk_prints_the_own_certificate(live_server, county, page):
    school_certificate, organ_certificate = county
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "printclerk")

    page.locator("nav").get_by_role("button", name="证书").click()
    page.locator(".dropdown-menu").get_by_role("link", name="机构编制管理证").click()
    table = page.locator("table")
    expect(table).to_contain_text(school_certificate.number)
    expect(table).not_to_contain_text(organ_certificate.number)
    page.screenshot(path=ARTIFACTS / "certificate-01-list.png", full_page=True)
    table.get_by_role("link", name=school_certificate.number).click()
    expect(page.get_by_role("link", name="打印证书")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "certificate-02-detail.png", full_page=True)

    page.goto(f"{live_server.url}/certificates/{school_certificate.pk}/print/")
    page.emulate_media(media="print")
    covers = page.locator("section.cover")
    expect(covers).to_have_count(2)
    expect(covers.first).to_contain_text("单位留存")
    expect(covers.nth(1)).to_contain_text("编办存档")
    covers.first.screenshot(path=ARTIFACTS / "certificate-03-cover-blue.png")
    roster = page.locator("section.roster-sheet").first
    expect(roster).to_contain_text(NAMES[-1])
    roster.screenshot(path=ARTIFACTS / "certificate-04-roster.png")
    background = covers.first.evaluate("node => getComputedStyle(node).backgroundColor")
    assert background == "rgb(29, 63, 114)"

    # Chromium's own print: A4, the roster over several pages, its header on each of them.
    pdf_path = ARTIFACTS / "certificate-chromium-print.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True
        ).stdout
        roster_pages = [p for p in text.split("\f") if "专业技术岗位" in p]
        assert len(roster_pages) >= 4
        assert all("身份证号" in p for p in roster_pages)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                "-f",
                "1",
                "-l",
                "6",
                str(pdf_path),
                str(ARTIFACTS / "certificate-chromium-page"),
            ],
            check=True,
        )

    log_in(page, live_server, "printdesk")
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/certificates/{organ_certificate.pk}/print/")
    red = page.locator("section.cover").first
    red.screenshot(path=ARTIFACTS / "certificate-05-cover-red.png")
    assert red.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(164, 22, 26)"
    assert errors == []
