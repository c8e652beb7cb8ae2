"""The ledger writer: government formatting, text-typed codes, formula-injection safety."""

import datetime

import pytest

from bianzhi.excel.writer import CODE, DATE, INTEGER, Column, LedgerWriter, column

from .read import read

ROWS = [
    {
        "name": "张伟",
        "id": "110105194912310021",
        "born": datetime.date(1949, 12, 31),
        "h": 3,
        "a": 2,
    },
    {"name": '=HYPERLINK("http://x")', "id": "0012", "born": None, "h": 4, "a": 5},
    {"name": "+1", "id": "-2", "born": datetime.date(1990, 1, 1), "h": 0, "a": 0},
    {"name": "@SUM(A1)", "id": "\tX", "born": None, "h": 1, "a": 1},
    {"name": "\r1", "id": "=1+1", "born": None, "h": 1, "a": 0},
]


def columns() -> list[Column]:
    return [
        column("姓名", "name", width=10),
        column("身份证号", "id", kind=CODE, width=20),
        column("出生日期", "born", kind=DATE),
        column("核定", "h", kind=INTEGER, group="行政编制", total=True),
        column("实有", "a", kind=INTEGER, group="行政编制", total=True),
    ]


@pytest.fixture
def ledger_path(tmp_path):
    path = tmp_path / "ledger.xlsx"
    with LedgerWriter(
        str(path),
        title="测试台账",
        subtitle="范围：示例县　截至日期：2026年6月30日",
        columns=columns(),
        frozen_columns=1,
    ) as writer:
        writer.write_rows(ROWS)
    return path


def test_title_subtitle_and_two_row_header_are_merged(ledger_path):
    sheet = read(ledger_path)
    assert sheet.sheet["A1"].value == "测试台账"
    assert "截至日期：2026年6月30日" in sheet.sheet["A2"].value
    assert {"A1:E1", "A2:E2", "A3:A4", "B3:B4", "C3:C4", "D3:E3"} <= sheet.merged()
    assert sheet.sheet["D3"].value == "行政编制"
    assert [c.value for c in sheet.sheet[4]][3:] == ["核定", "实有"]
    assert sheet.headers() == ["姓名", "身份证号", "出生日期", "核定", "实有"]


def test_frozen_panes_filter_and_print_set_up(ledger_path):
    sheet = read(ledger_path).sheet
    assert sheet.freeze_panes == "B5"
    assert sheet.auto_filter.ref == "A4:E9"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth or 1) == 1  # 1 is the default, left out
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_totals_row_sums_with_a_formula_and_its_value(ledger_path):
    values = read(ledger_path)
    formulas = read(ledger_path, data_only=False)
    assert values.totals()[0] == "合计"
    assert values.totals()[3:] == [9, 8]
    assert formulas.totals()[3] == "=SUBTOTAL(9,D5:D9)"


def test_ids_and_codes_are_text_and_numbers_and_dates_typed(ledger_path):
    sheet = read(ledger_path)
    ids = [row[1] for row in sheet.cells()]
    assert all(cell.data_type == "s" and cell.number_format == "@" for cell in ids)
    assert ids[1].value == "0012"
    born = [row[2] for row in sheet.cells()]
    assert born[0].is_date and born[0].value.date() == datetime.date(1949, 12, 31)
    assert born[0].number_format == "yyyy-mm-dd"
    assert [row[3].value for row in sheet.cells()] == [3, 4, 0, 1, 1]
    assert all(row[3].data_type == "n" for row in sheet.cells())


def test_formula_like_text_is_written_as_quoted_text(ledger_path):
    sheet = read(ledger_path, data_only=False)
    for source, row in zip(ROWS, sheet.cells(), strict=True):
        for field, cell in zip(("name", "id"), row[:2], strict=True):
            assert cell.data_type == "s", cell.value
            dangerous = source[field].startswith(("=", "+", "-", "@", "\t", "\r"))
            assert cell.quotePrefix == dangerous, source[field]
    assert sum(cell.quotePrefix for row in sheet.cells() for cell in row[:2]) == 7
    assert sheet.data()[1][0] == '=HYPERLINK("http://x")'


def test_an_empty_ledger_still_has_headers_and_a_zero_total(tmp_path):
    path = tmp_path / "empty.xlsx"
    with LedgerWriter(str(path), title="空", subtitle="", columns=columns()):
        pass
    sheet = read(path)
    assert sheet.headers() == ["姓名", "身份证号", "出生日期", "核定", "实有"]
    assert sheet.totals()[3] == 0


def test_the_workbook_streams_rows(tmp_path):
    """constant_memory: rows go to disk as they are written; none is kept in memory."""
    path = tmp_path / "stream.xlsx"
    writer = LedgerWriter(str(path), title="流", subtitle="", columns=columns())
    assert writer.workbook.constant_memory
    writer.write_rows(ROWS * 200)
    assert not writer.sheet.table
    assert writer.sheet.row_data_fh.tell() > 100_000
    writer.close()
    sheet = read(path)
    assert len(sheet.data()) == 1000
    assert sheet.totals()[3:] == [9 * 200, 8 * 200]


def test_markup_control_characters_and_spaces_survive_as_text(tmp_path):
    texts = ["<r><t>粗体</t></r>", "A & B <c>", " 前后空格 ", "一\x07二", "_x0041_", "\n换行"]
    path = tmp_path / "odd.xlsx"
    with LedgerWriter(str(path), title="文本", subtitle="", columns=columns()) as writer:
        writer.write_rows({"name": text, "id": "1", "born": None, "h": 1, "a": 1} for text in texts)
    read_back = read(path).column("姓名")
    # Control characters and a literal "_xHHHH_" are stored with Excel's escapes, which Excel
    # decodes and openpyxl leaves as they are.
    assert read_back[3:5] == ["一_x0007_二", "_x005F_x0041_"]
    assert read_back[:3] + read_back[5:] == texts[:3] + texts[5:]


def test_a_value_repeated_down_a_column_is_sanitised_in_every_row(tmp_path):
    """The writer escapes each distinct value of a column once and reuses the cell: every row
    of a repeated formula-like, markup or control-character text still comes out as safe text."""
    texts = ['=HYPERLINK("http://x")', "<r><t>粗体</t></r>", "一\x07二", "张伟", "@SUM(A1)", "-1"]
    quoted = {'=HYPERLINK("http://x")', "@SUM(A1)", "-1"}
    plain = [column("姓名", "name", wrap=False), column("备注", "notes", width=6)]
    path = tmp_path / "repeated.xlsx"
    with LedgerWriter(str(path), title="重复", subtitle="", columns=plain) as writer:
        writer.write_rows({"name": text, "notes": text} for text in texts * 300)
    cells = list(read(path, data_only=False).cells())
    assert len(cells) == len(texts) * 300
    for index, row in enumerate(cells):
        text = texts[index % len(texts)]
        shown = "一_x0007_二" if text == "一\x07二" else text
        for cell in row:
            assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", shown, text in quoted)
        # The wrapped column keeps wrapping, quoted or not; the other one never wraps.
        assert [bool(cell.alignment.wrap_text) for cell in row] == [False, True]
