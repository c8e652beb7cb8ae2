"""Sheets built to take the site down: row and column numbers past Excel's grid, rows numbered in
the millions, too many rows or cells for a web upload, dates past year 9999. Each is refused (or
its row is) cheaply, with a message, never a 500."""

import io
import time
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from bianzhi.excel import sheetxml
from bianzhi.excel.reader import (
    BAD_DATE,
    BLANK_RUN,
    GAP_BEFORE_DATA,
    STOPPED_AT_BLANK_ROWS,
    locate,
    open_workbook,
)
from bianzhi.excel.safety import Limits
from bianzhi.history import system_actor
from people.imports import roster_format as f
from people.imports.roster import roster_import
from people.models import Person
from tests.kit import builders

from .books import rezip, roster_row, upload, workbook_bytes

SHEET = "xl/worksheets/sheet1.xml"
HEADER = f.HEADERS


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def hostile(rows: str, dimension: str = "A1:W2") -> bytes:
    """A roster whose sheet XML is written by hand: the header row, then ``rows``."""
    header = "".join(cell(f"{chr(65 + index)}1", text) for index, text in enumerate(HEADER))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData><row r="1">{header}</row>{rows}'
        "</sheetData></worksheet>"
    )
    return rezip(workbook_bytes([]), replace={SHEET: xml.encode()})


def data_row(number: int, name: str = "张伟") -> str:
    return f'<row r="{number}">{cell(f"B{number}", "示例县本单位")}{cell(f"D{number}", name)}</row>'


def run(content: bytes, limits=None):
    return roster_import(file=io.BytesIO(content), actor=system_actor(), limits=limits)


def refusal(content: bytes, limits=None) -> str:
    result = run(content, limits)
    [error] = result.errors
    assert error.row == 0
    return error.message


def test_a_2_kb_workbook_with_row_20_000_000_is_refused_at_once(world):
    content = hostile(data_row(2) + data_row(20_000_000))
    assert len(content) < 8_000
    started = time.perf_counter()
    message = refusal(content)
    assert time.perf_counter() - started < 2
    assert message == sheetxml.BEYOND_GRID % {
        "sheet": "实名制人员花名册",
        "row": 20_000_000,
        "column": 1,
    }


def test_a_dimension_past_the_grid_is_refused_before_any_row_is_read(world):
    message = refusal(hostile(data_row(2), dimension="A1:XFD20000000"))
    assert "第 20000000 行" in message and "超出 Excel 的范围" in message


def test_a_column_reference_past_xfd_is_refused(world):
    wide = f'<row r="2">{cell("ZZZZZZ2", "x")}</row>'
    assert "16384 以后" in refusal(hostile(wide))
    endless = f'<row r="2">{cell("Z" * 100_000 + "2", "x")}</row>'
    assert "16384 以后" in refusal(hostile(endless))


def test_rows_come_sparse_with_their_numbers():
    content = hostile(data_row(2) + data_row(1_000_000))
    book = open_workbook(io.BytesIO(content), Limits.command())
    assert [number for number, _ in book.worksheets[0].rows()] == [1, 2, 1_000_000]


def test_data_after_a_long_run_of_blank_rows_refuses_the_file(world):
    content = hostile(data_row(2) + data_row(1_000_000))
    started = time.perf_counter()
    message = refusal(content)
    assert time.perf_counter() - started < 2
    assert message == GAP_BEFORE_DATA % {"after": 2, "blank": BLANK_RUN, "row": 1_000_000}


def test_reading_stops_after_a_run_of_blank_rows_and_says_so(world):
    builders.quota(world.unit, 3)
    person = roster_row(builders.id_number())
    content = workbook_bytes([person])  # the header on row 1, the person on row 2
    blank = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(3, 3 + BLANK_RUN + 5))
    book = open_workbook(io.BytesIO(content))
    sheet = locate(book.worksheets[0], f.COLUMNS)
    assert [number for number, _ in sheet.rows] == [2]
    original = zipfile.ZipFile(io.BytesIO(content)).read(SHEET).decode()
    padded = original.replace("</sheetData>", blank + data_row(BLANK_RUN + 20) + "</sheetData>")
    result = run(rezip(content, replace={SHEET: padded.encode()}))
    assert result.ok, result.errors
    assert STOPPED_AT_BLANK_ROWS % {"row": 3, "blank": BLANK_RUN} in result.notices
    assert Person.objects.count() == 1


def test_a_web_upload_stops_at_the_row_cap(world):
    rows = "".join(data_row(n) for n in range(2, 12))
    limits = Limits(max_bytes=1 << 20, max_expanded_bytes=8 << 20, max_ratio=100, max_rows=5)
    assert refusal(hostile(rows), limits) == sheetxml.TOO_MANY_ROWS % {"limit": 5}


def test_a_web_upload_stops_at_the_cell_cap_counting_a_row_as_wide_as_its_last_value(world):
    far = "".join(f'<row r="{n}">{cell(f"XFD{n}", "x")}</row>' for n in range(2, 5))
    limits = Limits(max_bytes=1 << 20, max_expanded_bytes=8 << 20, max_ratio=100, max_cells=40_000)
    assert refusal(hostile(far), limits) == sheetxml.TOO_MANY_CELLS % {"limit": 40_000}


def test_the_caps_come_from_the_settings(settings):
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_MAX_ROWS": 7, "IMPORT_MAX_CELLS": 70}
    limits = Limits.web()
    assert (limits.max_rows, limits.max_cells) == (7, 70)
    assert Limits.command().max_rows is None


def test_a_date_past_year_9999_is_a_row_error(world):
    builders.quota(world.unit, 3)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    person = roster_row(builders.id_number())
    sheet.append([person.get(header) for header in HEADER])
    entry = sheet.cell(row=2, column=HEADER.index(f.ENTRY_ON) + 1)
    entry.value = 99_999_999
    entry.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(buffer.getvalue())
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, f.ENTRY_ON, BAD_DATE % {"value": "99999999"})
    ]


def test_a_date_cell_that_is_no_date_is_a_row_error(world):
    builders.quota(world.unit, 3)
    content = workbook_bytes([roster_row(builders.id_number())])
    original = zipfile.ZipFile(io.BytesIO(content)).read(SHEET).decode()
    column = chr(65 + HEADER.index(f.ENTRY_ON))
    start = original.index(f'<c r="{column}2"')
    end = original.index("</c>", start) + len("</c>")
    broken = original[:start] + f'<c r="{column}2" t="d"><v>+999999-01-01</v></c>' + original[end:]
    result = run(rezip(content, replace={SHEET: broken.encode()}))
    assert [(e.row, e.column) for e in result.errors] == [(2, f.ENTRY_ON)]


@pytest.mark.parametrize(
    "rows",
    [data_row(2) + data_row(20_000_000), f'<row r="2">{cell("ZZZZZZ2", "x")}</row>'],
    ids=["row 20,000,000", "column ZZZZZZ"],
)
def test_the_upload_page_refuses_a_hostile_sheet_on_the_job_page(client, world, rows):
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("people:roster_import"), {"file": upload(hostile(rows))}, follow=True
    )
    assert response.status_code == 200
    [message] = response.context["result"].file_errors
    assert "超出 Excel 的范围" in message
