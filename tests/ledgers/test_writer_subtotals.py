"""The ledger writer's 小计 rows (issue 16, item 3): after each group of rows, a row summing the
group with SUBTOTAL(9, …) and its value, labelled across the text columns; the 合计 over all rows
with SUBTOTAL too, so that it counts every row once."""

import re

from bianzhi.excel.cells import SUBTOTAL_FILL
from bianzhi.excel.writer import INTEGER, Column, LedgerWriter, Subtotals, column

from .read import read

ROWS = [
    {"name": "甲", "system": "党委", "h": 3, "a": 2},
    {"name": "乙", "system": "党委", "h": 4, "a": 5},
    {"name": "丙", "system": "政府", "h": 10, "a": 7},
]


def columns() -> list[Column]:
    return [
        Column("序号", lambda row: 1, kind=INTEGER, width=5),
        column("单位", "name", width=14),
        column("系统", "system"),
        column("核定", "h", kind=INTEGER, group="行政编制", total=True),
        column("实有", "a", kind=INTEGER, group="行政编制", total=True),
    ]


def write(path, rows=ROWS, **options):
    with LedgerWriter(
        str(path),
        title="测试台账",
        subtitle="范围：示例县",
        columns=columns(),
        subtotals=Subtotals(group=lambda row: row["system"], label="{group}小计（{count}个）"),
        **options,
    ) as writer:
        writer.write_rows(rows)
    return path


SUBTOTAL = re.compile(r"=SUBTOTAL\(9,([A-Z]+)(\d+):\1(\d+)\)")


def spreadsheet_sum(sheet, formula: str) -> int:
    """What a spreadsheet computes for =SUBTOTAL(9,D5:D9) in ``sheet`` (read with formulas):
    the sum of the range's cells that are not SUBTOTAL formulas themselves."""
    letter, first, last = SUBTOTAL.fullmatch(formula).groups()
    cells = [sheet[f"{letter}{row}"].value for row in range(int(first), int(last) + 1)]
    return sum(value for value in cells if not str(value).startswith("=SUBTOTAL"))


def test_a_subtotal_row_follows_each_group(tmp_path):
    path = write(tmp_path / "t.xlsx")
    values, formulas = read(path), read(path, data_only=False)
    # Rows 5, 6: 党委; 7: its 小计; 8: 政府; 9: its 小计; 10: 合计.
    assert values.subtotal_rows() == [7, 9]
    assert [c.value for c in values.sheet[7]] == ["党委小计（2个）", None, None, 7, 7]
    assert [c.value for c in values.sheet[9]] == ["政府小计（1个）", None, None, 10, 7]
    assert [c.value for c in formulas.sheet[7]][3:] == ["=SUBTOTAL(9,D5:D6)", "=SUBTOTAL(9,E5:E6)"]
    assert [c.value for c in formulas.sheet[9]][3:] == ["=SUBTOTAL(9,D8:D8)", "=SUBTOTAL(9,E8:E8)"]
    assert {"A7:C7", "A9:C9"} <= values.merged()
    assert [row[1].value for row in values.cells()] == ["甲", "乙", "丙"]


def test_the_total_counts_each_row_once(tmp_path):
    path = write(tmp_path / "t.xlsx")
    values, formulas = read(path), read(path, data_only=False)
    assert values.totals_row == 10
    assert values.totals()[3:] == [17, 14]
    assert formulas.totals()[3:] == ["=SUBTOTAL(9,D5:D9)", "=SUBTOTAL(9,E5:E9)"]
    # Summed as a spreadsheet sums it, leaving the 小计 rows out: the cached value.
    assert spreadsheet_sum(formulas.sheet, formulas.totals()[3]) == 17


def test_subtotal_rows_have_their_own_style(tmp_path):
    sheet = read(write(tmp_path / "t.xlsx")).sheet
    assert sheet["A7"].font.bold and sheet["D7"].font.bold
    assert sheet["D7"].fill.fgColor.rgb.endswith(SUBTOTAL_FILL.lstrip("#"))
    assert not sheet["D5"].fill.fgColor.rgb.endswith(SUBTOTAL_FILL.lstrip("#"))
    assert not sheet["D10"].fill.fgColor.rgb.endswith(SUBTOTAL_FILL.lstrip("#"))


def test_without_rows_there_is_no_subtotal(tmp_path):
    sheet = read(write(tmp_path / "t.xlsx", rows=[], empty_text="无数据"))
    assert sheet.empty_line == "无数据"
    assert sheet.subtotal_rows() == []
    assert sheet.totals()[3:] == [0, 0]


def test_one_group_has_one_subtotal_before_the_total(tmp_path):
    sheet = read(write(tmp_path / "t.xlsx", rows=ROWS[:2], signatures=True))
    assert sheet.subtotal_rows() == [7]
    assert sheet.totals_row == 8
    assert sheet.totals()[3:] == [7, 7]
    assert sheet.signatures().startswith("制表人")


def test_printed_across_the_labels_stay_in_the_repeated_columns(tmp_path):
    """Too wide for one page at 8 pt: the pages after the first repeat only the frozen columns,
    so the 小计 and 合计 labels are merged within them."""
    wide = [column(f"列{index}", "name", width=20) for index in range(20)]
    path = tmp_path / "t.xlsx"
    with LedgerWriter(
        str(path),
        title="测试台账",
        subtitle="范围：示例县",
        columns=[*columns(), *wide],
        frozen_columns=2,
        subtotals=Subtotals(group=lambda row: row["system"]),
    ) as writer:
        writer.write_rows(ROWS)
    sheet = read(path)
    assert sheet.sheet.print_title_cols == "$A:$B"
    assert {"A7:B7", "A9:B9", "A10:B10"} <= sheet.merged()
    assert [c.value for c in sheet.sheet[7]][:5] == ["党委小计", None, None, 7, 7]
    assert sheet.sheet["C7"].fill.fgColor.rgb.endswith(SUBTOTAL_FILL.lstrip("#"))
