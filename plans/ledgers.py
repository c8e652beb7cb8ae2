"""用编进人计划台账 (rule 24): per unit and type of a year's plan, 申报数, 计划数, 已使用, 未使用,
预计减员 this year and next, and 空编, with the filters of the ledger page. A handful of grouped
queries whatever the number of units."""

from django.utils import timezone

from bianzhi import access
from bianzhi.excel.writer import INTEGER, UNIT_WIDTH, Column, column
from bianzhi.ledgers import Ledger, Prepared, Subtitle, cn_date, register
from orgs.ledgers import FakeRequest, LedgerFilters, query_dict

from . import selectors
from .filtersets import PlanLineFilterSet
from .models import PlanLine
from .tables import PlanLedgerTable

RETIRING_GROUP = "预计减员"


def numbered(rows):
    for serial, row in enumerate(rows, start=1):
        row["serial"] = serial
        yield row


def ledger_year(params: dict) -> int:
    value = str(params.get("year") or "")
    return int(value) if value.isdigit() else timezone.localdate().year


@register
class PlanLedger(Ledger):
    kind = "annual_plan"
    title = "用编进人计划台账"
    table_class = PlanLedgerTable
    list_url_name = "plans:ledger"
    frozen_columns = 2
    empty_text = "该年度没有用编进人计划"

    def columns(self, user, params=None) -> list[Column]:
        return [
            Column("序号", lambda row: row["serial"], kind=INTEGER, width=6, key="serial"),
            column("单位", "institution", width=UNIT_WIDTH),
            column("编制类型", "type_label", width=14, key="establishment_type"),
            column("申报数", "proposed", kind=INTEGER, width=8, total=True),
            column("计划数", "planned", kind=INTEGER, width=8, total=True),
            column("已使用", "used", kind=INTEGER, width=8, total=True),
            column("未使用", "remaining", kind=INTEGER, width=8, total=True),
            column(
                "本年", "retiring_this", kind=INTEGER, width=8, total=True, group=RETIRING_GROUP
            ),
            column(
                "次年", "retiring_next", kind=INTEGER, width=8, total=True, group=RETIRING_GROUP
            ),
            column("空编", "vacancy", kind=INTEGER, width=8, total=True),
        ]

    def prepare(self, user, params) -> Prepared:
        params = query_dict(params)
        filters = LedgerFilters.parse(user, params)
        year = ledger_year(params)
        lines = filters.apply_scoped(access.restrict(PlanLine.objects.all(), user))
        filterset = PlanLineFilterSet(params, queryset=lines, request=FakeRequest(user))
        lines = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        today = timezone.localdate()
        rows = selectors.ledger_rows(lines, year, today)
        base = filters.subtitle(user, "预计减员按法定退休年龄（含渐进式延迟）计算")
        subtitle = Subtitle(f"{year}年度 · {base} · 制表日期 {cn_date(today)}", base.scope)
        return Prepared(subtitle, numbered(rows), count=len(rows))
