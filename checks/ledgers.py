"""自查台账: the 自查 page's rows as an Excel ledger (one table definition, checks.tables)."""

from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column
from bianzhi.ledgers import Ledger, LedgerError, Prepared, Subtitle, cn_date, register

from . import selectors
from .tables import BreachTable

OFFICE_ONLY = "自查台账仅供编办使用。"


def _numbered(breaches):
    for serial, breach in enumerate(breaches, start=1):
        yield {"serial": serial, "breach": breach}


def _attr(name: str):
    return lambda row: getattr(row["breach"], name)


@register
class BreachesLedger(Ledger):
    kind = "breaches"
    title = "自查台账"
    table_class = BreachTable
    list_url_name = "checks:breach_list"
    frozen_columns = 2
    permission = access.SELF_CHECK
    empty_text = "未发现问题"

    def columns(self, user, params=None) -> list[Column]:
        return [
            Column("序号", lambda row: row["serial"], kind=INTEGER, width=6, key="serial"),
            Column("规则", _attr("rule_label"), width=12, key="rule"),
            Column("问题", _attr("title"), width=30, key="title"),
            Column("单位", _attr("institution_name"), width=UNIT_WIDTH, key="institution"),
            Column("对象", _attr("subject"), width=18, key="subject"),
            Column("情况", _attr("detail"), width=30, key="detail"),
            Column("处理办法", _attr("fix"), width=36, key="fix"),
        ]

    def prepare(self, user, params) -> Prepared:
        if not self.allows(user):
            raise LedgerError(OFFICE_ONLY)
        today = timezone.localdate()
        results = selectors.report(user, today, only=(params or {}).get("check") or None)
        rows = selectors.breaches(results)
        scope = access.user_scope(user)
        subtitle = Subtitle(
            f"范围：{scope.region.name}　　截至日期：{cn_date(today)}", scope=scope.region.name
        )
        return Prepared(subtitle, _numbered(rows), count=len(rows))
