"""Filters of the endpoints (django-filter): ``?institution=…&status=…``."""

import django_filters

from certificates.models import Certificate
from orgs.models import Institution
from people.models import Person
from staffing.models import LeadershipQuota, QuotaLine


# Ids are plain numbers: an unknown one gives an empty list, not an error.
def _id(field: str, label: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field, label=label)


class InstitutionFilter(django_filters.FilterSet):
    parent = _id("parent", "上级机构")
    region_code = django_filters.CharFilter(field_name="region__code", label="区划代码")
    name = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains", label="名称")

    class Meta:
        model = Institution
        fields = ["status", "kind", "category", "parent", "region_code", "name"]


class QuotaLineFilter(django_filters.FilterSet):
    institution = _id("institution", "机构")

    class Meta:
        model = QuotaLine
        fields = ["institution", "establishment_type", "funding_form"]


class LeadershipQuotaFilter(django_filters.FilterSet):
    institution = _id("institution", "机构")

    class Meta:
        model = LeadershipQuota
        fields = ["institution", "post_kind"]


class PersonFilter(django_filters.FilterSet):
    institution = django_filters.NumberFilter(
        field_name="records__quota_line__institution", label="所在机构", distinct=True
    )
    name = django_filters.CharFilter(field_name="name", label="姓名")

    class Meta:
        model = Person
        fields = ["institution", "name"]


class CertificateFilter(django_filters.FilterSet):
    institution = _id("institution", "机构")

    class Meta:
        model = Certificate
        fields = ["institution", "status", "year"]
