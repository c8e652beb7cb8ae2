"""XlsxWriter's internals the ledger writer streams rows through (bianzhi.excel.xlsxwriter_adapter)
are there in the installed version, and do what the writer relies on."""

import io

import pytest
from openpyxl import load_workbook
from xlsxwriter.worksheet import Worksheet

from bianzhi.excel import xlsxwriter_adapter as internals
from bianzhi.excel.writer import CODE, INTEGER, Column, LedgerWriter, column


def test_the_installed_xlsxwriter_has_the_internals_the_adapter_uses():
    problems = internals.missing()
    assert not problems, internals.incompatibility(problems)


def test_a_missing_internal_is_named_with_the_version(monkeypatch):
    monkeypatch.delattr(Worksheet, "_check_dimensions")
    problems = internals.missing()
    assert problems == ["Worksheet._check_dimensions()"]
    message = internals.incompatibility(problems)
    assert f"XlsxWriter {internals.VERSION}" in message and "_check_dimensions" in message


def test_the_writer_refuses_an_incompatible_xlsxwriter(monkeypatch):
    monkeypatch.setattr(internals, "missing", lambda: ["Worksheet.fh"])
    internals.ensure_compatible.cache_clear()
    try:
        with pytest.raises(RuntimeError, match=f"XlsxWriter {internals.VERSION} lacks"):
            LedgerWriter(io.BytesIO(), title="t", subtitle="s", columns=[column("a", "a")])
    finally:
        internals.ensure_compatible.cache_clear()


def test_rows_streamed_through_the_internals_read_back_as_written():
    buffer = io.BytesIO()
    columns = [
        Column("编号", lambda row: row["code"], kind=CODE, group="单位"),
        Column("名称", lambda row: row["name"], group="单位"),
        column("人数", "n", kind=INTEGER, total=True),
    ]
    rows = [
        {"code": "0012", "name": "控制\x01字符_x0041_", "n": 3},
        {"code": "=1+1", "name": "<r>不是富文本</r>", "n": 4},
    ]
    with LedgerWriter(buffer, title="台账", subtitle="示例县", columns=columns) as ledger:
        ledger.write_rows(rows)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    # Escaped as Excel expects (Excel shows the original text; openpyxl reads the escapes).
    assert [c.value for c in sheet[5]] == ["0012", "控制_x0001_字符_x005F_x0041_", 3]
    assert [c.value for c in sheet[6]] == ["=1+1", "<r>不是富文本</r>", 4]
    assert sheet["C7"].value == "=SUBTOTAL(9,C5:C6)"
    assert {str(r) for r in sheet.merged_cells.ranges} >= {"A3:B3", "C3:C4"}
    assert sheet.max_row == 7


def test_text_is_escaped_as_xlsxwriter_escapes_it():
    from xlsxwriter.xmlwriter import XMLwriter

    text = "a\x00b\x1f_x00A0_\ufffe\t\n"
    assert internals.escape_text(text) == XMLwriter._escape_control_characters(text)
