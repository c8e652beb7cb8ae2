"""A streaming reader of .xlsx cell values, for imports at city scale.

openpyxl's read-only mode builds an object per cell (and a rich-text object per inline string, as
streaming writers such as XlsxWriter ``constant_memory`` produce) and scans a whole sheet for its
size when the sheet declares none; for 188,000 rows that is minutes. This reader feeds the sheet
XML to expat in chunks and yields plain row tuples: shared and inline strings, numbers, booleans,
and dates (by the cell style's number format). The small parts (workbook, relationships, styles,
shared strings) go through defusedxml; expat refuses any DOCTYPE in a sheet. ``safety`` has
already refused DTDs and bombs before any of this runs.

A hostile sheet is refused while streaming, before anything is built from it: a dimension or a
row or cell reference beyond Excel's own grid (1,048,576 rows, 16,384 columns), and, for web
uploads, more rows or cells than ``Limits`` allow. Rows come sparse, with their numbers: a sheet
whose only row is numbered 20,000,000 is one row, not twenty million empty ones.
"""

import datetime
import posixpath
import zipfile
from xml.parsers import expat

from defusedxml import ElementTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# East-Asian built-in date formats (not in openpyxl's table) that Chinese Excel uses.
CJK_DATE_FORMAT_IDS = frozenset({*range(27, 37), *range(50, 59)})
CHUNK = 1 << 16
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384  # XFD

BEYOND_GRID = (
    "工作表“%(sheet)s”引用了第 %(row)s 行、第 %(column)s 列，超出 Excel 的范围"
    "（最多 1048576 行、16384 列），不是正常的 Excel 文件，已拒绝。"
)
TOO_MANY_ROWS = "工作簿超过 %(limit)d 行的上限，请拆分后分批上传，或由编办使用命令行导入。"
TOO_MANY_CELLS = (
    "工作簿超过 %(limit)d 个单元格的上限，请删除多余的列或拆分后分批上传，或由编办使用命令行导入。"
)


class DoctypeForbidden(ValueError):
    pass


