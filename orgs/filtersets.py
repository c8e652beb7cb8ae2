import django_filters
from django.db.models import Exists, OuterRef, Q

from bianzhi import access
from bianzhi.pickers import SearchSelect

from .choices import Category, InstitutionKind, Level, Sector, Status, System
from .models import ApprovalDocument, Institution, InternalDepartment, Region


def scoped_regions(request):
    return access.restrict(Region.objects.all(), request.user) if request else Region.objects.none()


def scoped_institutions(request):
    if request is None:
        return Institution.objects.none()
    return access.restrict(Institution.objects.filter(status=Status.ACTIVE), request.user)


def scoped_parents(request):
    """主管部门 to filter by: institutions in scope that have subordinate units (a few hundred
    in a city, where offering all 6,700 units made the list page slow and the choice useless)."""
    children = Institution.objects.filter(parent=OuterRef("pk"))
    return scoped_institutions(request).filter(Exists(children))


class InstitutionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="机构全称、简称、其他名称或统一社会信用代码"
    )
    region = django_filters.ModelChoiceFilter(
        label="行政区划", empty_label="全部", queryset=scoped_regions
    )
    parent = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="主管部门",
        empty_label="全部",
        queryset=scoped_parents,
    )
    kind = django_filters.ChoiceFilter(label="单位类型", choices=InstitutionKind.choices)
    system = django_filters.ChoiceFilter(label="系统类别", choices=System.choices)
    category = django_filters.ChoiceFilter(label="机构类别", choices=Category.choices)
    sector = django_filters.ChoiceFilter(label="分类管理领域", choices=Sector.choices)
    level = django_filters.ChoiceFilter(label="机构规格", choices=Level.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")

    class Meta:
        model = Institution
        fields = [
            "q",
            "region",
            "parent",
            "kind",
            "system",
            "category",
            "sector",
            "level",
            "status",
        ]

    def __init__(self, data=None, *args, **kwargs):
        # Abolished institutions are history: shown only when asked for.
        if data is None or "status" not in data:
            data = data.copy() if data is not None else {}
            data["status"] = Status.ACTIVE
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(other_names__icontains=value)
            | Q(credit_code__iexact=value.upper())
        )


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="内设机构或所属机构名称")
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="所属机构",
        empty_label="全部",
        queryset=scoped_institutions,
    )
    level = django_filters.ChoiceFilter(label="规格", choices=Level.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)

    class Meta:
        model = InternalDepartment
        fields = ["q", "institution", "level", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(institution__full_name__icontains=value)
        )


class DocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="文号、标题或发文机关")
    region = django_filters.ModelChoiceFilter(
        label="所属区划", empty_label="全部", queryset=scoped_regions
    )
    issued_after = django_filters.DateFilter(
        label="发文日期自", field_name="issued_on", lookup_expr="gte"
    )
    issued_before = django_filters.DateFilter(
        label="发文日期至", field_name="issued_on", lookup_expr="lte"
    )

    class Meta:
        model = ApprovalDocument
        fields = ["q", "region", "issued_after", "issued_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(issuer__icontains=value)
        )
