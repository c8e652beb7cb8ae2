"""访问日志 as an Excel ledger: the page's rows with its filters (one table definition,
accounts.tables.AccessEventTable); for the office admin only."""

from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import INTEGER, Column
from bianzhi.ledgers import CHUNK_SIZE, Ledger, LedgerError, Prepared, Subtitle, cn_date, register
from bianzhi.models import AccessAction, IdNumbers
from orgs.ledgers import FakeRequest

from .services import access_events
from .tables import AccessEventFilterSet, AccessEventTable

ADMIN_ONLY = "访问日志仅供编办管理员导出。"
ACTIONS = dict(AccessAction.choices)
ID_NUMBERS = dict(IdNumbers.choices)
FIELDS = (
    "at",
    "user__username",
    "action",
    "label",
    "scope",
    "id_numbers",
    "query",
    "ip_address",
)


def _numbered(rows):
    for serial, row in enumerate(rows, start=1):
        row["serial"] = serial
        yield row


def _local_time(row) -> str:
    return timezone.localtime(row["at"]).strftime("%Y-%m-%d %H:%M:%S")


@register
class AccessLogLedger(Ledger):
    kind = "access_log"
    title = "访问日志"
    table_class = AccessEventTable
    list_url_name = "accounts:access_log"
    frozen_columns = 2
    permission = access.ACCOUNTS
    empty_text = "无访问记录"

    def columns(self, user, params=None) -> list[Column]:
        return [
            Column("序号", lambda row: row["serial"], kind=INTEGER, width=6, key="serial"),
            Column("时间", _local_time, width=20, key="at"),
            Column("用户", lambda row: row["user__username"], width=14, key="user"),
            Column("操作", lambda row: ACTIONS.get(row["action"], row["action"]), key="action"),
            Column("对象", lambda row: row["label"], width=30, key="label"),
            Column("范围", lambda row: row["scope"], width=40, key="scope"),
            Column("身份证号", lambda row: ID_NUMBERS.get(row["id_numbers"]), key="id_numbers"),
            Column("查询条件", lambda row: row["query"], width=22, key="query"),
            Column("IP 地址", lambda row: row["ip_address"] or "", width=16, key="ip_address"),
        ]

    def prepare(self, user, params) -> Prepared:
        if not self.allows(user):
            raise LedgerError(ADMIN_ONLY)
        filterset = AccessEventFilterSet(
            params or {}, queryset=access_events(user), request=FakeRequest(user)
        )
        if not filterset.is_valid():
            raise LedgerError("；".join(m for e in filterset.errors.values() for m in e))
        events = filterset.qs.order_by("-at", "-pk")
        scope = access.user_scope(user)
        today = timezone.localdate()
        where = str(scope.region or scope.institution)
        subtitle = Subtitle(f"范围：{where}　　截至日期：{cn_date(today)}", scope=where)
        rows = events.values(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
        return Prepared(subtitle, _numbered(rows), count=events.count())
