import django_filters
from django.db.models import Q

from bianzhi import access
from bianzhi.pickers import SearchSelect

from .choices import FILED_STATUS_CHOICES, HospitalCategory
from .models import FiledStaffRecord, Hospital


def scoped_hospitals(request):
    return access.restrict(
        Hospital.objects.select_related("institution"), getattr(request, "user", None)
    )


class HospitalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="医院名称")
    category = django_filters.ChoiceFilter(
        label="类别", choices=HospitalCategory.choices, empty_label="全部"
    )

    class Meta:
        model = Hospital
        fields = ["q", "category"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value) | Q(institution__short_name__icontains=value)
        )


class FiledStaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名")
    hospital = django_filters.ModelChoiceFilter(
        label="医院",
        queryset=scoped_hospitals,
        empty_label="全部",
        widget=SearchSelect(
            search_fields=("institution__full_name",),
            related=("institution",),
            placeholder="输入医院名称搜索",
        ),
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=FILED_STATUS_CHOICES, empty_label="全部"
    )

    class Meta:
        model = FiledStaffRecord
        fields = ["q", "hospital", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(person__name__icontains=value) if value else queryset
