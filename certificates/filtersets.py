import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from orgs.choices import InstitutionKind

from .choices import CertificateStatus
from .models import Certificate, Publicity

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


class CertificateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="证书编号、单位名称或核验码"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=CertificateStatus.choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(
        label="单位类型",
        choices=InstitutionKind.choices,
        field_name="institution__kind",
        empty_label="全部",
    )
    year = django_filters.NumberFilter(label="发证年度", field_name="year")
    institution = django_filters.NumberFilter(field_name="institution", widget=forms.HiddenInput)
    has_changes = django_filters.BooleanFilter(
        label="有待换发的变更",
        field_name="has_changes",
        widget=forms.Select(choices=YES_NO),
    )

    class Meta:
        model = Certificate
        fields = ["q", "status", "kind", "year", "has_changes", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(institution__full_name__icontains=value)
            | Q(code__iexact=value)
        )


class PublicityFilterSet(django_filters.FilterSet):
    STATES = [
        ("running", "公示中"),
        ("ended", "已结束"),
        ("terminated", "已终止"),
    ]

    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称")
    state = django_filters.ChoiceFilter(
        label="状态", choices=STATES, method="by_state", empty_label="全部"
    )
    open = django_filters.BooleanFilter(
        label="有未处理异议", method="with_open", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Publicity
        fields = ["q", "state", "open"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(institution__full_name__icontains=value) if value else queryset

    def by_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "terminated":
            return queryset.filter(terminated_on__isnull=False)
        queryset = queryset.filter(terminated_on__isnull=True)
        if value == "running":
            return queryset.filter(started_on__lte=today, ends_on__gte=today)
        if value == "ended":
            return queryset.filter(ends_on__lt=today)
        return queryset

    def with_open(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(open_objections__gt=0) if value else queryset.filter(open_objections=0)
        )


class ReadyToIssueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称")
    kind = django_filters.ChoiceFilter(
        label="单位类型",
        choices=InstitutionKind.choices,
        field_name="institution__kind",
        empty_label="全部",
    )

    class Meta:
        model = Publicity
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(institution__full_name__icontains=value) if value else queryset
