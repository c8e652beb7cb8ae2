"""编制下沉统计台账: quota pushed down per township, year and mode (rule 23), the page's table."""

from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column
from bianzhi.ledgers import Ledger, Prepared, register
from orgs.ledgers import LedgerFilters, query_dict

from ..choices import PushDownMode
from ..push_down import push_down_totals
from ..tables import PushDownTable
from .common import serial_column

YEAR = "year"
MODE = "push_down"


def year_param(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


def mode_param(value) -> str:
    return value if value in PushDownMode.values else ""


def _rows(rows):
    for serial, row in enumerate(rows, start=1):
        yield {"serial": serial, "row": row}


def _attr(name: str):
    return lambda item: getattr(item["row"], name)


@register
class PushDownLedger(Ledger):
    kind = "push_down"
    title = "编制下沉统计台账"
    table_class = PushDownTable
    list_url_name = "staffing:push_down_totals"
    frozen_columns = 2
    empty_text = "本期无编制下沉"

    def columns(self, user, params=None) -> list[Column]:
        return [
            serial_column(),
            Column("乡镇（街道）", _attr("township"), width=UNIT_WIDTH, key="township"),
            Column("年度", _attr("year"), kind=INTEGER, width=8, key="year"),
            Column("下沉方式", _attr("mode_label"), width=12, key="mode"),
            Column("下沉编制数", _attr("quota"), kind=INTEGER, width=12, total=True, key="quota"),
            Column(
                "划转事项数",
                _attr("adjustments"),
                kind=INTEGER,
                width=12,
                total=True,
                key="adjustments",
            ),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        rows = push_down_totals(
            user,
            year=year_param(params.get(YEAR)),
            mode=mode_param(params.get(MODE)),
            as_of=filters.as_of,
            narrow=filters.apply_scoped,
        )
        return Prepared(filters.subtitle(user), _rows(rows), count=len(rows))
