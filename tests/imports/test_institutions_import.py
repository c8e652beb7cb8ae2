"""机构编制信息采集表 import: institutions, quotas and leadership through the services."""

import io

import pytest

from bianzhi.history import system_actor
from orgs.models import Institution, InternalDepartment
from staffing.imports import institutions as importer
from staffing.models import Adjustment, LeadershipQuota, QuotaLine
from tests.kit.factories import RegionFactory

from .books import ORGAN_ROW, SCHOOL_ROW, institutions_bytes


@pytest.fixture
def region(db):
    return RegionFactory(code="990121", name="示例县")


def load(region, rows, departments=None, dry_run=False):
    content = institutions_bytes(rows, departments)
    return importer.institutions_import(
        file=io.BytesIO(content), actor=system_actor(), region=region, dry_run=dry_run
    )


DEPARTMENTS = [
    {
        "单位": "示例县教育局",
        "内设机构名称": "办公室",
        "规格": "股级",
        "内设机构正职职数": 1,
        "批准文号": "示编发〔2019〕1号",
        "批准日期": "2019-03-01",
    }
]


def test_institutions_quotas_and_posts_are_written_with_the_batch(region):
    # The child comes first in the file: it is written after its parent.
    result = load(region, [SCHOOL_ROW, ORGAN_ROW], DEPARTMENTS)
    assert result.ok, result.error_lines()
    assert result.written == {"机构": 2, "编制": 3, "领导职数": 4, "内设机构": 1}
    school = Institution.objects.get(full_name="示例县实验小学")
    assert school.parent.full_name == "示例县教育局"
    line = QuotaLine.objects.get(institution=school)
    assert (line.establishment_type, line.funding_form, line.approved) == ("public", "full", 40)
    reason = f"机构编制信息采集表导入（批次 {result.batch}）"
    assert school.history.get().history_change_reason == reason
    assert line.history.last().history_change_reason == reason
    assert Adjustment.objects.filter(kind="initial").count() == 2
    office = InternalDepartment.objects.get(name="办公室")
    assert LeadershipQuota.objects.get(department=office).approved == 1


def test_an_error_in_the_last_row_writes_nothing(region):
    bad = {**SCHOOL_ROW, "机构全称": "示例县第二小学", "行政编制": 3}  # rule 6
    result = load(region, [ORGAN_ROW, SCHOOL_ROW, bad])
    assert not result.ok
    assert [e.row for e in result.errors] == [5]
    assert "规则 6" in result.errors[0].message
    assert Institution.objects.count() == 0
    assert QuotaLine.objects.count() == 0


def test_dry_run_writes_nothing_and_says_what_it_would_write(region):
    result = load(region, [ORGAN_ROW], dry_run=True)
    assert result.ok
    assert result.written["机构"] == 1
    assert Institution.objects.count() == 0


def test_every_error_is_reported_with_its_column(region):
    rows = [
        {**ORGAN_ROW, "单位类型": "公司"},
        {**SCHOOL_ROW, "主管部门": "不存在局", "机构全称": "甲"},
        {**ORGAN_ROW, "机构全称": "乙", "行政编制": "三"},
        {**ORGAN_ROW, "机构全称": "丙", "批准日期": None},
        {**ORGAN_ROW, "机构全称": "丁", "统一社会信用代码": "91350100M000100Y4Z"},
    ]
    result = load(region, rows)
    columns = {(e.row, e.column) for e in result.errors}
    assert (3, "单位类型") in columns
    assert (4, "主管部门") in columns
    assert (5, "行政编制") in columns
    assert (6, "批准日期") in columns
    assert (7, "统一社会信用代码") in columns
    assert Institution.objects.count() == 0


def test_duplicate_names_in_the_file_are_refused(region):
    result = load(region, [ORGAN_ROW, ORGAN_ROW])
    assert [str(e) for e in result.errors] == ["第4行 机构全称：机构全称与第3行重复。"]


def test_an_existing_institution_name_is_refused(region):
    assert load(region, [ORGAN_ROW]).ok
    result = load(region, [ORGAN_ROW])
    assert result.errors and "同名" in result.errors[0].message
    assert Institution.objects.count() == 1


def test_unknown_unit_of_a_department_is_refused(region):
    departments = [{**DEPARTMENTS[0], "单位": "不存在局"}]
    result = load(region, [ORGAN_ROW], departments)
    assert [e.column for e in result.errors] == ["内设机构表 单位"]
    assert Institution.objects.count() == 0
