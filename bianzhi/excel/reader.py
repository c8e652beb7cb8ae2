"""Reading uploaded workbooks for the imports: hostile-file checks first (``safety``), then rows
streamed with openpyxl ``read_only``, the header row found by its text (title rows may sit above
it, as in the office's ledgers) and columns matched by header text in any order.

An import declares its columns (with the other names units give them: 身份证号码 for 身份证号);
it gets back the header mapping, the unknown and missing columns, and the data rows as
``(row_number, {header: value})``. Headers are read as units write them: with a note in brackets
(身份证号（18位）), or in two rows, a merged group header (入编情况) over its sub-headers. The data
ends at a footer line (填表人：…, 审核人：…) as it ends at a run of blank rows.
"""

import datetime
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from defusedxml import DefusedXmlException
from openpyxl.utils.datetime import from_excel

from . import sheetxml
from .headers import (
    Column,
    column_of,
    header_hits,
    is_footer,
    known_headers,
    locate_header,
    normalise_header,
)
from .safety import Limits, UnsafeWorkbook, check_workbook

UNREADABLE = "无法读取该工作簿：%(error)s"
NO_SHEET = "工作簿中没有找到工作表“%(name)s”。"
NO_HEADER = "没有找到表头行：前 %(rows)d 行中没有一行包含“%(columns)s”等列名。"
MISSING_COLUMNS = "缺少必填列：%(columns)s。"
UNKNOWN_COLUMNS = "有无法识别的列：%(columns)s（已忽略）。"
DUPLICATE_COLUMN = "列名“%(column)s”出现了不止一次。"
BAD_DATE = "“%(value)s”不是有效日期，请填写如 2024-03-01 的日期。"
NUMBER_NOT_DATE = (
    "“%(value)s”是数字，不是日期（在常规格式的单元格中输入 2019.10，Excel 会存为数字 2019.1）："
    "请填写为 2019-10 或 2019-10-01，或将单元格设为日期格式后重新录入。"
)
DATA_AFTER_FOOTER = (
    "第 %(footer)d 行是表尾（填表人、审核人等），第 %(row)d 行又有数据："
    "请将表尾移到全部数据之后，或删除表尾后重新上传（表尾之后的内容不会被读取）。"
)
GAP_BEFORE_DATA = (
    "第 %(after)d 行之后连续 %(blank)d 行以上为空，第 %(row)d 行又有数据："
    "请删除中间的空行后重新上传（空行之后的内容不会被读取）。"
)
STOPPED_AT_BLANK_ROWS = "第 %(row)d 行起连续 %(blank)d 行为空，其后的行未读取。"
HEADER_SEARCH_ROWS = 20
# A run of this many blank rows ends a sheet's data.
BLANK_RUN = 200
UNREADABLE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    AttributeError,
    expat.ExpatError,
    DefusedXmlException,
    ElementTree.ParseError,
)


@dataclass
class Sheet:
    """The located table of one worksheet."""

    header_row: int
    positions: dict[str, int]  # header → 0-based column index
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rows: Iterator[tuple[int, dict]] = field(default_factory=lambda: iter(()))
    # Set once ``rows`` has stopped at a run of blank rows: the first of them.
    stopped_at: int | None = None
    required: list[str] = field(default_factory=list)  # the required columns found


def open_workbook(file, limits: Limits | None = None) -> sheetxml.Workbook:
    """Check ``file`` (a seekable binary file or upload) and open it for streaming; raise
    ``UnsafeWorkbook`` with a form message for anything hostile or unreadable."""
    limits = limits or Limits.web()
    check_workbook(file, limits)
    try:
        return sheetxml.Workbook(file, max_rows=limits.max_rows, max_cells=limits.max_cells)
    except UNREADABLE_ERRORS as error:
        raise UnsafeWorkbook(UNREADABLE % {"error": type(error).__name__}) from None


def guarded(rows):
    """Rows of a sheet, a part that turns out unreadable half-way being a refused file too."""
    try:
        yield from rows
    except sheetxml.SheetRefused as error:
        raise UnsafeWorkbook(error.message) from None
    except UNREADABLE_ERRORS as error:
        raise UnsafeWorkbook(UNREADABLE % {"error": type(error).__name__}) from None


def worksheet(workbook, name: str | None = None):
    if name is None:
        return workbook.worksheets[0]
    for sheet in workbook.worksheets:
        if normalise_header(sheet.title) == normalise_header(name):
            return sheet
    return None


