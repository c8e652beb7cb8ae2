"""The background exports: the 导出 Excel buttons, the job page with its progress, the download
that only the user who asked may fetch, and the ledger page."""

import pytest
from django.urls import reverse

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

    def test_the_index_offers_only_regions_and_departments_in_scope(self, client, world):
        self.login(client, world, "office_staff")
        form = client.get(reverse(self.page_url)).context["form"]
        assert dict(form.fields["under"].choices) == {
            "": "全部",
            str(world.supervisor.pk): "示例县主管局",
        }
        assert world.other_region.code not in dict(form.fields["region_code"].choices)
        self.login(client, world, "clerk")
        form = client.get(reverse(self.page_url)).context["form"]
        assert dict(form.fields["under"].choices) == {"": "全部"}


def start(client, kind, query="", data=None):
    url = reverse("exports:start", args=[kind]) + (f"?{query}" if query else "")
    return client.post(url, data or {})


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
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])
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
    path = scene.world.users and job.path
    sheet = read(path)
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
    assert f"机构编号（含下属） {scene.world.sibling.pk}" in page
    assert set(read(job.path).column("单位")) == {"示例县兄弟单位"}


@pytest.mark.parametrize(("url_name", "kind"), sorted(LIST_PAGES.items()))
def test_each_list_page_has_its_export_button_with_the_filters(client, scene, url_name, kind):
    client.force_login(scene.world.users["office_staff"])
    page = client.get(reverse(url_name), {"q": "兄弟"}).content.decode()
    assert f'action="{reverse("exports:start", args=[kind])}?q=%E5%85%84%E5%BC%9F"' in page
    assert "导出 Excel" in page


def test_the_task_is_a_django_task():
    assert export_ledger_task.module_path == "bianzhi.exports.export_ledger_task"
