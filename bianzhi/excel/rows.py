"""A ledger's data rows, streamed as XML (bianzhi.excel.writer).

Data rows are the millions of cells of a city ledger. XlsxWriter would keep each in a cell object,
then write it out through generic attribute handling; here each row's XML goes straight to the
worksheet's row file (the one ``constant_memory`` streams to), with the same escaping XlsxWriter
applies and cell styles from the workbook's formats. What reaches past XlsxWriter's public API is
in xlsxwriter_adapter. Every string is escaped, so cell text can never become markup (XlsxWriter
itself passes a text "<r>...</r>" through as rich text).
"""

import datetime

from xlsxwriter.utility import xl_col_to_name

from . import xlsxwriter_adapter as internals
from .cells import EXCEL_EPOCH, FORMULA_TRIGGERS, MAX_TEXT, Formats, inline_string
from .columns import CODE, DATE, INTEGER, TEXT, Column
from .layout import row_height, text_lines


class RowStream:
    """Writes data rows, in order, from ``first_row`` (0-based) on."""

    def __init__(self, sheet, columns: list[Column], formats: Formats, first_row: int):
        self.sheet = sheet
        self.columns = columns
        # Flush the rows written through the public API (the headers); the worksheet then
        # treats the first data row as current.
        self.fh = internals.start_raw_rows(sheet, first_row)
        self.letters = [xl_col_to_name(index) for index in range(len(columns))]
        xf = {
            TEXT: internals.xf_index(formats.text),
            CODE: internals.xf_index(formats.text),
            INTEGER: internals.xf_index(formats.integer),
            DATE: internals.xf_index(formats.date),
        }
        wrapped = internals.xf_index(formats.wrapped)
        # A wrapped column's formula-like text keeps wrapping.
        self.quoted_xf = {
            xf[TEXT]: internals.xf_index(formats.text_quoted),
            wrapped: internals.xf_index(formats.wrapped_quoted),
        }
        self.kinds = [
            (
                col.value,
                col.kind,
                wrapped if col.wraps and col.kind in (TEXT, CODE) else xf.get(col.kind, xf[TEXT]),
            )
            for col in columns
        ]
        self.wrap_widths = [
            col.print_width if col.wraps and col.kind in (TEXT, CODE) else 0 for col in columns
        ]

    def resume(self, row: int) -> None:
        """Go on at ``row`` after rows written through the public API (a 小计 row)."""
        self.fh = internals.start_raw_rows(self.sheet, row)

    def write(self, row: int, record, sums: list) -> None:
        """Write ``record`` as row ``row`` (0-based), adding its figures to ``sums`` (a number
        for each summed column, None for the others)."""
        number = row + 1
        lines = 1
        cells = []
        append = cells.append
        letters, wrap_widths = self.letters, self.wrap_widths
        for index, (value_of, kind, xf) in enumerate(self.kinds):
            value = value_of(record)
            ref = f"{letters[index]}{number}"
            if value is None or value == "":
                append(f'<c r="{ref}" s="{xf}"/>')
                continue
            if kind == INTEGER:
                append(f'<c r="{ref}" s="{xf}"><v>{value}</v></c>')
                if sums[index] is not None:
                    sums[index] += value
            elif kind == DATE and isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime):
                    value = value.date()
                append(f'<c r="{ref}" s="{xf}"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            else:
                text = str(value)[:MAX_TEXT]
                if text.startswith(FORMULA_TRIGGERS):
                    xf = self.quoted_xf.get(xf, xf)
                append(inline_string(ref, xf, text))
                width = wrap_widths[index]
                if width and len(text) * 2 > width - 2:
                    lines = max(lines, text_lines(text, width))
        # A row of wrapped text is as tall as its longest cell (no spreadsheet fits it on open).
        height = f' ht="{row_height(lines)}" customHeight="1"' if lines > 1 else ""
        self.fh.write(f'<row r="{number}"{height}>{"".join(cells)}</row>')
