"""The clerk's batch entry in a real browser (issue 17): two people in a row, the second form
already holding the quota line, permit and post the first one chose. Screenshots go to
tests/artifacts/ for a person to look at."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people import services
from tests.kit import builders
from tests.kit.browser import ARTIFACTS, chromium_page, log_in
from tests.kit.world import build_world
from tests.people.request_scene import build_scene, occurred

pytestmark = pytest.mark.browser


@pytest.fixture
def entry_request(transactional_db):
    scene = build_scene(build_world())
    request = services.request_create(
        institution=scene.world.unit,
        kind="entry",
        occurred_on=occurred(),
        reason="2026 年暑期招聘教师",
        actor=scene.user("clerk"),
    )
    return scene, request


@pytest.fixture
def page(entry_request, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page


def fill_person(page, name: str, number: str) -> None:
    page.fill("#id_id_number", number)
    page.fill("#id_name", name)
    page.select_option("#id_education", "bachelor")


def test_the_clerk_enters_two_people_in_a_row(live_server, entry_request, page):
    scene, request = entry_request
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("link", name="添加人员").click()

    page.select_option("#id_quota_line", str(scene.line.pk))
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_permit")).to_contain_text(scene.permit.number)
    page.select_option("#id_permit", str(scene.permit.pk))
    fill_person(page, "李娜", first := builders.id_number(male=False))
    page.select_option("#id_post_category", "professional")
    page.fill("#id_job_title", "数学教师")
    page.select_option("#id_entry_way", "recruitment")
    page.get_by_role("button", name="保存并继续添加").click()

    kept = page.locator("#kept-fields")
    expect(kept).to_contain_text(
        "已保留上一人的编制类型、用编通知单、岗位类别、人员类别、职务、进入方式"
    )
    expect(page.locator("#id_quota_line")).to_have_value(str(scene.line.pk))
    expect(page.locator("#id_permit")).to_have_value(str(scene.permit.pk))
    expect(page.locator("#id_post_category")).to_have_value("professional")
    expect(page.locator("#id_job_title")).to_have_value("数学教师")
    expect(page.locator("#id_entry_way")).to_have_value("recruitment")
    expect(page.locator("#id_id_number")).to_have_value("")
    expect(page.locator("#id_name")).to_have_value("")
    page.screenshot(path=ARTIFACTS / "batch-entry-second-person.png", full_page=True)

    fill_person(page, "王芳", second := builders.id_number(male=False))
    page.locator("button.btn-primary[type=submit]").click()

    rows = page.locator("#request-items tbody tr")
    expect(rows).to_have_count(2)
    # The clerk checks the numbers it typed, in full, while drafting.
    expect(rows.nth(0)).to_contain_text(first)
    expect(rows.nth(1)).to_contain_text(second)
    expect(rows.nth(1)).to_contain_text("数学教师")
    page.screenshot(path=ARTIFACTS / "batch-entry-request.png", full_page=True)

    page.get_by_role("link", name="提交申报").click()
    expect(page.locator(".alert-info")).to_contain_text("提交后不能再修改")
    page.screenshot(path=ARTIFACTS / "batch-entry-submit-confirmation.png", full_page=True)
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("alert")).to_contain_text("已提交申报")
    request.refresh_from_db()
    assert request.state == "submitted" and request.submitted_on == timezone.localdate()
    assert page_errors == []
