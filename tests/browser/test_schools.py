"""中小学编制 in a browser (rule 28): the education bureau's reviewer reads the comparison and
reallocates between two schools through the form; no serious axe-core violation on the pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schools.models import Reallocation
from schools.standards import school_year_of
from tests.kit import axe
from tests.kit.browser import chromium_page, log_in, pick
from tests.kit.clock import TODAY
from tests.kit.factories import RegionFactory
from tests.schools.scene import build_scene, students

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    scene = build_scene(RegionFactory(name="测试县"))
    students(scene.senior.school_profile, school_year_of(TODAY), senior=2000)
    return scene


@pytest.fixture
def page(scene, monkeypatch):
    with chromium_page(monkeypatch) as page:
        yield page


def test_the_reviewer_compares_and_reallocates(live_server, scene, page):
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}{reverse('schools:standard_list')}")
    row = page.get_by_role("row", name=scene.senior.full_name)
    expect(row).to_contain_text("缺 10")
    assert axe.violations(page) == []
    page.get_by_role("link", name="学校间编制调剂").click()
    assert axe.violations(page) == []
    # A bureau may run hundreds of schools: both are searched by name (issue 21).
    pick(
        page,
        "调出学校编制",
        scene.junior.full_name,
        f"{scene.junior.full_name} · 事业编制（全额拨款）",
    )
    pick(page, "调入学校", scene.senior.full_name, scene.senior.full_name)
    page.get_by_label("调剂数").fill("6")
    page.get_by_label("调剂文件文号").fill("测教发〔2026〕5号")
    page.get_by_label("文件标题").fill("关于调剂教职工编制的通知")
    page.get_by_label("发文日期").fill(TODAY.isoformat())
    page.get_by_label("调剂事由").fill("按学生数调剂")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="中小学编制调剂")).to_be_visible()
    assert Reallocation.objects.get().count == 6
    page.goto(f"{live_server.url}{reverse('schools:standard_list')}")
    expect(page.get_by_role("row", name=scene.senior.full_name)).to_contain_text("缺 4")
