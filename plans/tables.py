"""The plan's lists: the plan lines (each unit's proposal and plan) and the plan ledger's rows."""

import django_tables2 as tables
from django.utils.html import format_html

from staffing.tables import NOWRAP, Number

from .choices import LineStatus
from .models import AnnualPlan, PlanLine

STATUS_CSS = {
    LineStatus.PROPOSED: "text-bg-warning",
    LineStatus.DECIDED: "text-bg-info",
    LineStatus.DECLINED: "text-bg-secondary",
    LineStatus.ISSUED: "text-bg-success",
}


class AnnualPlanTable(tables.Table):
    year = tables.Column(
        verbose_name="计划年度", linkify=lambda record: record.get_absolute_url(), attrs=NOWRAP
    )
    region = tables.Column(verbose_name="行政区划", accessor="region__name")
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    lines = Number(verbose_name="计划明细", accessor="line_count", orderable=False)
    proposed = Number(verbose_name="申报数", orderable=False)
    approved = Number(verbose_name="核定计划数", orderable=False)
    document = tables.Column(verbose_name="下达文件", accessor="document__number", attrs=NOWRAP)
    issued_on = tables.DateColumn(verbose_name="下达日期", format="Y-m-d")

    class Meta:
        model = AnnualPlan
        fields = ()
        sequence = ("year", "region", "status", "lines", "proposed", "approved")

    def render_year(self, value):
        return f"{value}年"


class PlanLineTable(tables.Table):
    year = tables.Column(verbose_name="计划年度", accessor="plan__year", attrs=NOWRAP)
    institution = tables.Column(
        verbose_name="单位",
        accessor="quota_line__institution__full_name",
        order_by=("quota_line__institution__sort_order", "quota_line__institution__full_name"),
    )
    quota_line = tables.Column(
        verbose_name="编制类型", accessor="quota_line__type_label", orderable=False
    )
    method = tables.Column(verbose_name="补充方式", attrs=NOWRAP)
    posts = tables.Column(verbose_name="拟补充岗位及条件")
    proposed = Number(verbose_name="申报数")
    approved = Number(verbose_name="核定计划数", default="待核定")
    used = Number(verbose_name="已使用", orderable=False)
    status = tables.Column(verbose_name="状态", accessor="pk", orderable=False, attrs=NOWRAP)
    permit = tables.Column(verbose_name="用编通知单", linkify=True, attrs=NOWRAP)

    class Meta:
        model = PlanLine
        fields = ()
        sequence = ("year", "institution", "quota_line", "method", "posts", "proposed")

    def render_year(self, value):
        return f"{value}年"

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>',
            STATUS_CSS[record.status],
            record.get_status_display(),
        )


class PlanLedgerTable(tables.Table):
    """用编进人计划台账: per unit and type (rows of ``selectors.ledger_rows``)."""

    institution = tables.Column(verbose_name="单位", orderable=False)
    establishment_type = tables.Column(
        verbose_name="编制类型", accessor="type_label", orderable=False
    )
    proposed = Number(verbose_name="申报数", orderable=False)
    planned = Number(verbose_name="计划数", orderable=False)
    used = Number(verbose_name="已使用", orderable=False)
    remaining = Number(verbose_name="未使用", orderable=False)
    retiring_this = Number(verbose_name="预计减员（本年）", orderable=False)
    retiring_next = Number(verbose_name="预计减员（次年）", orderable=False)
    vacancy = Number(verbose_name="空编", orderable=False)
