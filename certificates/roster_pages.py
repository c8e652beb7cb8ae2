"""The roster pages of the certificate PDF, broken here rather than by the PDF engine: each page is
its own table, filled by an estimate of every row's height that errs towards fewer rows. With the
breaks known in advance the engine lays out a long roster a few pages at a time (its memory stays
bounded for a 1,000-person hospital) and the page count is known before rendering.

The figures mirror the roster rules of ``templates/certificates/includes/print.css`` (A4, margins
14/14/16/14 mm, 8 pt text at line-height 1.5, cell padding 0.8 mm × 1 mm, column shares of a 182 mm
table); tests/certificates/test_roster_pages.py renders worst cases to prove no page overflows.
"""

import math
import unicodedata
from collections.abc import Sequence

PT_PER_MM = 72 / 25.4
PAGE_HEIGHT = (297 - 14 - 16) * PT_PER_MM
TABLE_WIDTH = (210 - 14 - 14) * PT_PER_MM
FONT_SIZE = 8
LINE = FONT_SIZE * 1.5
ROW_EXTRA = 2 * 0.8 * PT_PER_MM + 0.6  # padding above and below, bottom border
CELL_INSET = 2 * 1 * PT_PER_MM + 0.6  # padding left and right, right border
HEADING = 16 * 1.5 + 5 * PT_PER_MM  # 实名制人员名册 heading on the first page
# Rounding in the engine's layout: a page is never filled to the last point.
SLACK = 1.0
# The wrapping columns: share of the table width and the text the cell shows.
WRAPPED = {
    "department": (
        0.17,
        lambda row: f"{row.get('department') or '—'} {row.get('job_title') or '—'}",
    ),
    "type": (0.29, lambda row: f"{row.get('type') or ''} {row.get('post') or ''}"),
}


def _text_width(text: str) -> float:
    """Width in em: wide and ambiguous characters take a full em, others at most 0.6 em."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6 for ch in text)


def _lines(text: str, share: float) -> int:
    room = (share * TABLE_WIDTH - CELL_INSET) / FONT_SIZE
    return max(1, math.ceil(_text_width(text) / room))


def row_height(row: dict) -> float:
    lines = max(_lines(text(row), share) for share, text in WRAPPED.values())
    return lines * LINE + ROW_EXTRA


def roster_pages(rows: Sequence[dict]) -> list[list[dict]]:
    """``rows`` in pages; an empty roster is one page (it says 无在编人员)."""
    header = LINE + ROW_EXTRA + 0.6
    pages: list[list[dict]] = [[]]
    room = PAGE_HEIGHT - HEADING - header - SLACK
    for row in rows:
        height = row_height(row)
        if pages[-1] and height > room:
            pages.append([])
            room = PAGE_HEIGHT - header - SLACK
        pages[-1].append(row)
        room -= height
    return pages
