"""Filters of the plan lists: year, unit, type, and a ``q`` search."""

import django_filters
from django.db.models import Q

from staffing.choices import EstablishmentType

from .choices import PlanMethod
from .models import AnnualPlan, PlanLine


class AnnualPlanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")

    class Meta:
        model = AnnualPlan
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip().removesuffix("年")
        if value.isdigit():
            return queryset.filter(year=int(value))
        return queryset.filter(region__name__icontains=value)


class PlanLineFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    year = django_filters.NumberFilter(label="计划年度", field_name="plan__year")
    establishment_type = django_filters.ChoiceFilter(
        label="编制类型",
        field_name="quota_line__establishment_type",
        choices=EstablishmentType.choices,
    )
    method = django_filters.ChoiceFilter(label="补充方式", choices=PlanMethod.choices)

    class Meta:
        model = PlanLine
        fields = ["q", "year", "establishment_type", "method"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(quota_line__institution__full_name__icontains=value) | Q(posts__icontains=value)
        )
