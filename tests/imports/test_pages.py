"""The import pages per role (view-test kit), uploads through the pages, marked workbooks."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import Institution
from people.models import ChangeRequest, Person
from tests.kit import builders
from tests.kit.views import ViewTestCase, assert_redirects_to_login
from tests.kit.world import ROLES, WRITERS

from .books import ORGAN_ROW, institutions_bytes, roster_row, upload, workbook_bytes

OFFICE_PAGES = [
    "people:roster_import",
    "people:roster_template",
    "staffing:institutions_import",
    "staffing:institutions_template",
]


@pytest.fixture(autouse=True)
def _marked_files_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


class TestImportPages(ViewTestCase):
    @pytest.mark.parametrize("name", OFFICE_PAGES)
    def test_office_pages_need_login(self, client, world, name):
        assert_redirects_to_login(client.get(reverse(name)))

    @pytest.mark.parametrize("name", OFFICE_PAGES)
    @pytest.mark.parametrize("role", ROLES)
    def test_office_pages_are_for_office_roles_only(self, client, world, role, name):
        self.login(client, world, role)
        response = client.get(reverse(name))
        assert response.status_code == (200 if role in WRITERS else 403), (role, name)
        if role in WRITERS and name.endswith("_template"):
            book = load_workbook(io.BytesIO(response.content))
            assert "可选值" in book.sheetnames

    @pytest.mark.parametrize("role", ROLES)
    def test_import_uploads_are_refused_to_other_roles(self, client, world, role):
        builders.quota(world.unit, 3)
        self.login(client, world, role)
        content = workbook_bytes([roster_row(builders.id_number())])
        response = client.post(reverse("people:roster_import"), {"file": upload(content)})
        assert response.status_code == (302 if role in WRITERS else 403)
        assert Person.objects.count() == (1 if role in WRITERS else 0)

    def test_the_navigation_leads_to_the_pages(self, client, world):
        self.login(client, world, "office_staff")
        page = client.get(reverse("orgs:home")).content.decode()
        for name in [*OFFICE_PAGES, "imports:index"]:
            assert reverse(name) in page
        self.login(client, world, "clerk")
        page = client.get(reverse("orgs:home")).content.decode()
        assert reverse("people:unit_roster", args=[world.unit.pk]) in page
        assert reverse("people:roster_import") not in page

    def test_a_valid_roster_is_written_by_the_page_with_the_user_in_history(self, client, world):
        builders.quota(world.unit, 3)
        user = self.login(client, world, "office_staff")
        content = workbook_bytes([roster_row(builders.id_number())], title_rows=["花名册"])
        response = client.post(
            reverse("people:roster_import"), {"file": upload(content)}, follow=True
        )
        result = response.context["result"]
        assert result.ok and "已导入 1 行" in response.content.decode()
        history = Person.objects.get().history.get()
        assert history.history_user == user
        assert history.history_change_reason == f"人员信息采集表导入（批次 {result.batch}）"

    def test_dry_run_on_the_page_writes_nothing(self, client, world):
        builders.quota(world.unit, 3)
        self.login(client, world, "office_admin")
        content = workbook_bytes([roster_row(builders.id_number())])
        response = client.post(
            reverse("people:roster_import"), {"file": upload(content), "dry_run": "on"}, follow=True
        )
        assert "校验通过" in response.content.decode()
        assert Person.objects.count() == 0

    def test_errors_are_listed_and_the_marked_workbook_is_for_the_uploader(self, client, world):
        builders.quota(world.unit, 3)
        self.login(client, world, "office_staff")
        rows = [roster_row(builders.id_number()), roster_row(builders.id_number(), 姓名=None)]
        response = client.post(
            reverse("people:roster_import"), {"file": upload(workbook_bytes(rows))}, follow=True
        )
        page = response.content.decode()
        assert "第3行 姓名：必须填写。" in page and "未写入任何数据" in page
        assert Person.objects.count() == 0
        marked_url = response.context["marked_url"]
        download = client.get(marked_url)
        assert download.status_code == 200
        sheet = load_workbook(io.BytesIO(download.content)).active
        assert sheet["A2"].value == 3
        assert sheet.cell(row=2, column=sheet.max_column).value == "第3行 姓名：必须填写。"
        other = client.__class__()
        other.force_login(world.users["office_admin"])
        assert other.get(marked_url).status_code == 404

    @pytest.mark.parametrize(
        "content, message",
        [
            (b"not a workbook at all", "不是 Excel 工作簿"),
            (workbook_bytes([])[:300], "文件不完整或已损坏"),
        ],
    )
    def test_hostile_files_are_the_jobs_file_error(self, client, world, content, message):
        self.login(client, world, "office_staff")
        response = client.post(
            reverse("people:roster_import"), {"file": upload(content)}, follow=True
        )
        assert response.status_code == 200
        [error] = response.context["result"].file_errors
        assert message in error
        assert message in response.content.decode()
        assert response.context["marked_url"] == ""

    def test_oversize_upload_is_a_form_error(self, client, world, settings):
        settings.BIANZHI = {**settings.BIANZHI, "IMPORT_MAX_UPLOAD_BYTES": 1000}
        self.login(client, world, "office_staff")
        content = workbook_bytes([roster_row(builders.id_number())])
        response = client.post(reverse("staffing:institutions_import"), {"file": upload(content)})
        assert "超过上限" in response.context["form"].errors["file"][0]

    def test_institutions_import_page_writes_into_the_users_region(self, client, world):
        self.login(client, world, "office_staff")
        content = institutions_bytes([ORGAN_ROW])
        response = client.post(
            reverse("staffing:institutions_import"), {"file": upload(content)}, follow=True
        )
        assert response.context["result"].ok, response.context["result"].error_lines()
        assert Institution.objects.get(full_name="示例县教育局").region == world.region


class TestUnitRosterPages:
    @pytest.fixture
    def staffed(self, world):
        line = builders.quota(world.unit, 5)
        return builders.staff(line, 2)

    @pytest.mark.parametrize("name", ["people:unit_roster", "people:unit_roster_download"])
    @pytest.mark.parametrize("role", ROLES)
    def test_only_the_units_clerk_opens_it(self, client, world, staffed, role, name):
        client.force_login(world.users[role])
        response = client.get(reverse(name, args=[world.unit.pk]))
        assert response.status_code == (200 if role == "clerk" else 403)

    def test_another_units_page_is_a_404_for_the_clerk(self, client, world, staffed):
        client.force_login(world.users["clerk"])
        for name in ["people:unit_roster", "people:unit_roster_download"]:
            assert client.get(reverse(name, args=[world.sibling.pk])).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, world):
        assert_redirects_to_login(client.get(reverse("people:unit_roster", args=[world.unit.pk])))

    def test_download_edit_upload_drafts_one_roster_batch(self, client, world, staffed):
        client.force_login(world.users["clerk"])
        download = client.get(reverse("people:unit_roster_download", args=[world.unit.pk]))
        book = load_workbook(io.BytesIO(download.content))
        book.active.delete_rows(5)
        buffer = io.BytesIO()
        book.save(buffer)
        page = reverse("people:unit_roster", args=[world.unit.pk])
        response = client.post(page, {"file": upload(buffer.getvalue())})
        assert not ChangeRequest.objects.exists(), "the exit's reason is confirmed first"
        exit_form = response.context["exit_form"]
        [reason] = exit_form.reason_fields()
        confirm = {**exit_form.initial, reason.html_name: "retirement"}
        response = client.post(page, confirm)
        request = ChangeRequest.objects.get()
        assert request.kind == "roster" and request.state == "draft"
        assert [item.kind for item in request.items.all()] == ["exit"]
        assert request.items.get().data["end_reason"] == "retirement"
        assert reverse("people:request_detail", args=[request.pk]) in response.content.decode()

    def test_the_upload_read_in_the_request_has_the_smaller_limit(
        self, client, world, staffed, settings
    ):
        settings.BIANZHI = {
            **settings.BIANZHI,
            "IMPORT_MAX_UPLOAD_BYTES": 10**9,
            "IMPORT_REQUEST_MAX_UPLOAD_BYTES": 1000,
        }
        client.force_login(world.users["clerk"])
        page = reverse("people:unit_roster", args=[world.unit.pk])
        assert "文件不超过 1000 字节" in client.get(page).content.decode()
        content = workbook_bytes([roster_row(builders.id_number())])
        response = client.post(page, {"file": upload(content)})
        assert "超过上限" in response.context["form"].errors["file"][0]

    def test_a_bad_upload_offers_the_marked_workbook(self, client, world, staffed):
        client.force_login(world.users["clerk"])
        content = workbook_bytes([roster_row("123", 单位="示例县本单位")])
        response = client.post(
            reverse("people:unit_roster", args=[world.unit.pk]), {"file": upload(content)}
        )
        assert not response.context["result"].ok
        assert client.get(response.context["marked_url"]).status_code == 200
        assert ChangeRequest.objects.count() == 0
