"""A ledger's 小计 and 合计 rows (bianzhi.excel.writer).

The 合计 row closes every ledger: each summed column (``Column.total``) as a formula with the sum
the writer counted as its cached value (so readers that do not calculate, openpyxl or a viewer,
see the number), and a label that may count the rows and tallied values (``Tallies``).

With ``Subtotals`` the rows come sorted by a group (e.g. the institutions ledger by 系统类别), and
after each run of rows of one group a 小计 row sums the run. Both rows use SUBTOTAL(9, …), which
leaves other SUBTOTAL cells out of its range: the 合计 over all rows, 小计 rows included, does
not count them twice (and, in Excel, sums only the rows a filter shows).

Each label is merged across the columns before the first summed one (all of them when none is
summed), so that it is not cut to the narrow 序号 column; but within the first ``label_within``
columns when only those repeat on every printed page (a ledger printed two pages wide), or the
pages after the first would show the row without its label.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from .cells import FiguresRow, merge
from .columns import Column
from .layout import row_height, text_lines


@dataclass
class Tallies:
    """What the totals row's text may say: the row count and each tallied column's values
    counted (by header)."""

    count: int
    values: dict[str, Counter]


@dataclass(frozen=True)
class Subtotals:
    """小计 rows: ``group(record)`` names a row's group, and the rows come sorted by it; after
    each run of one group, a row labelled ``label`` ({group}: the group's name, {count}: its
    rows) sums every totalled column over the run."""

    group: Callable[[Any], Any]
    label: str = "{group}小计"


class Totals:
    """The running sums of a ledger's rows, and the rows that show them."""

    def __init__(
        self,
        columns: list[Column],
        *,
        label: str | Callable[[Tallies], str],
        subtotals: Subtotals | None = None,
        label_within: int = 0,
    ):
        self.columns = columns
        self.label = label
        self.subtotals = subtotals
        summed = [index for index, col in enumerate(columns) if col.total]
        self.has_sums = bool(summed)
        self.label_end = (summed[0] if summed else len(columns)) - 1
        if label_within:
            self.label_end = min(self.label_end, label_within - 1)
        self.sums = [0 if col.total else None for col in columns]
        # The current group's sums (the row writer adds to them), its first row and row count.
        self.run = list(self.sums)
        self.run_first = 0
        self.run_count = 0
        self.group = None
        self.count = 0
        self.tallies = {col.header: Counter() for col in columns if col.tally}
        self.tallied = [(col.value, self.tallies[col.header]) for col in columns if col.tally]

    def group_of(self, record):
        """``record``'s group (None without subtotals)."""
        return self.subtotals.group(record) if self.subtotals is not None else None

    def ends_group(self, group) -> bool:
        """Whether a row of ``group`` ends the current group: its 小计 row is due first."""
        return self.subtotals is not None and self.run_count > 0 and group != self.group

    @property
    def open_group(self) -> bool:
        """Whether rows of a group still wait for their 小计 row."""
        return self.subtotals is not None and self.run_count > 0

    def add(self, row: int, record, group) -> None:
        """Count ``record``, of ``group``, written at ``row`` (its figures are summed into
        ``run`` as the row is written)."""
        if not self.run_count:
            self.run_first = row
            self.group = group
        self.run_count += 1
        self.count += 1
        for value_of, counter in self.tallied:
            counter[value_of(record)] += 1

    def write_subtotal(self, sheet, row: int, styles: FiguresRow) -> None:
        """The current group's 小计 row at ``row``; the next row starts a new group."""
        text = self.subtotals.label.format(group=self.group, count=self.run_count)
        self._write(sheet, row, text, self.run_first, row - 1, self.run, styles)
        self._close_run()

    def write_totals(self, sheet, row: int, first_row: int, styles: FiguresRow) -> None:
        """The 合计 row at ``row``, over the rows from ``first_row`` on."""
        self._close_run()
        self._write(sheet, row, self.text(), first_row, row - 1, self.sums, styles)

    def text(self) -> str:
        if callable(self.label):
            return self.label(Tallies(self.count, self.tallies))
        return self.label.format(count=self.count)

    def _close_run(self) -> None:
        for index, value in enumerate(self.run):
            if value is not None:
                self.sums[index] += value
                self.run[index] = 0
        self.run_count = 0

    def _write(self, sheet, row, text, first, last, sums, styles: FiguresRow) -> None:
        columns, label_end = self.columns, self.label_end
        if label_end >= 0:
            width = sum(col.print_width for col in columns[: label_end + 1])
            sheet.set_row(row, row_height(text_lines(text, width)))
            label_style = styles.label if self.has_sums else styles.text
            merge(sheet, row, 0, row, label_end, text, label_style)
        for index in range(label_end + 1, len(columns)):
            total = sums[index]
            if total is None:
                sheet.write_blank(row, index, None, styles.blank)
                continue
            letter = xl_col_to_name(index)
            formula = (
                f"=SUBTOTAL(9,{letter}{first + 1}:{letter}{last + 1})" if last >= first else "=0"
            )
            sheet.write_formula(row, index, formula, styles.figure, total)
