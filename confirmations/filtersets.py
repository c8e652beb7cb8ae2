import django_filters
from django.db.models import Q

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions
from people.models import EstablishmentRecord

from . import selectors
from .choices import ConfirmationState, StatusKind


class WorklistFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名或单位名称")
    state = django_filters.ChoiceFilter(
        label="确认状态",
        choices=ConfirmationState.choices,
        empty_label="全部",
        method="in_state",
    )
    kind = django_filters.ChoiceFilter(
        label="身份状态", choices=StatusKind.choices, empty_label="全部", field_name="status_kind"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        field_name="quota_line__institution",
    )

    class Meta:
        model = EstablishmentRecord
        fields = ["q", "state", "kind", "institution"]

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A partner's worklist holds one status: the filter would offer nothing.
        if len(kinds) < 2:
            del self.filters["kind"]

    def in_state(self, queryset, name, value):
        return selectors.in_state(queryset, value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(person__name__icontains=value)
            | Q(quota_line__institution__full_name__icontains=value)
        )
