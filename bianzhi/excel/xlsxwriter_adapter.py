"""Every use of XlsxWriter's internals, in one place: what the ledger writer needs beyond the
public API to stream a city's rows (bianzhi.excel.writer).

``constant_memory`` itself is public, but writing each row's XML straight to the worksheet's row
file, styling cells by format index, and recording merged header ranges row by row reach into
XlsxWriter's private names. A release that renames one of them would otherwise surface as a
broken workbook or an AttributeError deep in an export; ``missing()`` names what is gone,
tests/bianzhi/test_xlsxwriter_adapter.py fails on it with the installed version in the message,
and the ledger writer refuses to start (``ensure_compatible``).
pyproject.toml keeps XlsxWriter within one major version.
"""

import functools
import inspect
import re
import zipfile

import xlsxwriter
from xlsxwriter import workbook as xlsx_workbook
from xlsxwriter import xmlwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

VERSION = xlsxwriter.__version__
WRITTEN_FOR = "3.2–3.3"

# XlsxWriter's own escaping of text (xmlwriter._escape_control_characters): "_xHHHH_" literals
# get their underscore escaped, control characters become "_xHHHH_".
_ESCAPED_LITERAL: re.Pattern | None = getattr(xmlwriter, "re_control_chars_1", None)
_CONTROL_CHAR: re.Pattern | None = getattr(xmlwriter, "re_control_chars_2", None)


# The deflate level of the package's parts: zipfile's default (6) spends as much time compressing
# a city's sheet as the writer does building it; level 1 takes a third of that for a file about a
# quarter larger (the generated city's roster: 31 MB instead of 24.5 MB).
ZIP_LEVEL = 1


def missing() -> list[str]:
    """The internals this module uses that the installed XlsxWriter lacks (empty if none)."""
    problems = []
    packer = getattr(xlsx_workbook, "ZipFile", None)
    if packer is not zipfile.ZipFile and getattr(packer, "func", None) is not zipfile.ZipFile:
        problems.append("xlsxwriter.workbook.ZipFile")
    for name in ("re_control_chars_1", "re_control_chars_2"):
        if not isinstance(getattr(xmlwriter, name, None), re.Pattern):
            problems.append(f"xlsxwriter.xmlwriter.{name}")
    for owner, name, params in (
        (Worksheet, "_write_single_row", ["current_row_num"]),
        (Worksheet, "_check_dimensions", ["row", "col"]),
        (Format, "_get_xf_index", []),
    ):
        method = getattr(owner, name, None)
        if not callable(method):
            problems.append(f"{owner.__name__}.{name}()")
            continue
        found = list(inspect.signature(method).parameters)[1:]
        if found[: len(params)] != params:
            problems.append(f"{owner.__name__}.{name}({', '.join(params)}) (has {found})")
    sheet = Worksheet()
    for name in ("merge", "fh"):
        if not hasattr(sheet, name):
            problems.append(f"Worksheet.{name}")
    return problems


def incompatibility(problems: list[str]) -> str:
    return (
        f"XlsxWriter {VERSION} lacks what bianzhi/excel/xlsxwriter_adapter.py uses "
        f"(written for XlsxWriter {WRITTEN_FOR}): {'; '.join(problems)}. Pin XlsxWriter to a "
        "version that has them or port the adapter."
    )


@functools.cache
def ensure_compatible() -> None:
    """Refuse to write a ledger with an XlsxWriter whose internals moved (checked once)."""
    problems = missing()
    if problems:
        raise RuntimeError(incompatibility(problems))
    # XlsxWriter has no option for it: the workbook module's ZipFile is given the level.
    xlsx_workbook.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=ZIP_LEVEL)


def escape_text(text: str) -> str:
    """Cell text escaped as XlsxWriter escapes it, before XML escaping."""
    text = _ESCAPED_LITERAL.sub(r"_x005F\1", text)
    text = _CONTROL_CHAR.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    return text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def xf_index(cell_format: Format) -> int:
    """The style index a cell written as raw XML refers to (``s="..."``)."""
    return cell_format._get_xf_index()


def start_raw_rows(sheet: Worksheet, first_row: int):
    """Flush the rows written so far through the public API and return the file that
    ``constant_memory`` streams rows to; raw ``<row>`` XML from ``first_row`` on goes there.
    Called again after a row written through the public API between raw rows (a 小计 row)."""
    sheet._write_single_row(first_row)
    return sheet.fh


def include_rows(sheet: Worksheet, last_row: int, last_col: int) -> None:
    """Extend the sheet's dimensions over rows written raw, which XlsxWriter did not see."""
    sheet._check_dimensions(last_row, last_col)


def record_merges(sheet: Worksheet, ranges) -> None:
    """Record merged ranges (first_row, first_col, last_row, last_col) whose cells are written
    separately: ``merge_range`` writes all its rows at once, which ``constant_memory`` forbids
    for a range spanning rows."""
    sheet.merge.extend([list(cells) for cells in ranges])
