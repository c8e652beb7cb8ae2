import django_filters
from django.db.models import Q
from django.utils import timezone

from bianzhi.forms import LongSelect
from orgs.filtersets import scoped_institutions

from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus
from .models import Problem


class ProblemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、问题描述、整改要求或整改情况"
    )
    status = django_filters.ChoiceFilter(
        label="整改状态", choices=ProblemStatus.choices, empty_label="全部"
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
    institution = django_filters.ModelChoiceFilter(
        widget=LongSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        method="filter_institution",
    )

    class Meta:
        model = Problem
        fields = ["q", "status", "source", "overdue", "institution"]

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

    def filter_overdue(self, queryset, name, value):
        if value not in ("0", "1"):
            return queryset
        overdue = Q(status__in=AWAITING_UNIT, deadline__lt=timezone.localdate())
        return queryset.filter(overdue if value == "1" else ~overdue)

    def filter_institution(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(institution=value) | Q(responsible_institution=value))
