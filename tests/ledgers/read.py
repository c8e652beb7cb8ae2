"""Reading an exported ledger back with openpyxl, for the tests."""

from dataclasses import dataclass

import openpyxl


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

    def data(self) -> list[list]:
        rows = self.sheet.iter_rows(
            min_row=self.first_data_row, max_row=self.sheet.max_row - 1, values_only=True
        )
        return [list(row) for row in rows]

    def cells(self):
        return self.sheet.iter_rows(min_row=self.first_data_row, max_row=self.sheet.max_row - 1)

    def column(self, header: str) -> list:
        index = self.headers().index(header)
        return [row[index] for row in self.data()]

    def totals(self) -> list:
        return [cell.value for cell in self.sheet[self.sheet.max_row]]

    def merged(self) -> set[str]:
        return {str(merged) for merged in self.sheet.merged_cells.ranges}


def read(path, *, data_only: bool = True) -> Sheet:
    workbook = openpyxl.load_workbook(path, data_only=data_only)
    sheet = workbook.worksheets[0]
    grouped = any(str(r).startswith("A3:A4") for r in sheet.merged_cells.ranges)
    return Sheet(sheet, 2 if grouped else 1)
