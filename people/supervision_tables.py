"""The tables of 报送及时性督查. Each drives its page and, through its ``value_*`` methods, the
Excel export of the same rows (what the user sees is what the user downloads): the ledger's
columns are those of 变动报送及时性台账 (domain.md §4) in that order."""

import itertools

import django_tables2 as tables
from django.utils.html import format_html

from .choices import RequestOrigin
from .supervision import Timeliness, person_names

NOWRAP = {"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}
NUMBER = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end text-nowrap"}}
# How many names a ledger row shows on the page; the export writes them all.
NAMES_SHOWN = 3
TIMELINESS_BADGES = {
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-warning",
    Timeliness.OVERDUE: "text-bg-danger",
    Timeliness.PENDING: "text-bg-secondary",
}


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class RankColumn(tables.Column):
    """序号 that runs on across pages."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, verbose_name="序号", **kwargs)

    def render(self, table):
        if not hasattr(table, "_rank"):
            start = table.page.start_index() if getattr(table, "page", None) else 1
            table._rank = itertools.count(start)
        return next(table._rank)


class UnitTimelinessTable(tables.Table):
    """Units by on-time rate, worst first (rows from ``supervision.unit_ranking``). The unit and
    its late and overdue figures link to its reports on the same page (``link_query`` is a
    callable giving the query string for a unit and a tab)."""

    rank = RankColumn(attrs=NOWRAP)
    institution = tables.Column(accessor="institution__full_name", verbose_name="单位")
    due = tables.Column(verbose_name="应报", attrs=NUMBER)
    on_time = tables.Column(verbose_name="按时报送", attrs=NUMBER)
    late = tables.Column(verbose_name="迟报", attrs=NUMBER)
    overdue = tables.Column(verbose_name="逾期未报", attrs=NUMBER)
    pending = tables.Column(verbose_name="未到期", attrs=NUMBER)
    rate = tables.Column(verbose_name="及时率", attrs=NUMBER, empty_values=())

    class Meta:
        orderable = False
        empty_text = "所选期间没有应报的变动。"

    def __init__(self, *args, link_query=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.link_query = link_query

    def _link(self, record, value, tab, css):
        if not value or self.link_query is None:
            return value
        query = self.link_query(record["institution_id"], tab)
        return format_html('<a class="{}" href="?{}">{}</a>', css, query, value)

    def render_institution(self, record, value):
        """The unit's own reports of the period, on the same page."""
        return self._link(record, value, "all", "")

    def render_late(self, record, value):
        return self._link(record, value, "late", "text-warning-emphasis fw-semibold")

    def render_overdue(self, record, value):
        return self._link(record, value, "overdue", "text-danger fw-semibold")

    def render_rate(self, value):
        return format_rate(value)

    def value_rate(self, value):
        return None if value is None else round(value * 100, 1)


class TimelinessLedgerTable(tables.Table):
    """变动报送及时性台账: 单位, 变动类型, 姓名, 发生日期, 报送日期, 应报日期, 逾期天数, 状态, one row per
    report (rows from ``supervision.ledger``), each linked to its request. ``today`` fixes the
    days late of reports still unsubmitted."""

    rank = RankColumn(attrs=NOWRAP)
    number = tables.Column(
        verbose_name="申报编号",
        empty_values=(),
        attrs=NOWRAP,
        linkify=True,
        exclude_from_export=True,
    )
    institution = tables.Column(accessor="institution__full_name", verbose_name="单位")
    kind = tables.Column(verbose_name="变动类型", attrs=NOWRAP)
    names = tables.Column(verbose_name="姓名", empty_values=())
    occurred_on = tables.DateColumn(format="Y-m-d", verbose_name="发生日期", attrs=NOWRAP)
    submitted_on = tables.DateColumn(format="Y-m-d", verbose_name="报送日期", attrs=NOWRAP)
    due_on = tables.DateColumn(format="Y-m-d", verbose_name="应报日期", attrs=NOWRAP)
    days_late = tables.Column(verbose_name="逾期天数", empty_values=(), attrs=NUMBER)
    timeliness = tables.Column(verbose_name="状态", attrs=NOWRAP)

    class Meta:
        orderable = False
        empty_text = "没有符合条件的记录。"

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_number(self, record):
        return record.number

    def render_kind(self, record):
        if record.origin == RequestOrigin.EXPECTED:
            return format_html(
                '{} <span class="badge text-bg-light border" title="{}">系统预警</span>',
                record.get_kind_display(),
                "系统根据退休时间自动生成，单位须如实报送",
            )
        return record.get_kind_display()

    def value_kind(self, record):
        return record.get_kind_display()

    def render_names(self, record):
        names = person_names(record)
        if len(names) > NAMES_SHOWN:
            return f"{'、'.join(names[:NAMES_SHOWN])} 等{len(names)}人"
        return "、".join(names) or "—"

    def value_names(self, record):
        return "、".join(person_names(record))

    def render_days_late(self, record):
        days = record.days_late(self.today)
        if not days:
            return "—"
        return format_html('<span class="text-danger fw-semibold">{}</span>', days)

    def value_days_late(self, record):
        return record.days_late(self.today)

    def render_timeliness(self, value):
        label = Timeliness(value).label
        return format_html('<span class="badge {}">{}</span>', TIMELINESS_BADGES[value], label)

    def value_timeliness(self, value):
        return Timeliness(value).label
