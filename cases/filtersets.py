import django_filters
from django.db.models import Q
from django.utils import timezone

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions

from .choices import OPEN_STATES, CaseState, Category, Channel
from .models import Case

YES = (("1", "是"),)


class CaseFilterSet(django_filters.FilterSet):
    """The reporter is never searchable (rule 35): the search reads the case's own fields."""

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="案件编号、举报事项、被举报单位或转办单位"
    )
    state = django_filters.ChoiceFilter(
        label="办理状态", choices=CaseState.choices, empty_label="全部"
    )
    open = django_filters.ChoiceFilter(
        label="未办结", choices=YES, empty_label="全部", method="only_open"
    )
    overdue = django_filters.ChoiceFilter(
        label="逾期未办结", choices=YES, empty_label="全部", method="only_overdue"
    )
    channel = django_filters.ChoiceFilter(
        label="举报渠道", choices=Channel.choices, empty_label="全部"
    )
    category = django_filters.ChoiceFilter(
        label="违规类型", choices=Category.choices, empty_label="全部"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="被举报单位",
        empty_label="全部",
        queryset=scoped_institutions,
    )

    class Meta:
        model = Case
        fields = ["q", "state", "open", "overdue", "channel", "category", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(summary__icontains=value)
            | Q(institution__full_name__icontains=value)
            | Q(referred_by__icontains=value)
        )

    def only_open(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES) if value else queryset

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(state__in=OPEN_STATES, due_on__lt=timezone.localdate())
