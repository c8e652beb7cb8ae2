import django_filters
from django.db.models import Q
from django.utils import timezone

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions

from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus
from .models import Problem
from .selectors import cleared_by_data

AWAITING = "awaiting"


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、问题描述、整改要求或整改情况"
    )
    status = django_filters.ChoiceFilter(
        label="整改状态",
        choices=[(AWAITING, "待整改（含退回重改）"), *ProblemStatus.choices],
        empty_label="全部",
        method="filter_status",
    )
    source = django_filters.ChoiceFilter(
        label="问题来源", choices=ProblemSource.choices, empty_label="全部"
    )
    overdue = django_filters.ChoiceFilter(
        label="是否逾期",
        choices=[("1", "逾期未整改"), ("0", "未逾期")],
        empty_label="全部",
        method="filter_overdue",
    )
    cleared = django_filters.ChoiceFilter(
        label="自查核对",
        choices=[("1", "数据已消除待销号")],
        empty_label="全部",
        method="filter_cleared",
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        method="filter_institution",
    )

    class Meta:
        model = Problem
        fields = ["q", "status", "source", "overdue", "cleared", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value)
            | Q(responsible_institution__full_name__icontains=value)
            | Q(finding__icontains=value)
            | Q(requirement__icontains=value)
            | Q(rectification__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == AWAITING:
            return queryset.filter(status__in=AWAITING_UNIT)
        return queryset.filter(status=value) if value else queryset

    def filter_cleared(self, queryset, name, value):
        if value != "1" or self.request is None:
            return queryset
        return queryset.filter(pk__in=cleared_by_data(queryset, self.request.user))

    def filter_overdue(self, queryset, name, value):
        if value not in ("0", "1"):
            return queryset
        overdue = Q(status__in=AWAITING_UNIT, deadline__lt=timezone.localdate())
        return queryset.filter(overdue if value == "1" else ~overdue)

    def filter_institution(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(institution=value) | Q(responsible_institution=value))
