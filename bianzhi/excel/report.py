"""What an import says back: every error as 第N行 列名：message, and the same errors as a small
workbook with the bad cells marked."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
BAD_FONT = Font(color="9C0006")
HEADER_FONT = Font(bold=True)
ERRORS_HEADER = "错误说明"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"第{self.row}行 {self.column}：{self.message}"
        return f"第{self.row}行：{self.message}"


@dataclass
class ImportResult:
    """The outcome of validating (and, unless dry-run, writing) one file."""

    kind: str
    batch: str = ""
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. over-establishment found
    written: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    header_row: int = 0
    headers: list[str] = field(default_factory=list)
    requests: list = field(default_factory=list)  # change requests drafted from an upload

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[str]:
        """The messages of the errors of the whole file (row 0)."""
        return [error.message for error in self.errors if not error.row]

    non_field_errors = file_errors  # what includes/non_field_errors.html reads of a "form"

    @property
    def row_errors(self) -> list[RowError]:
        return [error for error in self.errors if error.row]

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]


def marked_workbook(result: ImportResult, rows) -> bytes:
    """A workbook of the rows that have errors (``rows``: ``(row_number, {header: value})`` as
    read), each bad cell filled red with its message as a comment, and a last column listing
    every message of the row. Row-level and file-level errors go to that column only."""
    by_row: dict[int, list[RowError]] = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("错误清单")
    headers = ["原行号", *result.headers, ERRORS_HEADER]
    sheet.append([_styled(sheet, header, font=HEADER_FONT) for header in headers])
    seen = set()
    for number, values in rows:
        errors = by_row.get(number)
        if not errors:
            continue
        seen.add(number)
        sheet.append(_marked_row(sheet, number, values, errors, result.headers))
    for number in sorted(set(by_row) - seen):
        sheet.append(_marked_row(sheet, number, {}, by_row[number], result.headers))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _marked_row(sheet, number, values, errors, headers) -> list:
    messages = {}
    for error in errors:
        messages.setdefault(error.column, []).append(error.message)
    cells = [number]
    for header in headers:
        value = values.get(header)
        if header in messages:
            cell = _styled(sheet, value, font=BAD_FONT, fill=BAD_FILL)
            cell.comment = Comment("\n".join(messages[header]), "bianzhi")
            cells.append(cell)
        else:
            cells.append(value)
    cells.append("；".join(str(error) for error in errors))
    return cells


def _styled(sheet, value, *, font=None, fill=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell
