"""The tables of 中小学编制: the comparison (one row per ``selectors.SchoolRow``, the same as its
ledger) and the reallocations."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import Reallocation

NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


def difference_text(value: int) -> str:
    """核定较标准: 缺 n, 超 n or 持平."""
    if value < 0:
        return f"缺 {-value}"
    if value > 0:
        return f"超 {value}"
    return "持平"


class Number(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)


class SchoolStandardTable(tables.Table):
    """标准、核定、实有 per school for one school year (rule 28)."""

    name = tables.Column(verbose_name="学校")
    stages = tables.Column(verbose_name="学段", attrs=NOWRAP)
    flags = tables.Column(verbose_name="寄宿制/乡镇", attrs=NOWRAP)
    senior = Number(verbose_name="高中学生")
    junior = Number(verbose_name="初中学生")
    primary = Number(verbose_name="小学学生")
    students = Number(verbose_name="学生合计")
    standard = Number(verbose_name="标准编制数")
    approved = Number(verbose_name="核定")
    occupied = Number(verbose_name="实有")
    difference = Number(verbose_name="核定较标准")

    class Meta:
        orderable = False
        empty_text = "没有中小学校，或本学年尚未登记学生数。"

    def render_name(self, value, record):
        url = reverse("schools:school_detail", args=[record.school_id])
        return format_html('<a href="{}">{}</a>', url, value)

    @staticmethod
    def _students(value, record, stage: str):
        return value if stage in record.offered else "—"

    def render_senior(self, value, record):
        return self._students(value, record, "senior")

    def render_junior(self, value, record):
        return self._students(value, record, "junior")

    def render_primary(self, value, record):
        return self._students(value, record, "primary")

    def render_flags(self, value):
        return value or "—"

    def render_difference(self, value):
        css = "text-danger" if value < 0 else "text-warning-emphasis" if value > 0 else ""
        return format_html('<span class="{} fw-semibold">{}</span>', css, difference_text(value))


class ReallocationTable(tables.Table):
    effective_on = tables.DateColumn(
        accessor="adjustment__effective_on", format="Y-m-d", verbose_name="生效日期", attrs=NOWRAP
    )
    document = tables.Column(accessor="adjustment__document__number", verbose_name="文号")
    source = tables.Column(verbose_name="调出学校")
    target = tables.Column(verbose_name="调入学校")
    type_label = tables.Column(accessor="establishment_type", verbose_name="编制类型")
    count = Number(verbose_name="调剂数")
    summary = tables.Column(accessor="adjustment__summary", verbose_name="调剂事由")
    applied_by = tables.Column(accessor="adjustment__applied_by", verbose_name="经办人")

    class Meta:
        model = Reallocation
        fields = ()
        orderable = False
        empty_text = "尚无编制调剂。"

    def render_document(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_applied_by(self, value):
        return value.get_full_name() or value.get_username()

    def render_type_label(self, value, record):
        label = record.get_establishment_type_display()
        return f"{label}（{record.get_funding_form_display()}）" if record.funding_form else label
