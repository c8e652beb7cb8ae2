"""Blank collection templates: a header row (required columns marked ``*``), drop-down lists
(data validation) for every value list, ID numbers and codes formatted as text, and a sheet of
instructions. Each import describes its sheets; this module only lays them out."""

import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

LISTS_SHEET = "可选值"
HELP_SHEET = "填写说明"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_FONT = Font(bold=True)
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class TemplateSheet:
    title: str
    headers: list[str]
    required: frozenset[str] = frozenset()
    value_lists: dict[str, list[str]] = field(default_factory=dict)
    text_columns: frozenset[str] = frozenset()
    date_columns: frozenset[str] = frozenset()
    count_columns: frozenset[str] = frozenset()
    widths: dict[str, int] = field(default_factory=dict)
    title_row: str = ""
    rows: int = 2000  # rows prepared with validation and formats


def template_workbook(sheets: list[TemplateSheet], instructions: list[str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    lists = _ListsSheet(book)
    for spec in sheets:
        _lay_out(book.create_sheet(spec.title), spec, lists)
    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 110
    for line in instructions:
        help_sheet.append([line])
    lists.sheet.sheet_state = "hidden"
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _ListsSheet:
    """Every value list in its own column of a hidden sheet; validations refer to the range
    (an inline list is limited to 255 characters, too short for 民族)."""

    def __init__(self, book):
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.columns: dict[tuple, str] = {}

    def range_of(self, header: str, values: list[str]) -> str:
        key = (header, tuple(values))
        if key not in self.columns:
            column = get_column_letter(len(self.columns) + 1)
            self.sheet[f"{column}1"] = header
            for row, value in enumerate(values, start=2):
                self.sheet[f"{column}{row}"] = value
            self.columns[key] = (
                f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${len(values) + 1}"
            )
        return self.columns[key]


def _lay_out(sheet, spec: TemplateSheet, lists: _ListsSheet) -> None:
    header_row = 1
    if spec.title_row:
        sheet.append([spec.title_row])
        sheet["A1"].font = Font(bold=True, size=14)
        header_row = 2
    sheet.append([f"{h}*" if h in spec.required else h for h in spec.headers])
    first, last = header_row + 1, header_row + spec.rows
    for index, header in enumerate(spec.headers, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=header_row, column=index)
        cell.font = REQUIRED_FONT if header in spec.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter].width = spec.widths.get(
            header, max(10, 2 * len(header) + 2)
        )
        cells = f"{letter}{first}:{letter}{last}"
        if header in spec.value_lists:
            validation = DataValidation(
                type="list",
                formula1=lists.range_of(header, spec.value_lists[header]),
                allow_blank=header not in spec.required,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error=f"“{header}”只能从下拉列表中选择。",
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        elif header in spec.count_columns:
            validation = DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                error=f"“{header}”应为 0 或正整数。",
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
        number_format = (
            TEXT_FORMAT
            if header in spec.text_columns
            else DATE_FORMAT
            if header in spec.date_columns
            else None
        )
        if number_format:
            for row in range(first, last + 1):
                sheet.cell(row=row, column=index).number_format = number_format
    sheet.freeze_panes = sheet.cell(row=first, column=1)
