"""The background exports: the 导出 Excel buttons, the job page with its progress, the download
that only the user who asked may fetch, and the ledger page."""

import re

import pytest
from django.urls import reverse

from bianzhi import files
from bianzhi.exports import export_ledger_task, run_export
from bianzhi.models import ExportJob, ExportStatus
from tests.kit.views import ViewTestCases, assert_redirects_to_login
from tests.kit.world import ROLES

from .read import read
from .scene import build_scene

LIST_PAGES = {
    "people:person_list": "roster",
    "orgs:institution_list": "institutions",
    "staffing:adjustment_list": "adjustments",
    "staffing:permit_list": "permits",
    "staffing:leadership_list": "leadership",
    "staffing:region_totals": "over_established",
    "people:supervision": "timeliness",
    "people:retirement_forecast": "retirement_forecast",
    "hospitals:hospital_list": "hospital_control",
    "hospitals:filedstaff_list": "filed_staff",
    "funding:year": "funding",
}


class TestLedgerIndex(ViewTestCases.PageView):
    page_url = "exports:index"

    def test_the_index_lists_every_ledger_and_the_users_jobs(self, client, world):
        self.login(client, world, "office_staff")
        client.post(reverse("exports:start", args=["leavers"]))
        page = client.get(reverse(self.page_url)).content.decode()
        for title in ("实名制人员花名册", "减少人员花名册", "领导职数调整台账", "超编单位台账"):
            assert title in page
        assert reverse("exports:download", args=[ExportJob.objects.get().pk]) in page

    def test_the_index_offers_regions_in_scope_and_picks_the_unit_by_name(self, client, world):
        self.login(client, world, "office_staff")
        response = client.get(reverse(self.page_url))
        assert world.other_region.code not in dict(
            response.context["form"].fields["region_code"].choices
        )
        page = response.content.decode()
        assert f'hx-get="{reverse("orgs:institution_picker")}"' in page
        assert '<label class="form-label" for="id_under_search">单位（含下属单位）</label>' in page
        assert 'type="hidden" name="under"' in page


PICKER = "orgs:institution_picker"


def picked(client, typed: str) -> dict[str, str]:
    """The units the picker offers for ``typed``: {id: name}."""
    page = client.get(reverse(PICKER), {"institution_search": typed}).content.decode()
    return dict(re.findall(r'data-bz-pick="(\d+)" data-bz-label="([^"]+)"', page))


def test_the_picker_needs_a_sign_in(client, world):
    assert_redirects_to_login(client.get(reverse(PICKER), {"institution_search": "示例"}))


@pytest.mark.parametrize("role", ROLES)
def test_the_picker_offers_the_units_in_scope_named_like_what_was_typed(client, world, role):
    client.force_login(world.users[role])
    offered = set(picked(client, "单位").values())
    expected = {
        "office_admin": {"示例县本单位", "示例县兄弟单位"},
        "office_staff": {"示例县本单位", "示例县兄弟单位"},
        "partner": {"示例县本单位", "示例县兄弟单位"},
        "reviewer": {"示例县本单位"},
        "clerk": {"示例县本单位"},
    }[role]
    assert offered == expected
    assert picked(client, "") == {}
    page = client.get(reverse(PICKER), {"institution_search": "没有这个"}).content.decode()
    assert "您的范围内没有名称含“没有这个”的在用单位" in page


def test_the_picker_shows_at_most_its_limit(client, world):
    from orgs.picker import MATCHES_SHOWN
    from tests.kit.factories import InstitutionFactory

    InstitutionFactory.create_batch(MATCHES_SHOWN + 1, region=world.region)
    client.force_login(world.users["office_staff"])
    assert len(picked(client, "测试县")) == MATCHES_SHOWN
    assert (
        "只显示前" in client.get(reverse(PICKER), {"institution_search": "测试县"}).content.decode()
    )


def test_a_name_typed_but_not_picked_is_not_exported_as_everything(client, world):
    client.force_login(world.users["office_staff"])
    response = start(
        client, "roster", data={"institution_search": "兄弟", "under": ""}, follow=True
    )
    assert not ExportJob.objects.exists()
    assert "未从列表中选定" in response.content.decode()


def start(client, kind, query="", data=None, **kwargs):
    url = reverse("exports:start", args=[kind]) + (f"?{query}" if query else "")
    return client.post(url, data or {}, **kwargs)


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_start_needs_login_and_a_post(client, world):
    assert_redirects_to_login(start(client, "roster"))
    client.force_login(world.users["clerk"])
    assert client.get(reverse("exports:start", args=["roster"])).status_code == 405
    assert start(client, "nonsense").status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_exports_its_view_end_to_end(client, scene, role):
    """The button posts the page's filters; the task runs (immediate backend); the job page
    shows 100% and the download link; the file holds the rows in the user's scope."""
    user = scene.world.users[role]
    client.force_login(user)
    response = start(client, "roster", "establishment_type=public&page=2&sort=name")
    job = ExportJob.objects.get()
    job_url = reverse("exports:job", args=[job.pk])
    assert response.status_code == 302 and response.url == f"{job_url}?auto=1"
    assert job.user == user and job.status == ExportStatus.DONE
    assert job.params == {"establishment_type": "public"}
    page = client.get(response.url)
    assert page.status_code == 200
    assert "100%" in page.content.decode()
    download = reverse("exports:download", args=[job.pk])
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "xlsx" in response["Content-Disposition"]
    sheet = read(files.generated().path(job.path))
    names = sorted(sheet.column("姓名"))
    expected = ["本单位职工2", "本单位职工3"]
    assert names == expected
    masked = all("*" in number for number in sheet.column("身份证号"))
    assert masked == (role not in ("office_admin", "office_staff"))


def test_only_the_user_who_asked_sees_the_job_and_its_file(client, scene):
    client.force_login(scene.world.users["office_staff"])
    start(client, "roster")
    job = ExportJob.objects.get()
    for other in ("office_admin", "partner", "clerk"):
        client.force_login(scene.world.users[other])
        assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    client.logout()
    assert_redirects_to_login(client.get(reverse("exports:download", args=[job.pk])))


def test_the_progress_polls_until_done_then_offers_the_file(client, scene, settings):
    """With a queue that does not run the task yet, the page polls; once run, it stops."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(scene.world.users["office_staff"])
    start(client, "institutions")
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED
    partial = client.get(reverse("exports:job", args=[job.pk]), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert 'hx-trigger="every 1s"' in body and "<html" not in body
    assert reverse("exports:download", args=[job.pk]) not in body
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.percent == 100 and job.done == job.total
    body = client.get(
        reverse("exports:job", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in body
    assert reverse("exports:download", args=[job.pk]) in body


def test_bad_parameters_fail_the_job_with_the_message(client, scene):
    client.force_login(scene.world.users["office_staff"])
    start(client, "roster", data={"as_of": "2026-02-30"})
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED
    assert (
        "日期“2026-02-30”无效" in client.get(reverse("exports:job", args=[job.pk])).content.decode()
    )
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_ledger_form_fields_are_the_export_parameters(client, scene):
    client.force_login(scene.world.users["office_staff"])
    start(
        client,
        "roster",
        data={"under": str(scene.world.sibling.pk), "as_of": "", "region_code": ""},
    )
    job = ExportJob.objects.get()
    assert job.params == {"under": str(scene.world.sibling.pk)}
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "示例县兄弟单位（含下属单位）" in page
    assert "机构编号" not in page
    assert set(read(files.generated().path(job.path)).column("单位")) == {"示例县兄弟单位"}


def test_the_job_page_names_the_scope_and_the_filters_in_words(client, scene):
    world = scene.world
    client.force_login(world.users["office_staff"])
    start(client, "roster")
    page = client.get(ExportJob.objects.get().get_absolute_url()).content.decode()
    assert '<dd class="col-9 mb-1">示例县</dd>' in page
    start(
        client,
        "roster",
        f"institution={world.unit.pk}&establishment_type=public",
        data={"region_code": world.region.code, "as_of": "2026-01-31"},
    )
    page = client.get(ExportJob.objects.first().get_absolute_url()).content.decode()
    assert '<dd class="col-9 mb-1">示例县本单位</dd>' in page
    assert f"示例县（{world.region.code}）" in page
    assert "2026年1月31日" in page


def test_a_unit_outside_the_scope_is_not_named(client, scene):
    world = scene.world
    client.force_login(world.users["clerk"])
    start(client, "roster", data={"under": str(world.sibling.pk)})
    page = client.get(ExportJob.objects.get().get_absolute_url()).content.decode()
    assert "示例县兄弟单位" not in page
    assert f"编号 {world.sibling.pk}（不在您的范围内）" in page


def test_the_ready_file_downloads_by_itself_once_and_keeps_its_link(client, scene, settings):
    """Opened right after the start (?auto=1) or finished while the page polls: the link is
    marked to be followed by itself. Opened again later: the link only."""
    client.force_login(scene.world.users["office_staff"])
    response = start(client, "institutions")
    job = ExportJob.objects.get()
    download = reverse("exports:download", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert f'href="{download}" data-bz-auto-download' in page
    assert "正在自动下载" in page
    later = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{download}"' in later and "data-bz-auto-download" not in later

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = start(client, "institutions")
    queued = ExportJob.objects.first()
    page = client.get(response.url).content.decode()
    assert "data-bz-auto-download" not in page and 'hx-trigger="every 1s"' in page
    run_export(queued.pk)
    fragment = client.get(queued.get_absolute_url(), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert "hx-trigger" not in body
    assert "data-bz-auto-download" in body


@pytest.mark.parametrize(("url_name", "kind"), sorted(LIST_PAGES.items()))
def test_each_list_page_has_its_export_button_with_the_filters(client, scene, url_name, kind):
    client.force_login(scene.world.users["office_staff"])
    page = client.get(reverse(url_name), {"q": "兄弟"}).content.decode()
    assert f'action="{reverse("exports:start", args=[kind])}?q=%E5%85%84%E5%BC%9F"' in page
    assert "导出 Excel" in page


def test_the_task_is_a_django_task():
    assert export_ledger_task.module_path == "bianzhi.exports.export_ledger_task"
