"""Header rows and footers as counties receive them (issue 16, item 10): customary column names,
notes in brackets after a header, a grouped header over two rows and the 填表人/审核人 lines under
the table. Files like these were refused whole; each is built here with openpyxl."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from bianzhi.excel.reader import DATA_AFTER_FOOTER
from bianzhi.history import system_actor
from people.imports.roster import roster_import as run_import
from people.imports.roster_format import HEADERS
from people.models import Person
from tests.kit import builders

from .books import ORGAN_ROW, SCHOOL_ROW, roster_row

TITLE = "示例县实名制人员花名册"


@pytest.fixture
def line(world):
    return builders.quota(world.unit, 5)


def book_bytes(rows: list[list], merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for top, left, bottom, right in merges:
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(rows: list[dict], headers: dict[str, str] | None = None, below=()) -> list[list]:
    """A title, one header row (``headers`` renames columns), the rows and the lines ``below``."""
    headers = headers or {}
    lines = [[TITLE], [headers.get(h, h) for h in HEADERS]]
    for number, row in enumerate(rows, start=1):
        lines.append([number if h == "序号" else row.get(h) for h in HEADERS])
    return lines + list(below)


def load(content: bytes, dry_run=False):
    return run_import(file=io.BytesIO(content), actor=system_actor(), dry_run=dry_run)


def two_people():
    return [roster_row(builders.id_number()), roster_row(builders.id_number(), 姓名="李娜")]


# --- header aliases and notes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "renamed",
    [
        {"身份证号": "公民身份号码", "出生日期": "出生年月", "入编时间": "入编日期"},
        {"身份证号": "身份证号码", "入编时间": "入编时间", "单位": "单位名称", "学历": "最高学历"},
        {"进入方式": "入编方式", "编制类型": "编制性质", "参加工作时间": "参加工作日期"},
        {"身份证号": "公民身份证号码", "政治面貌": "政治面目", "职称": "专业技术职务"},
    ],
)
def test_customary_column_names_are_read_as_the_declared_columns(world, line, renamed):
    result = load(book_bytes(table(two_people(), renamed)))
    assert result.ok, result.error_lines()
    assert not result.notices
    assert Person.objects.count() == 2


def test_a_note_in_brackets_after_a_header_is_read_past(world, line):
    renamed = {
        "身份证号": "身份证号（18位）",
        "出生日期": "出生日期(年月日)",
        "入编时间": "入编时间\n（年月）",
        "姓名": "*姓名",
        "学历": "学历【最高】",
        "单位": "单位名称（全称）",
    }
    result = load(book_bytes(table(two_people(), renamed)))
    assert result.ok, result.error_lines()
    assert not result.notices


# --- a grouped header over two rows ----------------------------------------------------------------


def grouped(rows: list[dict], groups: dict[str, list[str]]) -> tuple[list[list], list]:
    """The roster's header in two rows: each group's label merged over its sub-headers, every
    other header merged over both rows."""
    upper, lower, merges = [], [], []
    in_group = {header: label for label, headers in groups.items() for header in headers}
    for column, header in enumerate(HEADERS, start=1):
        label = in_group.get(header)
        if label is None:
            upper.append(header)
            lower.append(None)
            merges.append((2, column, 3, column))
        else:
            first = groups[label][0] == header
            upper.append(label if first else None)
            lower.append(header)
            if first:
                merges.append((2, column, 2, column + len(groups[label]) - 1))
    lines = [[TITLE], upper, lower]
    for number, row in enumerate(rows, start=1):
        lines.append([number if h == "序号" else row.get(h) for h in HEADERS])
    return lines, merges


def test_a_group_header_over_sub_headers_is_read_by_its_sub_headers(world, line):
    """入编情况 over 进入方式/入编时间/入编文号: the upper row names most columns."""
    people = two_people()
    lines, merges = grouped(people, {"入编情况": ["进入方式", "入编时间", "入编文号"]})
    result = load(book_bytes(lines, merges))
    assert result.ok, result.error_lines()
    assert not result.notices  # 入编情况 is not an unknown column
    assert result.header_row == 3
    assert result.rows == 2
    number = people[1]["身份证号"]
    assert Person.objects.by_id_number(number).get().records.get().entry_way == "recruitment"


def test_several_groups_where_the_lower_row_names_most_columns(world, line):
    groups = {
        "基本情况": ["姓名", "性别", "民族", "身份证号", "出生日期", "政治面貌"],
        "编制情况": ["人员类别", "编制类型", "经费形式", "岗位类别", "公务员登记", "职务"],
        "入编情况": ["进入方式", "入编时间", "入编文号"],
    }
    lines, merges = grouped(two_people(), groups)
    result = load(book_bytes(lines, merges))
    assert result.ok, result.error_lines()
    assert (result.header_row, result.rows, result.notices) == (3, 2, [])
    assert Person.objects.count() == 2


def test_a_grouped_file_with_a_bad_cell_names_the_data_row(world, line):
    people = two_people()
    people[1]["入编时间"] = "2015-02-30"
    lines, merges = grouped(people, {"入编情况": ["进入方式", "入编时间", "入编文号"]})
    result = load(book_bytes(lines, merges))
    assert [(e.row, e.column) for e in result.errors] == [(5, "入编时间")]


# --- footer lines --------------------------------------------------------------------------------

FOOTER = [
    [],
    ["填表人：张三", None, None, None, "审核人：李四", None, None, "联系电话：0000-1234567"],
    ["单位负责人：王五", None, None, None, None, None, None, "填表日期：2026年12月1日"],
    ["注：1. 本表由单位填写；2. 身份证号须填写 18 位。"],
]


def test_the_footer_under_the_table_ends_the_data(world, line):
    result = load(book_bytes(table(two_people(), below=FOOTER)))
    assert result.ok, result.error_lines()
    assert result.rows == 2
    assert Person.objects.count() == 2


def test_a_footer_right_under_the_data_with_the_signatures_below_it(world, line):
    below = [
        ["填表人", None, "审核人", None, None, "制表人：", None, None],
        ["张三", None, "李四", None, None, "王五"],
        [None, "13800000000", "（单位盖章）"],
    ]
    result = load(book_bytes(table(two_people(), below=below)))
    assert result.ok, result.error_lines()
    assert result.rows == 2


def test_data_under_the_footer_refuses_the_file_rather_than_being_left_out(world, line):
    people = two_people()
    lines = table(people[:1], below=FOOTER)
    late = people[1]
    lines.append([2 if h == "序号" else late.get(h) for h in HEADERS])
    result = load(book_bytes(lines), dry_run=True)
    footer_row, late_row = 5, len(lines)
    message = DATA_AFTER_FOOTER % {"footer": footer_row, "row": late_row}
    assert [(e.row, e.message) for e in result.errors] == [(0, message)]


def test_a_footer_in_the_institutions_import_with_customary_headers(db):
    from staffing.imports.institutions import institutions_import
    from staffing.imports.institutions_format import INSTITUTION_HEADERS
    from staffing.models import QuotaLine
    from tests.kit.factories import RegionFactory

    region = RegionFactory(code="990121", name="示例县")
    renamed = {"机构全称": "机构名称", "批准日期": "批准时间", "机构规格": "规格（级别）"}
    rows = [{**ORGAN_ROW, "机构规格": "正科"}, SCHOOL_ROW]
    lines = [["示例县机构编制信息采集表"], [renamed.get(h, h) for h in INSTITUTION_HEADERS]]
    lines += [[row.get(h) for h in INSTITUTION_HEADERS] for row in rows]
    lines += [[], ["填表人：张三", None, "审核人：李四"]]
    book = Workbook()
    book.active.title = "机构"
    for values in lines:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = institutions_import(file=buffer, actor=system_actor(), region=region)
    assert result.ok, result.error_lines()
    assert not result.notices
    assert QuotaLine.objects.count() == 3


def test_the_unit_roster_upload_reads_the_same_footer_and_header_names(world):
    from people.imports.unit_roster import (
        NOTHING_CHANGED,
        unit_roster_upload,
        unit_roster_workbook,
    )

    builders.staff(builders.quota(world.unit, 5), 2)
    book = load_workbook(io.BytesIO(unit_roster_workbook(world.unit, world.users["clerk"])))
    sheet = book.active
    header_row = next(row for row in range(1, 10) if any(c.value == "身份证号" for c in sheet[row]))
    for cell in sheet[header_row]:
        cell.value = {"身份证号": "公民身份号码", "入编时间": "入编日期"}.get(
            cell.value, cell.value
        )
    last = sheet.max_row
    sheet.cell(row=last + 2, column=1, value="填表人：张三")
    sheet.cell(row=last + 2, column=5, value="联系电话：0000-1234567")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = unit_roster_upload(
        file=buffer, institution=world.unit, actor=world.users["clerk"], dry_run=True
    )
    assert result.ok, result.error_lines()
    assert NOTHING_CHANGED in result.notices
