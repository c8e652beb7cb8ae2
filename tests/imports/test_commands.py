"""import_roster, import_institutions and excel_template on the command line."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from orgs.models import Institution
from people.models import Person
from tests.kit import builders
from tests.kit.factories import RegionFactory

from .books import ORGAN_ROW, SCHOOL_ROW, institutions_bytes, roster_row, workbook_bytes


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    return err.getvalue()


@pytest.fixture
def roster_file(world, tmp_path):
    builders.quota(world.unit, 5)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes([roster_row(builders.id_number())]))
    return path


def test_import_roster_dry_run_exits_0_and_writes_nothing(roster_file):
    out, _ = run("import_roster", str(roster_file), "--dry-run")
    assert "校验通过：1 行" in out
    assert Person.objects.count() == 0


def test_import_roster_writes_and_exits_0(roster_file):
    out, _ = run("import_roster", str(roster_file))
    assert "已导入 1 行" in out
    assert Person.objects.count() == 1


def test_import_roster_with_errors_exits_1_with_the_rows_on_stderr(world, tmp_path):
    builders.quota(world.unit, 5)
    path = tmp_path / "bad.xlsx"
    marked = tmp_path / "marked.xlsx"
    rows = [roster_row(builders.id_number()), roster_row("123", 单位="无此单位")]
    path.write_bytes(workbook_bytes(rows))
    err = failing("import_roster", str(path), "--marked", str(marked))
    assert "第3行 单位：未找到在用机构“无此单位”" in err
    assert "第3行 身份证号：" in err
    assert Person.objects.count() == 0
    sheet = load_workbook(marked).active
    assert [c.value for c in sheet[1]][:3] == ["原行号", "序号", "单位"]
    assert sheet["A2"].value == 3
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["C2"].comment is not None


def test_import_roster_refuses_a_hostile_file_with_exit_1(db, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    assert "不是 Excel 工作簿" in failing("import_roster", str(path))


def test_import_institutions_exit_codes(db, tmp_path):
    RegionFactory(code="990121", name="示例县")
    good = tmp_path / "good.xlsx"
    good.write_bytes(institutions_bytes([ORGAN_ROW, SCHOOL_ROW]))
    out, _ = run("import_institutions", str(good), "--region", "990121", "--dry-run")
    assert "校验通过" in out and Institution.objects.count() == 0
    out, _ = run("import_institutions", str(good), "--region", "990121")
    assert Institution.objects.count() == 2
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(institutions_bytes([{**ORGAN_ROW, "机构全称": "新局", "机构规格": "特级"}]))
    err = failing("import_institutions", str(bad), "--region", "990121")
    assert "第3行 机构规格：“特级”不在可选值中" in err
    assert Institution.objects.count() == 2


@pytest.mark.parametrize("kind", ["roster", "institutions"])
def test_excel_template_has_drop_downs_for_every_value_list(kind, tmp_path):
    from people.imports.roster_format import VALUE_LISTS as ROSTER_LISTS
    from staffing.imports.institutions_format import VALUE_LISTS as INSTITUTION_LISTS

    out = tmp_path / f"{kind}.xlsx"
    run("excel_template", kind, "--out", str(out))
    book = load_workbook(out)
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip("*") for c in sheet[1]]
    lists = ROSTER_LISTS if kind == "roster" else INSTITUTION_LISTS
    validated = set()
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        for cell_range in validation.sqref.ranges:
            validated.add(headers[cell_range.min_col - 1])
        assert validation.formula1.startswith("'可选值'!")
    expected = {h for h in lists if h in headers}
    assert expected and validated == expected
    assert book["可选值"].sheet_state == "hidden"


def test_a_filled_roster_template_imports(world, tmp_path):
    from openpyxl import load_workbook as load

    builders.quota(world.unit, 5)
    out = tmp_path / "roster.xlsx"
    run("excel_template", "roster", "--out", str(out))
    book = load(out)
    sheet = book.worksheets[0]
    headers = [str(c.value).rstrip("*") for c in sheet[1]]
    row = roster_row(builders.id_number())
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=2, column=index, value=row.get(header))
    assert sheet.cell(row=2, column=headers.index("身份证号") + 1).number_format == "@"
    book.save(out)
    run("import_roster", str(out))
    assert Person.objects.count() == 1
