"""How a ledger prints: the paper's printable width, the scale that fits the columns to it, and
how many lines a wrapped cell takes (bianzhi.excel.writer).

Row heights are written, not left to the spreadsheet: neither Excel nor LibreOffice fits a row to
its wrapped text when it opens a file, so a long 单位类型 or 使用人 list would print over the next
row. The estimate errs on the tall side (a CJK character counts as wide as it can be).

The numbers are measured on LibreOffice's PDFs with Carlito, the metric twin of Excel's default
Calibri (Debian fonts-crosextra-carlito); tests/ledgers/test_print.py renders every ledger and
fails when a ledger prints below 8 pt.
"""

import math

A4 = 9
A3 = 8
# Paper (landscape width, portrait width) in inches.
PAPER_INCHES = {A4: (11.69, 8.27), A3: (16.54, 11.69)}
MARGIN_SIDE = 0.3
# Inches a column takes per unit of width, and for its padding, as printed at 100 %.
INCHES_PER_WIDTH = 0.078
INCHES_PER_COLUMN = 0.065
# Units of column width a character takes at 10 pt: CJK and other wide characters, the rest.
WIDE_CHAR = 1.9
NARROW_CHAR = 1.0
# Width lost to the cell's inner margins.
CELL_PADDING = 0.8
LINE_HEIGHT = 13.0  # points, at 10 pt
ROW_HEIGHT = 15.0  # points: one line, the sheet's default


def fit_scale(widths, paper: int, landscape: bool) -> float:
    """The scale at which columns of these widths fill the paper's width (at most 1)."""
    wide, narrow = PAPER_INCHES[paper]
    printable = (wide if landscape else narrow) - 2 * MARGIN_SIDE
    needed = sum(width * INCHES_PER_WIDTH + INCHES_PER_COLUMN for width in widths)
    return min(printable / needed, 1.0)


def _char_units(text: str) -> float:
    if text.isascii():
        return len(text) * NARROW_CHAR
    wide = sum(1 for char in text if ord(char) >= 0x2E80)
    return wide * WIDE_CHAR + (len(text) - wide) * NARROW_CHAR


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` wide (its own line breaks included)."""
    room = max(width - CELL_PADDING, 1.0)
    if len(text) * WIDE_CHAR <= room and "\n" not in text:
        return 1
    return sum(max(1, math.ceil(_char_units(part) / room)) for part in text.split("\n"))


def row_height(lines: int) -> float:
    return ROW_HEIGHT if lines <= 1 else lines * LINE_HEIGHT + 2