class SheetRefused(ValueError):
    """A sheet refused while streaming; ``message`` is the Chinese text for the form."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _column_index(reference: str) -> int:
    """0-based column of a cell reference such as ``AB12``; -1 past the grid (the loop stops
    there, so a reference of a million letters costs nothing)."""
    index = 0
    for character in reference:
        if character.isdigit():
            break
        index = index * 26 + (ord(character) - 64)
        if index > MAX_COLUMN:
            return -1
    return index - 1 if index > 0 else -1


def _last_cell(reference: str) -> tuple[int, int]:
    """Row and 1-based column of the last cell of a range such as ``A1:XFD1048576``."""
    cell = reference.rsplit(":", 1)[-1].replace("$", "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    column = _column_index(letters) + 1 if letters else 1
    row = int(digits[:8]) if digits else 1  # eight digits are already past the grid
    return row, column if column > 0 else MAX_COLUMN + 1


class Sheet:
    def __init__(self, book: "Workbook", title: str, path: str):
        self.book = book
        self.title = title
        self.path = path

    def rows(self, min_row: int = 1):
        """``(row number, values)`` from ``min_row`` on, for the rows the sheet holds (rows it
        leaves out are not yielded); missing cells are None."""
        for number, values in self._rows():
            if number >= min_row:
                yield number, values

    def _refuse_beyond_grid(self, row: int, column: int) -> None:
        if row > MAX_ROW or column > MAX_COLUMN or row < 1:
            shown_column = column if column <= MAX_COLUMN else f"{MAX_COLUMN} 以后"
            raise SheetRefused(
                BEYOND_GRID % {"sheet": self.title, "row": row, "column": shown_column}
            )

    def _count(self, rows: int, cells: int) -> None:
        """Hold the web upload's caps over every sheet read (each sheet counted by its latest
        pass: the header search and the data rows read a sheet twice)."""
        book = self.book
        if book.max_rows is None and book.max_cells is None:
            return
        book.counted[self.path] = (rows, cells)
        total_rows = sum(counted[0] for counted in book.counted.values())
        total_cells = sum(counted[1] for counted in book.counted.values())
        if book.max_rows is not None and total_rows > book.max_rows:
            raise SheetRefused(TOO_MANY_ROWS % {"limit": book.max_rows})
        if book.max_cells is not None and total_cells > book.max_cells:
            raise SheetRefused(TOO_MANY_CELLS % {"limit": book.max_cells})

    def _rows(self):
        book = self.book
        shared, date_styles, epoch = book.shared_strings, book.date_styles, book.epoch
        done: list[tuple[int, tuple]] = []
        state = {"row": 0, "cells": {}, "ref": None, "type": "n", "style": 0, "text": None}
        collecting = [False]
        parts: list[str] = []
        counted = [0, 0]  # rows, cells (a row counts as wide as its last value)

        def start(name, attributes):
            if name == "c":
                state["ref"] = attributes.get("r")
                state["type"] = attributes.get("t", "n")
                state["style"] = int(attributes.get("s", 0))
                state["text"] = None
                if state["ref"]:
                    column = _column_index(state["ref"])
                    if column < 0:
                        self._refuse_beyond_grid(state["row"], MAX_COLUMN + 1)
                    state["column"] = column
                else:
                    state["column"] = max(state["cells"], default=-1) + 1
            elif name in ("v", "t"):
                collecting[0] = True
                parts.clear()
            elif name == "row":
                state["row"] = int(attributes.get("r", state["row"] + 1))
                self._refuse_beyond_grid(state["row"], 1)
                state["cells"] = {}
            elif name == "dimension":
                self._refuse_beyond_grid(*_last_cell(attributes.get("ref", "A1")))

        def end(name):
            if name in ("v", "t"):
                collecting[0] = False
                text = "".join(parts)
                state["text"] = text if state["text"] is None else state["text"] + text
            elif name == "c":
                value = _value(
                    state["type"], state["text"], state["style"], shared, date_styles, epoch
                )
                if value is not None:
                    state["cells"][state["column"]] = value
            elif name == "row":
                cells = state["cells"]
                width = max(cells) + 1 if cells else 0
                counted[0] += 1
                counted[1] += width
                self._count(*counted)
                done.append((state["row"], tuple(cells.get(i) for i in range(width))))

        def characters(data):
            if collecting[0]:
                parts.append(data)

        def doctype(*args):
            raise DoctypeForbidden("DOCTYPE in a worksheet")

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = lambda n, a: start(n.rsplit(":", 1)[-1], a)
        parser.EndElementHandler = lambda n: end(n.rsplit(":", 1)[-1])
        parser.CharacterDataHandler = characters
        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = doctype
        with book.archive.open(self.path) as source:
            while chunk := source.read(CHUNK):
                parser.Parse(chunk, False)
                if done:
                    yield from done
                    done.clear()
            parser.Parse(b"", True)
        yield from done


def _value(kind, text, style, shared, date_styles, epoch):
    if text is None:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind in ("inlineStr", "str", "e"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return text  # the row's date check refuses it
    if text == "":
        return None
    number = float(text) if "." in text or "E" in text or "e" in text else int(text)
    if style in date_styles:
        try:
            return from_excel(number, epoch)
        except (OverflowError, ValueError):
            return number  # a serial past year 9999: the row's date check refuses it
    return number


class Workbook:
    """The sheets of an accepted .xlsx, read without openpyxl's per-cell objects."""

    def __init__(self, file, *, max_rows: int | None = None, max_cells: int | None = None):
        self.max_rows, self.max_cells = max_rows, max_cells
        self.counted: dict[str, tuple[int, int]] = {}
        self.archive = zipfile.ZipFile(file)
        self.epoch = CALENDAR_WINDOWS_1900
        self.worksheets = self._sheets()
        self.shared_strings = self._shared_strings()
        self.date_styles = self._date_styles()

    def close(self):
        self.archive.close()

    def _xml(self, name):
        try:
            return ElementTree.fromstring(self.archive.read(name))
        except KeyError:
            return None

    def _sheets(self) -> list[Sheet]:
        workbook = self._xml("xl/workbook.xml")
        properties = workbook.find(f"{MAIN}workbookPr")
        if properties is not None and properties.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904
        relations = self._xml("xl/_rels/workbook.xml.rels")
        targets = {
            rel.get("Id"): rel.get("Target") for rel in relations.iter(f"{PACKAGE_REL}Relationship")
        }
        sheets = []
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{REL}id"), "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            sheets.append(Sheet(self, sheet.get("name", ""), path))
        return sheets

    def _shared_strings(self) -> list[str]:
        name = next(
            (n for n in self.archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None
        )
        if name is None:
            return []
        strings = []
        with self.archive.open(name) as source:
            for _, element in ElementTree.iterparse(source, events=("end",)):
                if element.tag == f"{MAIN}si":
                    strings.append(
                        "".join(
                            t.text or ""
                            for t in element.iter(f"{MAIN}t")
                            if not _in_phonetic(element, t)
                        )
                    )
                    element.clear()
        return strings

    def _date_styles(self) -> frozenset[int]:
        styles = self._xml("xl/styles.xml")
        if styles is None:
            return frozenset()
        custom = {
            int(fmt.get("numFmtId")): fmt.get("formatCode", "")
            for fmt in styles.iter(f"{MAIN}numFmt")
        }
        cell_xfs = styles.find(f"{MAIN}cellXfs")
        dates = set()
        for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
            format_id = int(xf.get("numFmtId", 0))
            code = custom.get(format_id, BUILTIN_FORMATS.get(format_id, ""))
            if format_id in CJK_DATE_FORMAT_IDS or (code and is_date_format(code)):
                dates.add(index)
        return frozenset(dates)


def _in_phonetic(si, t) -> bool:
    """Phonetic guides (rPh) are not part of the text."""
    return any(t in list(rph.iter()) for rph in si.iter(f"{MAIN}rPh"))
