import django_filters
from django.db.models import Q
from django.utils import timezone

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions

from .choices import OPEN_STATUSES, FollowUpStatus, MatterKind, ProposalState, Stage
from .models import FollowUp, Research
from .selectors import month_end

DUE_CHOICES = (("month", "本月到期（含逾期）"), ("overdue", "已逾期"))


class FollowUpFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或批复事项")
    due = django_filters.ChoiceFilter(
        label="到期", choices=DUE_CHOICES, empty_label="全部", method="filter_due"
    )
    status = django_filters.ChoiceFilter(
        label="问效状态", choices=FollowUpStatus.choices, empty_label="全部"
    )
    stage = django_filters.ChoiceFilter(label="问效节点", choices=Stage.choices, empty_label="全部")
    matter_kind = django_filters.ChoiceFilter(
        label="事项类别", choices=MatterKind.choices, empty_label="全部"
    )
    proposal = django_filters.ChoiceFilter(
        label="处理意见",
        choices=ProposalState.choices,
        empty_label="全部",
        field_name="proposal__state",
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
    )

    class Meta:
        model = FollowUp
        fields = ["q", "due", "status", "stage", "matter_kind", "proposal", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value) | Q(matter__icontains=value)
        )

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        queryset = queryset.filter(status__in=OPEN_STATUSES)
        if value == "overdue":
            return queryset.filter(due_on__lt=today)
        return queryset.filter(due_on__lte=month_end(today))


class ResearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或拟办事项")
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
    )

    class Meta:
        model = Research
        fields = ["q", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value) | Q(subject__icontains=value)
        )
