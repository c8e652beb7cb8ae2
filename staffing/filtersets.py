import django_filters
from django.db.models import Q

from bianzhi import access
from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions
from orgs.models import ApprovalDocument, Institution

from .choices import AdjustmentKind, PermitPurpose, PermitStatus, PostKind, PushDownMode
from .models import Adjustment, AdjustmentLine, LeadershipQuota, QuotaLine, UsagePermit

PUSH_DOWN_ANY = "any"


def every_scoped_institution(request):
    """Institutions in scope, abolished ones included: their history stays searchable."""
    if request is None:
        return Institution.objects.none()
    return access.restrict(Institution.objects.order_by("status", "sort_order"), request.user)


def adjustment_documents(request):
    if request is None:
        return ApprovalDocument.objects.none()
    return access.restrict(
        ApprovalDocument.objects.filter(adjustments__isnull=False).distinct(), request.user
    )


# A quota line searched by its unit's name, shown as 单位 · 编制类型.
QUOTA_LINE_PICKER = SearchSelect(
    search_fields=("institution__full_name",),
    related=("institution",),
    placeholder="输入单位名称搜索",
)


def scoped_quota_lines(request):
    if request is None:
        return QuotaLine.objects.none()
    return access.restrict(
        QuotaLine.objects.select_related("institution").order_by(
            "institution__sort_order", "institution__full_name", "establishment_type"
        ),
        request.user,
    )


class AdjustmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="文号或调整事项")
    kind = django_filters.ChoiceFilter(
        label="事项类别", choices=AdjustmentKind.choices, empty_label="全部"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="涉及单位",
        empty_label="全部",
        queryset=every_scoped_institution,
        method="touching",
    )
    document = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="number"),
        label="批准文件",
        empty_label="全部",
        queryset=adjustment_documents,
    )
    effective_after = django_filters.DateFilter(
        label="生效日期自", field_name="effective_on", lookup_expr="gte"
    )
    effective_before = django_filters.DateFilter(
        label="生效日期至", field_name="effective_on", lookup_expr="lte"
    )
    push_down = django_filters.ChoiceFilter(
        label="编制下沉",
        choices=[(PUSH_DOWN_ANY, "下沉（全部）"), *PushDownMode.choices],
        empty_label="全部",
        method="pushed_down",
    )

    class Meta:
        model = Adjustment
        fields = [
            "q",
            "kind",
            "push_down",
            "institution",
            "document",
            "effective_after",
            "effective_before",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(document__number__icontains=value) | Q(summary__icontains=value))

    def pushed_down(self, queryset, name, value):
        if value == PUSH_DOWN_ANY:
            return queryset.exclude(push_down="")
        return queryset.filter(push_down=value)

    def touching(self, queryset, name, value):
        # A subquery, not a join: an adjustment with two lines of one unit is listed once.
        lines = AdjustmentLine.objects.filter(institution=value).values("adjustment_id")
        return queryset.filter(pk__in=lines)


class PermitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="通知单编号或单位名称")
    status = django_filters.ChoiceFilter(
        label="状态", choices=PermitStatus.choices, empty_label="全部"
    )
    purpose = django_filters.ChoiceFilter(
        label="用途", choices=PermitPurpose.choices, empty_label="全部"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        field_name="quota_line__institution",
    )
    quota_line = django_filters.ModelChoiceFilter(
        label="编制",
        empty_label="全部",
        queryset=scoped_quota_lines,
        widget=QUOTA_LINE_PICKER,
    )
    issued_after = django_filters.DateFilter(
        label="核准日期自", field_name="issued_on", lookup_expr="gte"
    )
    issued_before = django_filters.DateFilter(
        label="核准日期至", field_name="issued_on", lookup_expr="lte"
    )

    class Meta:
        model = UsagePermit
        fields = [
            "q",
            "status",
            "purpose",
            "institution",
            "quota_line",
            "issued_after",
            "issued_before",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(quota_line__institution__full_name__icontains=value)
        )


class LeadershipFilterSet(django_filters.FilterSet):
    STAFFING = [("short", "缺配"), ("over", "超配"), ("full", "配齐")]

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="机构、内设机构或职务名称"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="机构",
        empty_label="全部",
        queryset=scoped_institutions,
    )
    post_kind = django_filters.ChoiceFilter(
        label="职务类别", choices=PostKind.choices, empty_label="全部"
    )
    staffing = django_filters.ChoiceFilter(
        label="配备情况", choices=STAFFING, empty_label="全部", method="by_staffing"
    )

    class Meta:
        model = LeadershipQuota
        fields = ["q", "institution", "post_kind", "staffing"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(institution__full_name__icontains=value)
            | Q(department__name__icontains=value)
            | Q(post_title__icontains=value)
        )

    def by_staffing(self, queryset, name, value):
        # ``shortfall`` and ``excess`` are annotated by selectors.leadership_with_figures.
        if value == "short":
            return queryset.filter(shortfall__gt=0)
        if value == "over":
            return queryset.filter(excess__gt=0)
        return queryset.filter(shortfall=0, excess=0)
