import django_filters
from django.db.models import Q

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions

from .choices import FindingKind, RunStatus
from .models import PayrollFinding, PayrollRun

RECORDED = (("yes", "已登记问题"), ("no", "未登记问题"))


def scoped_runs(request):
    from bianzhi import access

    if request is None:
        return PayrollRun.objects.none()
    return access.restrict(PayrollRun.objects.all(), request.user)


class PayrollRunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="状态", choices=RunStatus.choices, empty_label="全部"
    )

    class Meta:
        model = PayrollRun
        fields = ["status"]


class PayrollFindingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、单位或说明")
    run = django_filters.ModelChoiceFilter(
        label="核对批次", queryset=scoped_runs, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(
        label="不符类型", choices=FindingKind.choices, empty_label="全部"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        method="of_unit",
    )
    recorded = django_filters.ChoiceFilter(
        label="问题登记", choices=RECORDED, empty_label="全部", method="by_recorded"
    )

    class Meta:
        model = PayrollFinding
        fields = ["q", "run", "kind", "institution", "recorded"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(paid_unit__icontains=value)
            | Q(institution__full_name__icontains=value)
            | Q(detail__icontains=value)
        )

    def of_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(institution=value) | Q(paid_institution=value))

    def by_recorded(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(problem__isnull=False)
        if value == "no":
            return queryset.filter(problem__isnull=True)
        return queryset
