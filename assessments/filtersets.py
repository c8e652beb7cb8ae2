import django_filters
from django.db.models import Q

from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions

from .choices import EvaluationStatus, Grade, RoundStage, SchemeUse
from .models import Evaluation, Round, Scheme


class SchemeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains")
    use = django_filters.ChoiceFilter(label="用途", choices=SchemeUse.choices, empty_label="全部")
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Scheme
        fields = ["q", "use", "year"]


class RoundFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="name", lookup_expr="icontains")
    use = django_filters.ChoiceFilter(
        label="用途", choices=SchemeUse.choices, empty_label="全部", field_name="scheme__use"
    )
    stage = django_filters.ChoiceFilter(
        label="阶段", choices=RoundStage.choices, empty_label="全部"
    )

    class Meta:
        model = Round
        fields = ["q", "use", "stage"]


class EvaluationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位名称或批次名称")
    use = django_filters.ChoiceFilter(
        label="用途", choices=SchemeUse.choices, empty_label="全部", field_name="scheme__use"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=EvaluationStatus.choices, empty_label="全部"
    )
    grade = django_filters.ChoiceFilter(label="等次", choices=Grade.choices, empty_label="全部")
    round = django_filters.NumberFilter(
        label="批次", widget=django_filters.widgets.forms.HiddenInput
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
    )

    class Meta:
        model = Evaluation
        fields = ["q", "use", "status", "grade", "round", "institution"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value) | Q(round__name__icontains=value)
        )
