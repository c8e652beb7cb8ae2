"""The 违规案件 list; the 违规案件台账 downloads the same columns. No column ever holds the
reporter (rule 35)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone

from staffing.tables import NOWRAP

from .models import Case


def user_name(user) -> str:
    return user.get_full_name() or user.username


class CaseTable(tables.Table):
    number = tables.Column(
        verbose_name="案件编号",
        linkify=lambda record: reverse("cases:case_detail", args=[record.pk]),
        order_by=("year", "serial"),
        attrs=NOWRAP,
    )
    received_on = tables.DateColumn(format="Y-m-d", verbose_name="受理日期", attrs=NOWRAP)
    channel = tables.Column(verbose_name="举报渠道", attrs=NOWRAP)
    institution = tables.Column(
        accessor="institution__full_name", verbose_name="被举报单位", default="—"
    )
    category = tables.Column(verbose_name="违规类型")
    summary = tables.Column(verbose_name="举报事项")
    handler = tables.Column(verbose_name="承办人", default="—", attrs=NOWRAP)
    due_on = tables.DateColumn(format="Y-m-d", verbose_name="办理期限", attrs=NOWRAP)
    state = tables.TemplateColumn(
        template_name="cases/includes/state.html", verbose_name="办理状态", order_by="state"
    )
    overdue = tables.Column(empty_values=(), verbose_name="逾期天数", orderable=False, attrs=NOWRAP)
    conclusion = tables.Column(verbose_name="调查结论", default="—")
    problem_count = tables.Column(verbose_name="整改问题数", attrs=NOWRAP)
    feedback_on = tables.DateColumn(format="Y-m-d", verbose_name="反馈日期", attrs=NOWRAP)
    closed_on = tables.DateColumn(format="Y-m-d", verbose_name="办结日期", attrs=NOWRAP)

    class Meta:
        model = Case
        fields = [
            "number",
            "received_on",
            "channel",
            "institution",
            "category",
            "summary",
            "handler",
            "due_on",
            "state",
            "overdue",
            "conclusion",
            "problem_count",
            "feedback_on",
            "closed_on",
        ]
        empty_text = "没有违规案件"

    def render_handler(self, value):
        return user_name(value)

    def render_overdue(self, record):
        days = record.days_overdue(timezone.localdate())
        return days or "—"
