"""Ledgers (台账, domain.md §4): what each one is, the registry, and writing one to a file.

Each app declares its ledgers in ``<app>/ledgers.py`` (found by ``autodiscover`` at start-up, so
``bianzhi`` imports no app) as a subclass of ``Ledger``:

- ``kind`` (the name used in URLs and by ``export_ledger``), ``title``;
- ``columns(user)``: the ``bianzhi.excel.writer.Column`` list (ID numbers masked or not by user);
- ``prepare(user, params)``: a ``Prepared`` with the subtitle (region, cut-off date) and the rows,
  from aggregate queries or ``iterator(chunk_size=...)``: a constant number of queries whatever
  the row count. ``params`` is a plain dict of strings (the list page's GET, or the command line).
  With ``subtotals`` (e.g. by 系统类别) the rows come sorted by its group.
- ``table_class``: the list page's django-tables2 table. Every column the page shows (except
  links and buttons, ``exclude_from_export``) has the ledger column of the same ``key``, and takes
  its header from the table, so the columns seen are the columns downloaded
  (``missing_table_columns`` is asserted by the tests).
"""

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules

from .excel.writer import A4, Column, LedgerWriter, Subtotals, Tallies

CHUNK_SIZE = 2000
UNKNOWN_LEDGER = "没有名为“%(kind)s”的台账。"
BAD_DATE = "日期“%(value)s”无效，应为 YYYY-MM-DD，如 2026-06-30。"


class LedgerError(Exception):
    """Bad export parameters (unknown region, unit outside scope, bad date); the message is for
    the user."""


def cn_date(day: datetime.date) -> str:
    """A date as titles and subtitles print it: 2026年12月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


class Subtitle(str):
    """A subtitle that knows the name of the scope it describes (a region, or a unit), which
    the printed title starts with: 示例县机构编制台账."""

    scope: str = ""

    def __new__(cls, text: str, scope: str = ""):
        subtitle = super().__new__(cls, text)
        subtitle.scope = scope
        return subtitle


@dataclass
class Prepared:
    subtitle: str
    rows: Iterable
    # How many rows are coming, for the progress bar; None when not known cheaply.
    count: int | None = None
    # The query the rows are read from, where there is one: the export benchmark copies it
    # straight out of the database for its floor (benchmarks/bench_excel_export.py).
    query: Any = None


class Ledger:
    kind: str = ""
    title: str = ""
    table_class = None
    # The list page the ledger is exported from (its filters are the ledger's filters).
    list_url_name: str | None = None
    frozen_columns: int = 0
    # "{count}": the number of rows; a ledger whose totals say more overrides ``totals_text``.
    totals_label: str = "合计"
    # 小计 rows by a group of rows (``prepare`` yields the rows sorted by it); None: none.
    subtotals: Subtotals | None = None
    # Printing (bianzhi.excel.writer): the paper, and what an empty ledger says under its header.
    paper: int = A4
    landscape: bool = True
    empty_text: str = "无数据"
    # Who may export it (a bianzhi.access Permission); None: every signed-in role, each within
    # its scope.
    permission = None
    # Does it hold ID numbers (shown as ``privacy.policy_for(user)`` allows)? The access log
    # records each export as masked or full.
    id_numbers: bool = False

    def allows(self, user) -> bool:
        return self.permission is None or self.permission.allows(user)

    def columns(self, user, params: dict | None = None) -> list[Column]:
        """The columns for ``user`` (None: as for a user who sees ID numbers masked); a ledger
        may drop columns that the list page hides for ``params``."""
        raise NotImplementedError

    def prepare(self, user, params: dict) -> Prepared:
        raise NotImplementedError

    def totals_text(self, tallies: Tallies) -> str:
        return self.totals_label.format(count=tallies.count)

    def printed_title(self, prepared: Prepared) -> str:
        scope = getattr(prepared.subtitle, "scope", "")
        return f"{scope}{self.title}" if scope and not self.title.startswith(scope) else self.title

    def file_name(self, today: datetime.date) -> str:
        return f"{self.title}-{today:%Y%m%d}.xlsx"

    def columns_with_table_headers(self, user, params: dict | None = None) -> list[Column]:
        columns = self.columns(user, params)
        if self.table_class is None:
            return columns
        base = self.table_class.base_columns
        result = []
        for col in columns:
            table_column = base.get(col.key)
            # A grouped column keeps its own header under the group's (e.g. 核定 under 行政编制).
            if table_column is not None and table_column.verbose_name and col.group is None:
                col = dataclasses.replace(col, header=str(table_column.verbose_name))
            result.append(col)
        return result

    def missing_table_columns(self) -> set[str]:
        """Columns of the list page's table that the export would not download."""
        if self.table_class is None:
            return set()
        keys = {col.key for col in self.columns(None)}
        shown = {
            name
            for name, table_column in self.table_class.base_columns.items()
            if not table_column.exclude_from_export and table_column.verbose_name
        }
        return shown - keys


_registry: dict[str, Ledger] = {}
# The form of the filters every ledger shares (region, unit, cut-off date), declared by the app
# that knows regions and institutions (orgs.ledgers), for the 台账导出 page.
_filter_form = None


@dataclass
class ParamWords:
    """An export's parameters in words: the scope it covers (示例县教育局（含下属单位）, or the
    user's whole scope) and, by parameter, (label, value) with names instead of ids."""

    scope: str
    values: dict[str, tuple[str, str]]


# Reads the shared parameters in words for a user (region and unit names, dates), declared by
# the app that knows regions and institutions (orgs.ledgers).
_param_words = None


def register_param_words(function):
    global _param_words
    _param_words = function
    return function


def param_words(user, params: dict) -> ParamWords:
    if _param_words is None:
        return ParamWords("", {})
    return _param_words(user, params)


def register_filter_form(form_class):
    global _filter_form
    _filter_form = form_class
    return form_class


def filter_form(user):
    return _filter_form(user=user) if _filter_form is not None else None


def register(ledger_class: type[Ledger]) -> type[Ledger]:
    _registry[ledger_class.kind] = ledger_class()
    return ledger_class


def autodiscover() -> None:
    autodiscover_modules("ledgers")


def get(kind: str) -> Ledger:
    try:
        return _registry[kind]
    except KeyError:
        raise LedgerError(UNKNOWN_LEDGER % {"kind": kind}) from None


def offered_to(user) -> list[Ledger]:
    """The ledgers the export page offers ``user``."""
    return [ledger for ledger in every() if ledger.allows(user)]


def every() -> list[Ledger]:
    return list(_registry.values())


def parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise LedgerError(BAD_DATE % {"value": value}) from None


def write_ledger(ledger: Ledger, *, user, params: dict, target, progress=None) -> int:
    """Write ``ledger`` for ``user`` to ``target`` (a path or binary file); return the row count.
    ``progress(done, count)`` is called every thousand rows."""
    prepared = ledger.prepare(user, params)
    report = None
    if progress is not None:
        progress(0, prepared.count)

        def report(done):
            progress(done, prepared.count)

    with LedgerWriter(
        target,
        title=ledger.printed_title(prepared),
        subtitle=prepared.subtitle,
        columns=ledger.columns_with_table_headers(user, params),
        sheet_name=ledger.title,
        frozen_columns=ledger.frozen_columns,
        totals_label=ledger.totals_text,
        subtotals=ledger.subtotals,
        paper=ledger.paper,
        landscape=ledger.landscape,
        empty_text=ledger.empty_text,
        signatures=True,
    ) as writer:
        writer.write_rows(prepared.rows, progress=report)
        rows = writer.rows_written
    return rows
