"""A CSV file read as a one-sheet workbook, so that the import pipeline (header search, columns
by header text, blank rows, totals, footers, row caps) reads 财政's CSV export as it reads an
.xlsx. Excel saves CSV as GB18030 (GBK) in Chinese Windows, other tools as UTF-8 (often with a
BOM): UTF-8 is tried first."""

import csv
import io

from bianzhi.excel.safety import EMPTY_FILE, FILE_TOO_LARGE, Limits, UnsafeWorkbook, human_size

NOT_TEXT = (
    "无法识别该 CSV 文件的编码，请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后上传。"
)
BAD_CSV = "无法读取该 CSV 文件：%(error)s。请检查文件格式，或另存为 Excel 工作簿（.xlsx）后上传。"
TOO_MANY_ROWS = "文件超过 %(limit)d 行，请拆分后分批上传。"
ENCODINGS = ("utf-8-sig", "gb18030")


def is_csv(file) -> bool:
    """Anything not a zip (an .xlsx is one) is taken for CSV; a binary file then fails to decode."""
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    return bool(head) and head != b"PK\x03\x04"


def _decoded(data: bytes) -> str:
    if b"\x00" in data:
        raise UnsafeWorkbook(NOT_TEXT)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsafeWorkbook(NOT_TEXT)


class CsvSheet:
    def __init__(self, text: str, title: str, max_rows: int | None):
        self.text = text
        self.title = title
        self.max_rows = max_rows

    def rows(self, min_row: int = 1):
        try:
            for number, values in enumerate(csv.reader(io.StringIO(self.text)), 1):
                if self.max_rows is not None and number > self.max_rows:
                    raise UnsafeWorkbook(TOO_MANY_ROWS % {"limit": self.max_rows})
                if number >= min_row:
                    yield number, values
        except csv.Error as error:
            raise UnsafeWorkbook(BAD_CSV % {"error": error}) from None


class CsvWorkbook:
    """The interface of ``bianzhi.excel.sheetxml.Workbook`` the pipeline uses."""

    def __init__(self, file, limits: Limits | None = None, title: str = "工资表"):
        limits = limits or Limits.web()
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
        if size == 0:
            raise UnsafeWorkbook(EMPTY_FILE)
        if size > limits.max_bytes:
            raise UnsafeWorkbook(
                FILE_TOO_LARGE % {"size": human_size(size), "limit": human_size(limits.max_bytes)}
            )
        text = _decoded(file.read())
        file.seek(0)
        self.worksheets = [CsvSheet(text, title, limits.max_rows)]

    def close(self):
        pass
