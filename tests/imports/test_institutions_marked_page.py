"""A bad 机构编制信息采集表 uploaded on the page comes back marked, for the uploader only
(the roster's counterpart is in test_pages.py)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import Institution

from .books import ORGAN_ROW, institutions_bytes, upload


@pytest.fixture(autouse=True)
def _marked_files_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_a_bad_institutions_workbook_is_offered_back_marked(client, world):
    client.force_login(world.users["office_staff"])
    content = institutions_bytes([{**ORGAN_ROW, "机构全称": None}])
    response = client.post(
        reverse("staffing:institutions_import"), {"file": upload(content)}, follow=True
    )
    assert not response.context["result"].ok
    assert not Institution.objects.filter(full_name="示例县教育局").exists()
    marked_url = response.context["marked_url"]
    download = client.get(marked_url)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert sheet["A2"].value == 3
    assert sheet.cell(row=2, column=sheet.max_column).value == "第3行 机构全称：必须填写。"
    other = client.__class__()
    other.force_login(world.users["office_admin"])
    assert other.get(marked_url).status_code == 404
