"""Tables of borrowings and talent special quotas (rules 26, 27): the list pages and, through
``staffing.ledgers.pools``, the 周转池台账 and 高层次人才专项编制台账."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils import timezone

from .choices import PoolPurpose
from .models import PoolLoan, SpecialQuota
from .pool_figures import loan_state
from .tables import NOWRAP, Number, establishment_url


class LoanTable(tables.Table):
    pool = tables.Column(
        accessor="pool__purpose",
        verbose_name="周转池",
        linkify=lambda record: record.pool.get_absolute_url(),
    )
    institution = tables.Column(
        accessor="quota_line__institution__full_name",
        linkify=lambda record: establishment_url(record.quota_line.institution_id),
        verbose_name="单位",
        order_by="quota_line__institution__sort_order",
    )
    quota_line = tables.Column(
        accessor="quota_line__type_label", verbose_name="编制类型", orderable=False
    )
    purpose = tables.Column(verbose_name="用途")
    count = Number(verbose_name="借出数")
    lent_on = tables.DateColumn(format="Y-m-d", verbose_name="借出日期", attrs=NOWRAP)
    return_rule = tables.Column(verbose_name="归还条件", orderable=False, empty_values=())
    due_on = tables.DateColumn(format="Y-m-d", verbose_name="到期日", attrs=NOWRAP)
    returned = Number(verbose_name="已归还")
    state = tables.Column(verbose_name="状态", orderable=False, empty_values=())
    actions = tables.TemplateColumn(
        template_name="staffing/includes/loan_actions.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = PoolLoan
        fields = []
        sequence = [
            "pool",
            "institution",
            "quota_line",
            "purpose",
            "count",
            "lent_on",
            "return_rule",
            "due_on",
            "returned",
            "state",
            "actions",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "没有借用编制。"

    def render_state(self, record):
        return loan_state(record, timezone.localdate())


class SpecialQuotaTable(tables.Table):
    institution = tables.Column(
        accessor="quota_line__institution__full_name",
        linkify=lambda record: establishment_url(record.quota_line.institution_id),
        verbose_name="单位",
        order_by="quota_line__institution__sort_order",
    )
    quota_line = tables.Column(
        accessor="quota_line__type_label", verbose_name="编制类型", orderable=False
    )
    talent = tables.Column(verbose_name="引进人才及领域")
    count = Number(verbose_name="原核定数")
    in_force = Number(verbose_name="专项编制核定")
    holders = Number(verbose_name="专项编制实有")
    available = Number(verbose_name="可用")
    source = tables.Column(accessor="source__purpose", verbose_name="来源周转池")
    approved_on = tables.DateColumn(format="Y-m-d", verbose_name="核定日期", attrs=NOWRAP)
    document = tables.Column(accessor="document__number", verbose_name="批准文件")
    actions = tables.TemplateColumn(
        template_name="staffing/includes/special_quota_actions.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = SpecialQuota
        fields = []
        sequence = [
            "institution",
            "quota_line",
            "talent",
            "count",
            "in_force",
            "holders",
            "available",
            "source",
            "approved_on",
            "document",
            "actions",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "没有高层次人才专项编制。"


class LoanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或用途")
    pool__purpose = django_filters.ChoiceFilter(
        label="周转池", choices=PoolPurpose.choices, empty_label="全部"
    )

    class Meta:
        model = PoolLoan
        fields = ["q", "pool__purpose"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quota_line__institution__full_name__icontains=value) | Q(purpose__icontains=value)
        )


class SpecialQuotaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或人才领域")

    class Meta:
        model = SpecialQuota
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quota_line__institution__full_name__icontains=value) | Q(talent__icontains=value)
        )
