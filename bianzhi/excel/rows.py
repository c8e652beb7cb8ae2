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

# Distinct values a column remembers the XML of: a city's roster repeats its units, labels, job
# titles and dates hundreds of thousands of times, while names and ID numbers never repeat.
CACHED_VALUES = 4096
# The values remembered (a column holds one type, so equal values write the same cell), and
# those looked up (blanks too).
REMEMBERED = frozenset({str, datetime.date})
LOOKED_UP = REMEMBERED | {type(None)}
BATCH_ROWS = 200


class RowStream:
    """Writes data rows, in order, from ``first_row`` (0-based) on.

    Each text cell goes through the full sanitising (``inline_string``: XlsxWriter's escapes, XML
    escaping, the quote prefix for formula-like text) once per distinct value of its column; the
    cell's XML after its reference is kept and reused for the value's next rows."""

    def __init__(self, sheet, columns: list[Column], formats: Formats, first_row: int):
        self.sheet = sheet
        self.columns = columns
        # Flush the rows written through the public API (the headers); the worksheet then
        # treats the first data row as current.
        self.fh = internals.start_raw_rows(sheet, first_row)
        # Rows are written to the file in batches: one write per row costs more than its XML.
        self.pending: list[str] = []
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
        self.cells = []
        self.styles = []
        for index, col in enumerate(columns):
            wraps = col.wraps and col.kind in (TEXT, CODE)
            style = wrapped if wraps else xf.get(col.kind, xf[TEXT])
            empty = (f'" s="{style}"/>', 1)
            # (cell XML after the reference, lines it wraps to) by value; blanks known at once.
            cache = {None: empty, "": empty}
            self.cells.append((col.value, f'<c r="{xl_col_to_name(index)}', cache, index))
            self.styles.append((col.kind, style, col.print_width if wraps else 0))
        self.readers = [(value_of, cache, index) for value_of, _, cache, index in self.cells]
        self.openings = [part for _, opening, _, _ in self.cells for part in (opening, "", "")]

    def resume(self, row: int) -> None:
        """Go on at ``row`` after rows written through the public API (a 小计 row); the rows
        before it were flushed first."""
        self.fh = internals.start_raw_rows(self.sheet, row)

    def _cell(self, index: int, value, sums: list) -> tuple[str, int]:
        """The XML after the reference of a cell whose value its column has not remembered, and
        the lines it wraps to; a text or date is remembered for the next rows."""
        kind, style, width = self.styles[index]
        if kind == INTEGER:
            if sums[index] is not None:
                sums[index] += value
            return f'" s="{style}"><v>{value}</v></c>', 1
        lines = 1
        if kind == DATE and isinstance(value, datetime.date):
            day = value.date() if isinstance(value, datetime.datetime) else value
            tail = f'" s="{style}"><v>{(day - EXCEL_EPOCH).days}</v></c>'
        else:
            text = str(value)[:MAX_TEXT]
            if text.isalnum():
                # Letters and digits only (a name, an ID number): nothing to escape or quote.
                tail = f'" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
            else:
                if text.startswith(FORMULA_TRIGGERS):
                    style = self.quoted_xf.get(style, style)
                # The reference is cut off again: the cell is remembered without it.
                tail = inline_string("", style, text)[len('<c r="') :]
            if width and len(text) * 2 > width - 2:
                lines = text_lines(text, width)
        cache = self.cells[index][2]
        if type(value) in REMEMBERED and len(cache) < CACHED_VALUES:
            cache[value] = (tail, lines)
        return tail, lines

    def write(self, row: int, record, sums: list) -> None:
        """Write ``record`` as row ``row`` (0-based), adding its figures to ``sums`` (a number
        for each summed column, None for the others)."""
        number = str(row + 1)
        tails = []
        append = tails.append
        lines = 1
        for value_of, cache, index in self.readers:
            value = value_of(record)
            known = cache.get(value) if type(value) in LOOKED_UP else None
            if known is None:
                known = self._cell(index, value, sums)
            append(known[0])
            if known[1] > lines:
                lines = known[1]
        # Each cell: its column's opening, the row number, what the value wrote.
        parts = self.openings.copy()
        parts[1::3] = [number] * len(tails)
        parts[2::3] = tails
        # A row of wrapped text is as tall as its longest cell (no spreadsheet fits it on open).
        height = f' ht="{row_height(lines)}" customHeight="1"' if lines > 1 else ""
        self.pending.append(f'<row r="{number}"{height}>{"".join(parts)}</row>')
        if len(self.pending) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write out the rows kept back (before a row goes through the public API, and last)."""
        if self.pending:
            self.fh.write("".join(self.pending))
            self.pending.clear()
