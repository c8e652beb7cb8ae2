"""Reading an exported ledger back with openpyxl, for the tests."""

from dataclasses import dataclass

import openpyxl


def is_subtotal(value) -> bool:
    return isinstance(value, str) and "小计" in value


@dataclass
class Sheet:
    sheet: object
    header_rows: int

    @property
    def first_data_row(self) -> int:
        return 3 + self.header_rows

    def headers(self) -> list[str]:
        """The lowest header row's texts, each column's group header where it has none."""
        upper = [c.value for c in self.sheet[3]]
        if self.header_rows == 1:
            return upper
        lower = [c.value for c in self.sheet[4]]
        return [low if low is not None else up for up, low in zip(upper, lower, strict=True)]

    @property
    def totals_row(self) -> int:
        """The 合计 row: the last one, or above the 制表人/审核人 line."""
        for row in range(self.sheet.max_row, self.first_data_row - 1, -1):
            value = self.sheet.cell(row, 1).value
            if isinstance(value, str) and value.startswith("合计"):
                return row
        return self.sheet.max_row

    @property
    def empty_line(self) -> str | None:
        """The line an empty ledger prints under its header (本期无…), merged across it."""
        width = self.sheet.max_column
        for merged in self.sheet.merged_cells.ranges:
            if merged.min_row == merged.max_row == self.first_data_row and (
                merged.min_col,
                merged.max_col,
            ) == (1, width):
                return self.sheet.cell(self.first_data_row, 1).value
        return None

    def data(self) -> list[list]:
        return [[cell.value for cell in row] for row in self.cells()]

    def cells(self):
        """The data rows' cells (小计 rows left out)."""
        if self.empty_line is not None:
            return iter(())
        rows = self.sheet.iter_rows(min_row=self.first_data_row, max_row=self.totals_row - 1)
        return (row for row in rows if not is_subtotal(row[0].value))

    def subtotal_rows(self) -> list[int]:
        """The row numbers of the 小计 rows."""
        return [
            row
            for row in range(self.first_data_row, self.totals_row)
            if is_subtotal(self.sheet.cell(row, 1).value)
        ]

    def signatures(self) -> str | None:
        value = self.sheet.cell(self.totals_row + 1, 1).value
        return value if isinstance(value, str) and value.startswith("制表人") else None

    def column(self, header: str) -> list:
        index = self.headers().index(header)
        return [row[index] for row in self.data()]

    def totals(self) -> list:
        return [cell.value for cell in self.sheet[self.totals_row]]

    def merged(self) -> set[str]:
        return {str(merged) for merged in self.sheet.merged_cells.ranges}


def read(path, *, data_only: bool = True) -> Sheet:
    workbook = openpyxl.load_workbook(path, data_only=data_only)
    sheet = workbook.worksheets[0]
    grouped = any(str(r).startswith("A3:A4") for r in sheet.merged_cells.ranges)
    return Sheet(sheet, 2 if grouped else 1)
