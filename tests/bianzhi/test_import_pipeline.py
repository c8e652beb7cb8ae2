"""The shared import pipeline with a toy import: headers, row errors, whole-file checks, all or
nothing, dry run, rehearsal and the error workbook."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from bianzhi.excel.reader import Column, as_text
from bianzhi.imports.pipeline import Importer, SheetSpec
from orgs.models import Region
from tests.kit.factories import RegionFactory

pytestmark = pytest.mark.django_db

SHEET = SheetSpec([Column("代码", required=True), Column("名称", required=True), Column("备注")])
NOT_A_CODE = "代码须为 6 位数字。"
TWICE = "代码与第%(row)d行重复。"
REFUSED = "名称不能为“拒绝”。"


class RegionImporter(Importer):
    kind = "区划表"
    sheets = (SHEET,)
    batch_prefix = "QH"

    def validate_row(self, sheet, number, row):
        code = as_text(row.get("代码"))
        if not (code.isdigit() and len(code) == 6):
            self.error(number, "代码", NOT_A_CODE)
            return None
        return number, code, as_text(row.get("名称"))

    def check_file(self, valid):
        first: dict[str, int] = {}
        for number, code, _ in valid[SHEET]:
            if first.setdefault(code, number) != number:
                self.error(number, "代码", TWICE % {"row": first[code]})

    def write(self, valid):
        for number, code, name in valid[SHEET]:
            if name == "拒绝":
                self.service_errors(ValidationError({"name": REFUSED}), number, {"name": "名称"})
                continue
            RegionFactory(code=code, name=name)
        return {"区划": Region.objects.count()}


class RehearsingImporter(RegionImporter):
    rehearse = True


def book(rows, headers=("代码", "名称")) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["区划表"])  # a title row above the header
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run(rows, importer=RegionImporter, **options):
    return importer(actor=None, **options).run(book(rows))


def test_a_valid_file_is_written_with_a_batch_name():
    result = run([("990001", "甲县"), ("990002", "乙县")])
    assert result.ok and result.rows == 2 and result.header_row == 2
    assert result.batch.startswith("QH")
    assert result.written == {"区划": 2}


def test_row_errors_are_all_reported_and_nothing_is_written():
    result = run([("990001", "甲县"), ("12", "乙县"), ("abc", "丙县")])
    assert result.error_lines() == [f"第4行 代码：{NOT_A_CODE}", f"第5行 代码：{NOT_A_CODE}"]
    assert not Region.objects.exists()


def test_a_whole_file_check_stops_the_import():
    result = run([("990001", "甲县"), ("990001", "乙县")])
    assert result.error_lines() == ["第4行 代码：" + TWICE % {"row": 3}]
    assert not Region.objects.exists()


def test_a_refusal_while_writing_rolls_everything_back():
    result = run([("990001", "甲县"), ("990002", "拒绝")])
    assert result.error_lines() == [f"第4行 名称：{REFUSED}"]
    assert result.written == {}
    assert not Region.objects.exists()


def test_a_dry_run_validates_without_writing():
    result = run([("990001", "甲县")], dry_run=True)
    assert result.ok and result.dry_run and result.written == {} and not result.batch
    assert not Region.objects.exists()


def test_a_rehearsal_writes_to_find_refusals_and_rolls_back():
    result = run([("12", "甲县"), ("990002", "拒绝")], importer=RehearsingImporter)
    assert [e.row for e in result.errors] == [3, 4]
    result = run([("990001", "甲县")], importer=RehearsingImporter, dry_run=True)
    assert result.ok and result.written == {"区划": 1}
    assert not Region.objects.exists()


def test_missing_and_unknown_columns():
    source = book([("990001", "x", "甲县")], headers=("代码", "备注", "简称"))
    result = RegionImporter(actor=None).run(source)
    assert result.error_lines() == ["第2行：缺少必填列：名称"]
    assert result.notices == ["有无法识别的列（已忽略）：简称"]


def test_a_hostile_file_is_a_file_error():
    result = RegionImporter(actor=None).run(io.BytesIO(b"not a workbook"))
    assert [e.row for e in result.errors] == [0]


def test_the_error_workbook_marks_the_bad_cells():
    source = book([("990001", "甲县"), ("12", "乙县")])
    result = RegionImporter(actor=None).run(source)
    sheet = load_workbook(io.BytesIO(RegionImporter.error_workbook(source, result))).active
    assert [c.value for c in sheet[1]] == ["原行号", "代码", "名称", "备注", "错误说明"]
    assert [c.value for c in sheet[2]][:3] == [4, "12", "乙县"]
    assert sheet["B2"].comment.text == NOT_A_CODE


def test_progress_is_reported_while_writing():
    said = []
    RegionImporter(actor=None, progress=said.append).run(book([("990001", "甲县")]))
    assert said == ["校验通过，正在写入……"]
