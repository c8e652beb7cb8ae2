import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone

from bianzhi import access
from bianzhi.pickers import SearchSelect
from orgs.filtersets import scoped_institutions, scoped_regions
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine

from . import idsearch, selectors
from .choices import (
    PersonCategory,
    PostCategory,
    RecordStatus,
    RequestKind,
    RequestState,
    RosterCheck,
)
from .models import ChangeRequest, ChangeRequestItem, EstablishmentRecord
from .names import clean_name

SEARCH_HELP = (
    "姓名；或身份证号：完整号码、列表中显示的脱敏号码或末 4 位"
    "（身份证号加密存储，出生日期等中间部分不能查询）"
)


def scoped_quota_lines(request):
    if request is None:
        return QuotaLine.objects.none()
    return access.restrict(QuotaLine.objects.select_related("institution"), request.user)


class RosterFilterForm(forms.Form):
    """The roster page itself sends whole ID numbers to the person's page (people.views); an ID
    search that cannot be answered (a mistyped number, a part the lists do not show) fails
    here with the reason, so the page keeps the query, lists nobody and says why."""

    def clean_q(self):
        value = (self.cleaned_data.get("q") or "").strip()
        id_query = idsearch.read(value)
        if id_query is None:
            return value
        if not id_query.searchable:
            raise ValidationError(id_query.message)
        return id_query.value


class RosterFilterSet(django_filters.FilterSet):
    """花名册的查询条件. Searching by ID number matches the whole number, or the parts the lists
    show in clear (people.idsearch); never the hidden middle (rule 14: the birth date)."""

    q = django_filters.CharFilter(
        label="搜索",
        method="search",
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"placeholder": "姓名或身份证号", "title": SEARCH_HELP}),
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
        field_name="quota_line__institution",
    )
    quota_line = django_filters.ModelChoiceFilter(
        label="编制", queryset=scoped_quota_lines, widget=forms.HiddenInput
    )
    establishment_type = django_filters.ChoiceFilter(
        label="编制类型",
        choices=EstablishmentType.choices,
        field_name="quota_line__establishment_type",
    )
    post_category = django_filters.ChoiceFilter(label="岗位类别", choices=PostCategory.choices)
    person_category = django_filters.ChoiceFilter(label="人员类别", choices=PersonCategory.choices)
    status = django_filters.ChoiceFilter(
        label="状态", choices=RecordStatus.choices, empty_label="全部"
    )
    check = django_filters.ChoiceFilter(
        label="核对", choices=RosterCheck.choices, empty_label="全部", method="filter_check"
    )

    class Meta:
        model = EstablishmentRecord
        form = RosterFilterForm
        fields = [
            "q",
            "institution",
            "quota_line",
            "establishment_type",
            "post_category",
            "person_category",
            "status",
            "check",
        ]

    def __init__(self, data=None, *args, **kwargs):
        # The roster is of people in establishment; those who left are shown when asked for.
        if data is None or "status" not in data:
            data = data.copy() if data is not None else {}
            data["status"] = RecordStatus.ACTIVE
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        if not value:
            return queryset
        id_query = idsearch.read(value)
        if id_query is not None:
            return idsearch.matching(queryset, id_query, person="person__")
        # Cleaned as stored names are: 王　华 finds 王华.
        return queryset.filter(person__name__icontains=clean_name(value) or value)

    def filter_check(self, queryset, name, value):
        """Both checks are of people in post, whatever the status filter says."""
        if value == RosterCheck.DUPLICATE_NAME:
            # A name is repeated if someone else anywhere in the user's scope holds it, not only
            # among the rows the other filters leave.
            scope = access.restrict(EstablishmentRecord.objects.all(), self.request.user)
            return selectors.sharing_a_name(queryset, among=scope)
        if value == RosterCheck.PAST_RETIREMENT:
            return selectors.active(queryset).filter(selectors.past_retirement_q())
        return queryset


REQUEST_SEARCH_HELP = "单位名称、人员姓名或申报编号（如 2026-00042）"
# 申报编号: the year it was created, a dash and the zero-padded pk; the year is optional.
REQUEST_NUMBER = re.compile(r"^(?:\d{4}-)?0*(\d{1,9})$")
YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


class RequestFilterSet(django_filters.FilterSet):
    """变动申报的查询条件. 迟报 and 逾期未报 are rule 9's flags, computed from the dates."""

    q = django_filters.CharFilter(
        label="搜索",
        method="search",
        help_text=REQUEST_SEARCH_HELP,
        widget=forms.TextInput(
            attrs={"placeholder": "单位、姓名或编号", "title": REQUEST_SEARCH_HELP}
        ),
    )
    state = django_filters.ChoiceFilter(
        label="状态", choices=RequestState.choices, empty_label="全部（不含已作废）"
    )
    kind = django_filters.ChoiceFilter(
        label="类型", choices=RequestKind.choices, empty_label="全部"
    )
    institution = django_filters.ModelChoiceFilter(
        widget=SearchSelect(label_field="full_name"),
        label="单位",
        empty_label="全部",
        queryset=scoped_institutions,
    )
    late = django_filters.BooleanFilter(
        label="迟报", method="filter_late", widget=forms.Select(choices=YES_NO)
    )
    overdue = django_filters.BooleanFilter(
        label="逾期未报", method="filter_overdue", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = ChangeRequest
        fields = ["q", "state", "kind", "institution", "late", "overdue"]

    def __init__(self, data=None, queryset=None, **kwargs):
        # Discarded drafts (已作废) are kept for the record but listed only when asked for.
        if queryset is not None and not (data or {}).get("state"):
            queryset = queryset.exclude(state=RequestState.DISCARDED)
        super().__init__(data, queryset, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        named = ChangeRequestItem.objects.filter(person_name__icontains=value).values("request_id")
        condition = Q(institution__full_name__icontains=value) | Q(pk__in=named)
        number = REQUEST_NUMBER.match(value)
        if number:
            condition |= Q(pk=int(number.group(1)))
        return queryset.filter(condition)

    def filter_late(self, queryset, name, value):
        late = Q(submitted_on__gt=F("due_on"))
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_overdue(self, queryset, name, value):
        overdue = Q(submitted_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class RetirementForecastFilterSet(django_filters.FilterSet):
    """退休预测: the people in post narrowed by region (with its subregions), unit name and type;
    ``retirement_forecast.by_unit`` groups what is left."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="单位全称或简称")
    region = django_filters.ModelChoiceFilter(
        label="行政区划", empty_label="全部", queryset=scoped_regions, method="in_region"
    )
    establishment_type = django_filters.ChoiceFilter(
        label="编制类型",
        field_name="quota_line__establishment_type",
        choices=EstablishmentType.choices,
        empty_label="全部",
    )

    class Meta:
        model = EstablishmentRecord
        fields = ["q", "region", "establishment_type"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quota_line__institution__full_name__icontains=value)
            | Q(quota_line__institution__short_name__icontains=value)
        )

    def in_region(self, queryset, name, value):
        return queryset.filter(quota_line__institution__region__in=value.subtree_ids())
