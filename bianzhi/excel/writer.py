"""The ledger writer (台账): government formatting on XlsxWriter's ``constant_memory`` mode.

``constant_memory`` flushes each row to disk as soon as the next one starts, so memory stays flat
in the number of rows — and rows must be written strictly in order. The API follows that order:

    with LedgerWriter(target, title=..., subtitle=..., columns=[...]) as ledger:
        for row in rows:            # title, subtitle and headers are already written
            ledger.write_row(row)
    # closing writes the totals row and the print set-up

A ``Column`` says how to read its cell from a row (``value``), how to write it (``kind``: text,
integer, date, or an ID/code that must stay text), its width and whether its text wraps (both
with defaults by kind: text wraps, so long text grows the row instead of being cut off), an
optional column ``group`` (the upper header row, merged across the group: e.g. 行政编制 over
核定/实有/空编/超编) and whether the totals row sums it (``total``) or counts its values
(``tally``, for a totals text such as 按时/迟报/逾期).

Printing (issue 16): each ledger prints on its own paper (A4 or A3, landscape or portrait), fit to
the page's width, the header rows repeated on every page, and never smaller than 8 pt: when the
columns are too wide for that, the sheet prints at the smallest readable scale and the last
columns go on to a following page (tests/ledgers/test_print.py renders every ledger through
LibreOffice and fails when one does). Under the totals, the 制表人/审核人/日期 line (``signatures``);
an empty ledger says so in one line (``empty_text``) under its header.

Every text cell is written with ``write_string`` (never ``write``, which turns "=..." into a
formula) and, when it starts with a character that spreadsheets read as a formula (= + - @ tab
CR), with the quote-prefix style, so Excel shows it as text even after the cell is edited.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from . import xlsxwriter_adapter as internals
from .columns import (
    CODE,
    DATE,
    INTEGER,
    TEXT,
    UNIT_WIDTH,
    Column,
    Tallies,
    column,
)
from .layout import A3, A4, MARGIN_SIDE, fit_scale, row_height, text_lines

# Where the ledgers take them from.
__all__ = [
    "A3",
    "A4",
    "CODE",
    "DATE",
    "INTEGER",
    "TEXT",
    "UNIT_WIDTH",
    "Column",
    "Tallies",
    "column",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FONT_SIZE = 10
# The smallest print scale that keeps FONT_SIZE readable: 8 pt.
MIN_SCALE = 0.8
SIGNATURES = (
    "制表人：" + "　" * 10 + "审核人：" + "　" * 10 + "日期：" + "　" * 4 + "年　　月　　日"
)
PAGE_FOOTER = "&C第 &P 页 共 &N 页"
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAX_TEXT = 32767
LISTS_SHEET = "可选值"
# Rows below the data that keep the drop-down lists, for rows added by hand.
SPARE_ROWS = 500


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _inline_string(ref: str, xf: int, text: str) -> str:
    """An inline-string cell as XlsxWriter writes it in ``constant_memory`` mode: control
    characters as _xHHHH_, XML characters escaped, leading/trailing spaces preserved."""
    text = internals.escape_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}" s="{xf}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _header_layout(columns: list[Column]) -> list[tuple[str | None, int, int]]:
    """Runs of consecutive columns sharing a group: (group, first index, last index)."""
    runs: list[tuple[str | None, int, int]] = []
    for index, col in enumerate(columns):
        if runs and col.group is not None and runs[-1][0] == col.group:
            runs[-1] = (col.group, runs[-1][1], index)
        else:
            runs.append((col.group, index, index))
    return runs


class LedgerWriter:
    """One sheet: title row, subtitle row (region, cut-off date), one or two header rows, data
    rows, a totals row. ``target`` is a path or a binary file object."""

    def __init__(
        self,
        target,
        *,
        title: str,
        subtitle: str | Sequence[str],
        columns: list[Column],
        sheet_name: str = "台账",
        frozen_columns: int = 0,
        totals_label: str | Callable[[Tallies], str] = "合计",
        paper: int = A4,
        landscape: bool = True,
        empty_text: str = "",
        signatures: bool = False,
    ):
        self.columns = columns
        self.title = title
        self.frozen_columns = frozen_columns
        self.totals_label = totals_label
        self.paper = paper
        self.landscape = landscape
        self.empty_text = empty_text
        self.signatures = signatures
        self.tallies = {col.header: Counter() for col in columns if col.tally}
        internals.ensure_compatible()
        self.workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "in_memory": False,
            },
        )
        self.sheet = self.workbook.add_worksheet(sheet_name[:31])
        self._formats()
        self.grouped = any(col.group for col in columns)
        self.header_first = 2
        self.header_last = 3 if self.grouped else 2
        self.first_data_row = self.header_last + 1
        self.row = self.first_data_row
        self.rows_written = 0
        self.sums = [0 if col.total else None for col in columns]
        self._started = False
        self._write_top(subtitle)

    # --- set-up --------------------------------------------------------------------------------

    def _formats(self):
        add = self.workbook.add_format
        border = {"border": 1, "valign": "vcenter", "font_size": FONT_SIZE}
        self.fmt_title = add(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        )
        self.fmt_subtitle = add({"font_size": 10, "valign": "vcenter"})
        self.fmt_header = add(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}
        )
        self.fmt_text = add({**border, "num_format": "@"})
        self.fmt_text_quoted = add({**border, "num_format": "@", "quote_prefix": True})
        self.fmt_wrapped = add({**border, "num_format": "@", "text_wrap": True})
        self.fmt_wrapped_quoted = add(
            {**border, "num_format": "@", "quote_prefix": True, "text_wrap": True}
        )
        self.fmt_integer = add({**border, "num_format": "0", "align": "right"})
        self.fmt_date = add({**border, "num_format": "yyyy-mm-dd", "align": "center"})
        self.fmt_total_label = add({**border, "bold": True, "align": "center"})
        self.fmt_total_text = add({**border, "bold": True, "align": "left", "text_wrap": True})
        self.fmt_empty = add({**border, "align": "center"})
        self.fmt_signatures = add({"font_size": FONT_SIZE + 1, "valign": "bottom"})
        self.fmt_total = add({**border, "bold": True, "num_format": "0", "align": "right"})
        self.fmt_total_blank = add({**border, "bold": True})

    def _write_top(self, subtitle: str | Sequence[str]):
        last = len(self.columns) - 1
        sheet = self.sheet
        for index, col in enumerate(self.columns):
            sheet.set_column(index, index, col.print_width)
        sheet.set_row(0, 30)
        self._merge(0, 0, 0, last, self.title, self.fmt_title)
        if isinstance(subtitle, str):
            self._merge(1, 0, 1, last, subtitle, self.fmt_subtitle)
        else:  # one cell each, e.g. a stamp an upload reads back cell by cell
            for index, text in enumerate(subtitle):
                self.sheet.write_string(1, index, text, self.fmt_subtitle)
        if self.grouped:
            self._write_grouped_header()
        else:
            lines = max(text_lines(col.header, col.print_width) for col in self.columns)
            sheet.set_row(2, row_height(lines))
            for index, col in enumerate(self.columns):
                sheet.write_string(2, index, col.header, self.fmt_header)

    def _write_grouped_header(self):
        """Two header rows: a group's name merged across its columns above their own headers,
        an ungrouped column's header merged down both rows. ``constant_memory`` forbids going
        back to a row, and ``merge_range`` writes every row of its range at once, so the cells
        are written row by row and the merged ranges recorded beside them."""
        upper, lower = {}, {}
        merges = []
        # Lines each header row needs; an ungrouped header spans both rows.
        group_lines = lower_lines = spanning_lines = 1
        for group, first, last in _header_layout(self.columns):
            if group is None:
                col = self.columns[first]
                upper[first] = col.header
                merges.append((2, first, 3, first))
                spanning_lines = max(spanning_lines, text_lines(col.header, col.print_width))
            else:
                upper[first] = group
                if last > first:
                    merges.append((2, first, 2, last))
                width = sum(col.print_width for col in self.columns[first : last + 1])
                group_lines = max(group_lines, text_lines(group, width))
                for index in range(first, last + 1):
                    col = self.columns[index]
                    lower[index] = col.header
                    lower_lines = max(lower_lines, text_lines(col.header, col.print_width))
        heights = {2: max(group_lines, spanning_lines - lower_lines), 3: lower_lines}
        for row, texts in ((2, upper), (3, lower)):
            self.sheet.set_row(row, row_height(heights[row]))
            for index in range(len(self.columns)):
                if index in texts:
                    self.sheet.write_string(row, index, texts[index], self.fmt_header)
                else:
                    self.sheet.write_blank(row, index, None, self.fmt_header)
        internals.record_merges(self.sheet, merges)

    def _merge(self, first_row, first_col, last_row, last_col, text, fmt):
        if first_row == last_row and first_col == last_col:
            self.sheet.write_string(first_row, first_col, text, fmt)
        else:
            self.sheet.merge_range(first_row, first_col, last_row, last_col, text, fmt)

    # --- rows ----------------------------------------------------------------------------------
    #
    # Data rows are the millions of cells of a city ledger. XlsxWriter would keep each in a cell
    # object, then write it out through generic attribute handling; here each row's XML goes
    # straight to the worksheet's row file (the one ``constant_memory`` streams to), with the
    # same escaping XlsxWriter applies and cell styles from the formats declared above. The
    # title, headers and totals use the public API; what reaches past it is in
    # xlsxwriter_adapter. Every string is escaped, so cell text can never become markup
    # (XlsxWriter itself passes a text "<r>...</r>" through as rich text).

    def _start_rows(self):
        # Flush the last header row; the worksheet then treats the first data row as current.
        self._fh = internals.start_raw_rows(self.sheet, self.first_data_row)
        self._letters = [xl_col_to_name(index) for index in range(len(self.columns))]
        xf = {
            TEXT: internals.xf_index(self.fmt_text),
            CODE: internals.xf_index(self.fmt_text),
            INTEGER: internals.xf_index(self.fmt_integer),
            DATE: internals.xf_index(self.fmt_date),
        }
        wrapped = internals.xf_index(self.fmt_wrapped)
        # A wrapped column's formula-like text keeps wrapping.
        self._quoted_xf = {
            xf[TEXT]: internals.xf_index(self.fmt_text_quoted),
            wrapped: internals.xf_index(self.fmt_wrapped_quoted),
        }
        self._kinds = [
            (
                col.value,
                col.kind,
                wrapped if col.wraps and col.kind in (TEXT, CODE) else xf.get(col.kind, xf[TEXT]),
            )
            for col in self.columns
        ]
        self._wrap_widths = [
            col.print_width if col.wraps and col.kind in (TEXT, CODE) else 0 for col in self.columns
        ]
        self._tallied = [
            (index, self.tallies[col.header]) for index, col in enumerate(self.columns) if col.tally
        ]
        self._started = True

    def write_row(self, record) -> None:
        """Write the next data row, read from ``record`` by each column's ``value``."""
        if not self._started:
            self._start_rows()
        number = self.row + 1
        sums = self.sums
        lines = 1
        cells = []
        append = cells.append
        for index, (value_of, kind, xf) in enumerate(self._kinds):
            value = value_of(record)
            ref = f"{self._letters[index]}{number}"
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
                    xf = self._quoted_xf.get(xf, xf)
                append(_inline_string(ref, xf, text))
                width = self._wrap_widths[index]
                if width and len(text) * 2 > width - 2:
                    lines = max(lines, text_lines(text, width))
        for index, counter in self._tallied:
            counter[self.columns[index].value(record)] += 1
        # A row of wrapped text is as tall as its longest cell (no spreadsheet fits it on open).
        height = f' ht="{row_height(lines)}" customHeight="1"' if lines > 1 else ""
        self._fh.write(f'<row r="{number}"{height}>{"".join(cells)}</row>')
        self.row += 1
        self.rows_written += 1

    def write_rows(
        self, records: Iterable, progress: Callable[[int], None] | None = None, every=1000
    ):
        for record in records:
            self.write_row(record)
            if progress is not None and self.rows_written % every == 0:
                progress(self.rows_written)

    def close(self) -> None:
        last_col = len(self.columns) - 1
        last_data = self.row - 1
        if not self._started:
            self._start_rows()
        if last_data >= self.first_data_row:
            internals.include_rows(self.sheet, last_data, last_col)
        elif self.empty_text:
            self._merge(self.row, 0, self.row, last_col, self.empty_text, self.fmt_empty)
            self.row += 1
        self._write_totals()
        if self.signatures:
            self.sheet.set_row(self.row, 30)
            self._merge(self.row, 0, self.row, last_col, SIGNATURES, self.fmt_signatures)
            self.row += 1
        sheet = self.sheet
        sheet.freeze_panes(self.first_data_row, self.frozen_columns)
        sheet.autofilter(self.header_last, 0, max(last_data, self.header_last), last_col)
        sheet.repeat_rows(self.header_first, self.header_last)
        self._print_set_up()
        sheet.print_area(0, 0, self.row - 1, last_col)
        self._write_choices()
        self.workbook.close()

    def _print_set_up(self):
        sheet = self.sheet
        if self.landscape:
            sheet.set_landscape()
        else:
            sheet.set_portrait()
        sheet.set_paper(self.paper)
        sheet.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=0.6, bottom=0.7)
        sheet.set_footer(PAGE_FOOTER)
        if self.fit_scale() >= MIN_SCALE:
            sheet.fit_to_pages(1, 0)
        else:
            # Too wide to fit at 8 pt: readable, two pages wide, the right half after the left
            # one, each beginning with the row-naming columns (序号, 单位).
            sheet.set_print_scale(round(MIN_SCALE * 100))
            sheet.print_across()
            if self.frozen_columns:
                sheet.repeat_columns(0, self.frozen_columns - 1)

    def fit_scale(self) -> float:
        return fit_scale([col.print_width for col in self.columns], self.paper, self.landscape)

    def _write_choices(self):
        """Drop-down lists for the coded columns, their values in a hidden sheet (an inline list
        is limited to 255 characters, too short for 民族)."""
        coded = [(index, col) for index, col in enumerate(self.columns) if col.choices]
        if not coded:
            return
        lists = self.workbook.add_worksheet(LISTS_SHEET)
        for row in range(max(len(col.choices) for _, col in coded)):
            for place, (_, col) in enumerate(coded):
                if row < len(col.choices):
                    lists.write_string(row, place, col.choices[row])
        lists.hide()
        for place, (index, col) in enumerate(coded):
            letter = xl_col_to_name(place)
            self.sheet.data_validation(
                self.first_data_row,
                index,
                self.row + SPARE_ROWS,
                index,
                {
                    "validate": "list",
                    "source": f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(col.choices)}",
                    "error_title": "请从下拉列表中选择",
                    "error_message": f"“{col.header}”只能从下拉列表中选择。",
                },
            )

    def totals_text(self) -> str:
        if callable(self.totals_label):
            return self.totals_label(Tallies(self.rows_written, self.tallies))
        return self.totals_label.format(count=self.rows_written)

    def _write_totals(self):
        """The label merged across the columns before the first summed one (all of them when
        none is summed), so that it is not cut to the narrow 序号 column."""
        row = self.row
        from_row, to_row = self.first_data_row, self.first_data_row + self.rows_written - 1
        summed = [index for index, total in enumerate(self.sums) if total is not None]
        label_end = (summed[0] if summed else len(self.columns)) - 1
        if label_end >= 0:
            fmt = self.fmt_total_label if summed else self.fmt_total_text
            text = self.totals_text()
            width = sum(col.print_width for col in self.columns[: label_end + 1])
            self.sheet.set_row(row, row_height(text_lines(text, width)))
            self._merge(row, 0, row, label_end, text, fmt)
        for index in range(label_end + 1, len(self.columns)):
            total = self.sums[index]
            if total is not None:
                letter = xl_col_to_name(index)
                formula = (
                    f"=SUM({letter}{from_row + 1}:{letter}{to_row + 1})"
                    if to_row >= from_row
                    else "=0"
                )
                self.sheet.write_formula(row, index, formula, self.fmt_total, total)
            else:
                self.sheet.write_blank(row, index, None, self.fmt_total_blank)
        self.row += 1

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self.workbook.close()
        return False
