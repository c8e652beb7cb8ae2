"""How a ledger's cells look and are written (bianzhi.excel.writer): the cell styles, text that
must stay text, and labels merged across columns.

Every text cell is written as a string (never through ``write``, which turns "=..." into a
formula) and, when it starts with a character that spreadsheets read as a formula (= + - @ tab
CR), with the quote-prefix style, so Excel shows it as text even after the cell is edited.
"""

import datetime
from dataclasses import dataclass

from xlsxwriter.format import Format

from . import xlsxwriter_adapter as internals

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FONT_SIZE = 10
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAX_TEXT = 32767
HEADER_FILL = "#DDEBF7"
# 小计 rows stand out from the units above them, lighter than the header.
SUBTOTAL_FILL = "#F2F2F2"


def inline_string(ref: str, xf: int, text: str) -> str:
    """An inline-string cell as XlsxWriter writes it in ``constant_memory`` mode: control
    characters as _xHHHH_, XML characters escaped, leading/trailing spaces preserved."""
    text = internals.escape_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def merge(sheet, first_row, first_col, last_row, last_col, text, fmt) -> None:
    """``text`` across the range (written in one cell when the range is one cell)."""
    if first_row == last_row and first_col == last_col:
        sheet.write_string(first_row, first_col, text, fmt)
    else:
        sheet.merge_range(first_row, first_col, last_row, last_col, text, fmt)


@dataclass(frozen=True)
class FiguresRow:
    """The styles of a 小计 or 合计 row: its label (centred before summed columns, left-aligned
    text across a row with none), its sums and its other cells."""

    label: Format
    text: Format
    figure: Format
    blank: Format


class Formats:
    """The cell styles of one workbook."""

    def __init__(self, workbook):
        add = workbook.add_format
        border = {"border": 1, "valign": "vcenter", "font_size": FONT_SIZE}
        self.title = add({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        self.subtitle = add({"font_size": 10, "valign": "vcenter"})
        self.header = add(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": HEADER_FILL}
        )
        self.text = add({**border, "num_format": "@"})
        self.text_quoted = add({**border, "num_format": "@", "quote_prefix": True})
        self.wrapped = add({**border, "num_format": "@", "text_wrap": True})
        self.wrapped_quoted = add(
            {**border, "num_format": "@", "quote_prefix": True, "text_wrap": True}
        )
        self.integer = add({**border, "num_format": "0", "align": "right"})
        self.date = add({**border, "num_format": "yyyy-mm-dd", "align": "center"})
        self.empty = add({**border, "align": "center"})
        self.signatures = add({"font_size": FONT_SIZE + 1, "valign": "bottom"})
        total = {**border, "bold": True}
        self.total = FiguresRow(
            label=add({**total, "align": "center"}),
            text=add({**total, "align": "left", "text_wrap": True}),
            figure=add({**total, "num_format": "0", "align": "right"}),
            blank=add(total),
        )
        subtotal = {**total, "bg_color": SUBTOTAL_FILL}
        self.subtotal = FiguresRow(
            label=add({**subtotal, "align": "center"}),
            text=add({**subtotal, "align": "left", "text_wrap": True}),
            figure=add({**subtotal, "num_format": "0", "align": "right"}),
            blank=add(subtotal),
        )
