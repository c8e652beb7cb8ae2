import django_filters
from django.db.models import Q

from .models import Reallocation


class ReallocationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="学校、文号或事由")

    class Meta:
        model = Reallocation
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(source__full_name__icontains=value)
            | Q(target__full_name__icontains=value)
            | Q(adjustment__document__number__icontains=value)
            | Q(adjustment__summary__icontains=value)
        )
