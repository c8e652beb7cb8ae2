"""The ledger writer (台账): government formatting on XlsxWriter's ``constant_memory`` mode.

``constant_memory`` flushes each row to disk as soon as the next one starts, so memory stays flat
in the number of rows — and rows must be written strictly in order. The API follows that order:

    with LedgerWriter(target, title=..., subtitle=..., columns=[...]) as ledger:
        for row in rows:            # title, subtitle and headers are already written
            ledger.write_row(row)   # a 小计 row first when the row starts a new group
    # closing writes the last 小计, the totals row and the print set-up

A ``Column`` (columns.py) says how to read its cell from a row (``value``), how to write it
(``kind``: text, integer, date, or an ID/code that must stay text), its width and whether its
text wraps (both with defaults by kind: text wraps, so long text grows the row instead of being
cut off), an optional column ``group`` (the upper header row, merged across the group: e.g.
行政编制 over 核定/实有/空编/超编) and whether the totals row sums it (``total``) or counts its
values (``tally``, for a totals text such as 按时/迟报/逾期). ``Subtotals`` (totals.py) add a 小计
row after each group of rows, e.g. by 系统类别.

The rest is in its own module: cell styles and formula-safe text (cells.py), the streamed data
rows (rows.py), the 小计 and 合计 rows (totals.py), print sizes (layout.py).

Printing (issue 16): each ledger prints on its own paper (A4 or A3, landscape or portrait), fit to
the page's width, the header rows repeated on every page, and never smaller than 8 pt: when the
columns are too wide for that, the sheet prints at the smallest readable scale and the last
columns go on to a following page (tests/ledgers/test_print.py renders every ledger through
LibreOffice and fails when one does). Under the totals, the 制表人/审核人/日期 line (``signatures``);
an empty ledger says so in one line (``empty_text``) under its header.
"""

from collections.abc import Callable, Iterable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from . import xlsxwriter_adapter as internals
from .cells import Formats, merge
from .columns import CODE, DATE, INTEGER, TEXT, UNIT_WIDTH, Column, column
from .layout import A3, A4, MARGIN_SIDE, fit_scale, row_height, text_lines
from .rows import RowStream
from .totals import Subtotals, Tallies, Totals

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
    "Subtotals",
    "Tallies",
    "column",
]

# The smallest print scale that keeps the cells' 10 pt (cells.FONT_SIZE) readable: 8 pt.
MIN_SCALE = 0.8
SIGNATURES = (
    "制表人：" + "　" * 10 + "审核人：" + "　" * 10 + "日期：" + "　" * 4 + "年　　月　　日"
)
PAGE_FOOTER = "&C第 &P 页 共 &N 页"
LISTS_SHEET = "可选值"
# Rows below the data that keep the drop-down lists, for rows added by hand.
SPARE_ROWS = 500


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
    rows (with a 小计 row after each group, given ``subtotals``), a totals row. ``target`` is a
    path or a binary file object."""

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
        subtotals: Subtotals | None = None,
        paper: int = A4,
        landscape: bool = True,
        empty_text: str = "",
        signatures: bool = False,
    ):
        self.columns = columns
        self.title = title
        self.frozen_columns = frozen_columns
        self.paper = paper
        self.landscape = landscape
        self.empty_text = empty_text
        self.signatures = signatures
        # Too wide to fit at 8 pt: printed across, the frozen columns repeated on every page.
        self.prints_across = self.fit_scale() < MIN_SCALE
        self.totals = Totals(
            columns,
            label=totals_label,
            subtotals=subtotals,
            label_within=frozen_columns if self.prints_across else 0,
        )
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
        self.formats = Formats(self.workbook)
        self.grouped = any(col.group for col in columns)
        self.header_first = 2
        self.header_last = 3 if self.grouped else 2
        self.first_data_row = self.header_last + 1
        self.row = self.first_data_row
        self._rows: RowStream | None = None
        self._write_top(subtitle)

    @property
    def rows_written(self) -> int:
        """The data rows written (小计 rows not counted)."""
        return self.totals.count

    @property
    def tallies(self):
        return self.totals.tallies

    # --- set-up --------------------------------------------------------------------------------

    def _write_top(self, subtitle: str | Sequence[str]):
        last = len(self.columns) - 1
        sheet = self.sheet
        for index, col in enumerate(self.columns):
            sheet.set_column(index, index, col.print_width)
        sheet.set_row(0, 30)
        merge(sheet, 0, 0, 0, last, self.title, self.formats.title)
        if isinstance(subtitle, str):
            merge(sheet, 1, 0, 1, last, subtitle, self.formats.subtitle)
        else:  # one cell each, e.g. a stamp an upload reads back cell by cell
            for index, text in enumerate(subtitle):
                self.sheet.write_string(1, index, text, self.formats.subtitle)
        if self.grouped:
            self._write_grouped_header()
        else:
            lines = max(text_lines(col.header, col.print_width) for col in self.columns)
            sheet.set_row(2, row_height(lines))
            for index, col in enumerate(self.columns):
                sheet.write_string(2, index, col.header, self.formats.header)

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
        header = self.formats.header
        for row, texts in ((2, upper), (3, lower)):
            self.sheet.set_row(row, row_height(heights[row]))
            for index in range(len(self.columns)):
                if index in texts:
                    self.sheet.write_string(row, index, texts[index], header)
                else:
                    self.sheet.write_blank(row, index, None, header)
        internals.record_merges(self.sheet, merges)

    # --- rows ----------------------------------------------------------------------------------

    def _stream(self) -> RowStream:
        if self._rows is None:
            self._rows = RowStream(self.sheet, self.columns, self.formats, self.first_data_row)
        return self._rows

    def write_row(self, record) -> None:
        """Write the next data row, read from ``record`` by each column's ``value``; a 小计 row
        before it when it starts a new group."""
        stream = self._stream()
        totals = self.totals
        group = totals.group_of(record)
        if totals.ends_group(group):
            stream.flush()
            self._write_subtotal()
            stream.resume(self.row)
        totals.add(self.row, record, group)
        stream.write(self.row, record, totals.run)
        self.row += 1

    def write_rows(
        self, records: Iterable, progress: Callable[[int], None] | None = None, every=1000
    ):
        for record in records:
            self.write_row(record)
            if progress is not None and self.rows_written % every == 0:
                progress(self.rows_written)

    def _write_subtotal(self):
        # Through the public API: the stream resumes after it.
        self.totals.write_subtotal(self.sheet, self.row, self.formats.subtotal)
        self.row += 1

    def close(self) -> None:
        last_col = len(self.columns) - 1
        self._stream().flush()
        if self.totals.open_group:
            self._write_subtotal()
        last_data = self.row - 1
        if last_data >= self.first_data_row:
            internals.include_rows(self.sheet, last_data, last_col)
        elif self.empty_text:
            merge(self.sheet, self.row, 0, self.row, last_col, self.empty_text, self.formats.empty)
            self.row += 1
        first_summed = self.first_data_row if self.rows_written else self.row
        self.totals.write_totals(self.sheet, self.row, first_summed, self.formats.total)
        self.row += 1
        if self.signatures:
            self.sheet.set_row(self.row, 30)
            merge(self.sheet, self.row, 0, self.row, last_col, SIGNATURES, self.formats.signatures)
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
        if not self.prints_across:
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
        return self.totals.text()

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self.workbook.close()
        return False
