"""The 问题台账 list: one table for the page and its ledger (oversight.ledgers)."""

import django_tables2 as tables
from django.utils import timezone

from staffing.tables import NOWRAP

from .models import Problem


class ProblemTable(tables.Table):
    institution = tables.Column(
        accessor="institution__full_name",
        linkify=lambda record: record.get_absolute_url(),
        verbose_name="问题单位",
        order_by="institution__sort_order",
    )
    source = tables.Column(verbose_name="问题来源", attrs=NOWRAP)
    finding = tables.Column(accessor="short_finding", verbose_name="问题", order_by="finding")
    responsible_institution = tables.Column(
        accessor="responsible_institution__full_name",
        verbose_name="责任单位",
        order_by="responsible_institution__sort_order",
    )
    recorded_on = tables.DateColumn(format="Y-m-d", verbose_name="登记日期", attrs=NOWRAP)
    deadline = tables.DateColumn(format="Y-m-d", verbose_name="整改期限", attrs=NOWRAP)
    status = tables.TemplateColumn(
        template_name="oversight/includes/status.html",
        verbose_name="整改状态",
        order_by="status",
        extra_context={},
    )
    reported_on = tables.DateColumn(
        format="Y-m-d", verbose_name="报送日期", attrs=NOWRAP, default="—"
    )
    closed_on = tables.DateColumn(
        format="Y-m-d", verbose_name="销号日期", attrs=NOWRAP, default="—"
    )

    class Meta:
        model = Problem
        fields = [
            "institution",
            "source",
            "finding",
            "responsible_institution",
            "recorded_on",
            "deadline",
            "status",
            "reported_on",
            "closed_on",
        ]
        empty_text = "没有问题"

    def __init__(self, *args, cleared: set[int] | frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.cleared = cleared
        self.columns["status"].column.extra_context = {"today": self.today, "cleared": cleared}