def locate(ws, columns: list[Column]) -> Sheet:
    """Find the header row (the first of the top rows naming the most declared columns, with the
    row below or above it where the two are one grouped header) and map the columns by header
    text or alias, order-insensitively."""
    known = known_headers(columns)
    rows = guarded(ws.rows())
    seen: list[tuple[int, list[str]]] = []
    best = None
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        keys = [normalise_header(value) for value in values]
        seen.append((number, keys))
        hits = header_hits(keys, known)
        if hits and (best is None or hits > best[1]):
            best = (len(seen) - 1, hits)
        if hits == len(columns):
            break
    required = [c.header for c in columns if c.required]
    if best is not None:
        number, keys, hits = locate_header(seen, best[0], known)
    if best is None or hits < max(2, min(len(required), 3)):
        raise UnsafeWorkbook(
            NO_HEADER % {"rows": HEADER_SEARCH_ROWS, "columns": "、".join(required[:3])}
        )
    positions, unknown = {}, []
    for index, key in enumerate(keys):
        if not key:
            continue
        column = column_of(key, known)
        if column is None:
            unknown.append(key)
        elif column.header in positions:
            raise UnsafeWorkbook(DUPLICATE_COLUMN % {"column": column.header})
        else:
            positions[column.header] = index
    missing = [c.header for c in columns if c.required and c.header not in positions]
    sheet = Sheet(header_row=number, positions=positions, unknown=unknown, missing=missing)
    sheet.required = [c.header for c in columns if c.required and c.header in positions]
    sheet.rows = _data_rows(ws, sheet)
    return sheet


TOTALS_LABELS = ("合计", "总计")
# The line under an exported ledger's totals (bianzhi.excel.writer.SIGNATURES).
SIGNATURES_LABEL = "制表人："


def is_totals_label(value) -> bool:
    """A ledger's totals row: "合计", or with its count as the ledgers write it ("合计：34 人")."""
    if not isinstance(value, str):
        return False
    text = value.replace(" ", "")
    return text in TOTALS_LABELS or text.startswith(tuple(f"{label}：" for label in TOTALS_LABELS))


def is_signatures(value) -> bool:
    return isinstance(value, str) and value.startswith(SIGNATURES_LABEL)


def _data_rows(ws, sheet: Sheet) -> Iterator[tuple[int, dict]]:
    """The rows below the header, skipping blank ones, a trailing totals row (合计) and the
    制表人/审核人 line under it, up to a run of ``BLANK_RUN`` blank rows or a footer line
    (填表人：…). Data after such a run (a row numbered 20,000,000) or under the footer refuses the
    file rather than being left out unnoticed."""
    positions = sheet.positions
    last = sheet.header_row  # the last row with data
    footer = None  # the row of the footer line, once met
    for number, values in guarded(ws.rows(min_row=sheet.header_row + 1)):
        if footer is not None or is_footer(values):
            footer = footer or number
            if not is_footer(values) and _looks_like_data(values, sheet):
                raise UnsafeWorkbook(DATA_AFTER_FOOTER % {"footer": footer, "row": number})
            continue
        beyond_run = number - last > BLANK_RUN
        row = {}
        for header, index in positions.items():
            value = values[index] if index < len(values) else None
            if isinstance(value, str):
                value = value.strip()
                if value == "":
                    value = None
            row[header] = value
        if all(value is None for value in row.values()):
            if beyond_run:
                sheet.stopped_at = last + 1
                return
            continue
        if beyond_run:
            raise UnsafeWorkbook(
                GAP_BEFORE_DATA % {"after": last, "blank": BLANK_RUN, "row": number}
            )
        last = number
        if any(is_totals_label(value) or is_signatures(value) for value in row.values()):
            continue
        yield number, row


def _looks_like_data(values, sheet: Sheet) -> bool:
    """A row under the footer that fills half the required columns (names and numbers written
    under 填表人 and 联系电话 fill fewer)."""
    required = sheet.required or list(sheet.positions)
    filled = sum(
        1
        for header in required
        if (index := sheet.positions.get(header)) is not None
        and index < len(values)
        and values[index] not in (None, "")
        and not (isinstance(values[index], str) and not values[index].strip())
    )
    return filled >= max(2, (len(required) + 1) // 2)


# --- cell values ---------------------------------------------------------------------------------

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
]


class BadValue(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def as_text(value) -> str:
    """A cell as text; whole numbers lose their ``.0`` (Excel keeps numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _typed_as_number(value) -> bool:
    """A date typed into a General cell: 2019.1 (2019.10), 201910, 20191001."""
    return any(low <= value < high for low, high in ((1900, 2200), (190001, 219913))) or (
        19000101 <= value < 22000000
    )


def as_date(value) -> datetime.date | None:
    """A date cell, a date typed as text (2024-03-01, 2024.3.1, 2024年3月1日, 20240301, or a month
    only: 2024-03, 2024.03, 2024年3月 → the 1st), or an Excel serial number."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 10_000 < value < 80_000:
            return from_excel(value).date()
        # 2019.10 typed in a General cell is the number 2019.1: never read a number as a date.
        message = NUMBER_NOT_DATE if _typed_as_number(value) else BAD_DATE
        raise BadValue(message % {"value": as_text(value)})
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()] + [1]
            try:
                return datetime.date(parts[0], parts[1], parts[2])
            except ValueError:
                break
    raise BadValue(BAD_DATE % {"value": text})


def rows_of(file, columns: list[Column], sheet_name: str | None = None, limits=None):
    """The data rows of an already accepted file again, e.g. to mark its errors."""
    workbook = open_workbook(file, limits)
    sheet = worksheet(workbook, sheet_name) if sheet_name else workbook.worksheets[0]
    if sheet is None:
        return
    try:
        yield from locate(sheet, columns).rows
    finally:
        workbook.close()
