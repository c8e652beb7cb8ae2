"""A ledger's columns (bianzhi.excel.writer): how to read a cell from a row, how to write it,
how wide it prints and whether its text wraps, and what the totals row does with it."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

TEXT = "text"
INTEGER = "integer"
DATE = "date"
# ID numbers, credit codes, document numbers: text, whatever digits they hold.
CODE = "code"

# Column widths (in characters of the default font) when a column declares none.
DEFAULT_WIDTHS = {TEXT: 10, INTEGER: 7, DATE: 10.5, CODE: 16}
# A unit's full name of 15 characters on one line, at the cells' font size.
UNIT_WIDTH = 31


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    kind: str = TEXT
    # None: DEFAULT_WIDTHS for the kind.
    width: float | None = None
    group: str | None = None
    total: bool = False
    # None: text and codes wrap (a long text makes its row taller), numbers and dates do not.
    wrap: bool | None = None
    # Count the column's values for the totals row's text (``LedgerWriter.totals_label``).
    tally: bool = False
    # The name of the list page's table column this one downloads (see bianzhi.ledgers).
    key: str = ""
    # A coded column's values: a drop-down list on its cells (from a hidden sheet).
    choices: tuple[str, ...] = ()

    @property
    def print_width(self) -> float:
        return self.width if self.width is not None else DEFAULT_WIDTHS.get(self.kind, 10)

    @property
    def wraps(self) -> bool:
        return self.wrap if self.wrap is not None else self.kind in (TEXT, CODE)


def column(header: str, field: str, **options) -> Column:
    """A column reading ``row[field]`` (rows are dicts from ``QuerySet.values()``)."""
    return Column(header, itemgetter(field), key=options.pop("key", field), **options)
