import django_filters
from django.db.models import Q

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions
from staffing.choices import EstablishmentType

from .choices import ReclaimState, ReclaimTrigger
from .models import ReclaimProposal


class ReclaimProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="单位名称、保留理由或收回文号"
    )
    state = django_filters.ChoiceFilter(
        label="处理结果", choices=ReclaimState.choices, empty_label="全部"
    )
    trigger = django_filters.ChoiceFilter(
        label="触发原因", choices=ReclaimTrigger.choices, empty_label="全部"
    )
    establishment_type = django_filters.ChoiceFilter(
        label="编制类型",
        choices=EstablishmentType.choices,
        empty_label="全部",
        field_name="quota_line__establishment_type",
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        field_name="quota_line__institution",
    )

    class Meta:
        model = ReclaimProposal
        fields = ["q", "state", "trigger", "establishment_type", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quota_line__institution__full_name__icontains=value)
            | Q(keep_reason__icontains=value)
            | Q(adjustment__document__number__icontains=value)
        )
