import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from bianzhi.access import Role
from bianzhi.forms import DateInput
from bianzhi.models import AccessAction, AccessEvent, IdNumbers
from bianzhi.pickers import SearchSelect, register_scope

from .models import LoginEvent
from .services import accounts_in_scope

# The accounts a picker offers an office admin: those it manages (a city has one per unit).
register_scope("auth.user")(accounts_in_scope)


def accounts_of_request(request):
    if request is None:
        return get_user_model().objects.none()
    return accounts_in_scope(request.user).order_by("username")


class AccountTable(tables.Table):
    username = tables.LinkColumn(
        "accounts:account_detail", args=[tables.A("pk")], verbose_name="用户名"
    )
    first_name = tables.Column(verbose_name="姓名")
    role = tables.Column(
        accessor="scope__get_role_display", verbose_name="角色", order_by="scope__role"
    )
    place = tables.Column(
        accessor="scope",
        verbose_name="范围",
        order_by=("scope__region__code", "scope__institution__full_name"),
    )
    is_active = tables.BooleanColumn(verbose_name="启用", yesno="是,已停用")
    last_login = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="最近登录")

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "role", "place", "is_active", "last_login"]
        order_by = ("username",)

    def render_place(self, value):
        return value.region or value.institution


class AccountFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="用户名、姓名或机构名称")
    role = django_filters.ChoiceFilter(
        field_name="scope__role", label="角色", choices=Role.choices, empty_label="全部"
    )
    is_active = django_filters.BooleanFilter(
        label="状态",
        widget=forms.Select(choices=[("", "全部"), ("true", "启用"), ("false", "已停用")]),
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(scope__institution__full_name__icontains=value)
        )


class LoginEventTable(tables.Table):
    at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="时间")
    kind = tables.Column(verbose_name="结果")
    username = tables.Column(verbose_name="用户名")
    ip_address = tables.Column(verbose_name="IP 地址")
    user_agent = tables.Column(verbose_name="浏览器", attrs={"td": {"class": "small text-muted"}})

    class Meta:
        model = LoginEvent
        fields = ["at", "kind", "username", "ip_address", "user_agent"]
        order_by = ("-at",)


class LoginEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search", help_text="用户名或 IP 地址")
    kind = django_filters.ChoiceFilter(
        label="结果", choices=LoginEvent.Kind.choices, empty_label="全部"
    )

    class Meta:
        model = LoginEvent
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(ip_address__startswith=value))


class AccessEventTable(tables.Table):
    """访问日志 page and its ledger (accounts.ledgers): one table definition."""

    at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="时间")
    user = tables.Column(accessor="user__username", verbose_name="用户", order_by="user__username")
    action = tables.Column(verbose_name="操作")
    label = tables.Column(verbose_name="对象", linkify=lambda record: record.url or None)
    scope = tables.Column(verbose_name="范围", attrs={"td": {"class": "small"}})
    id_numbers = tables.Column(verbose_name="身份证号")
    query = tables.Column(verbose_name="查询条件")
    ip_address = tables.Column(verbose_name="IP 地址")

    class Meta:
        model = AccessEvent
        fields = ["at", "user", "action", "label", "scope", "id_numbers", "query", "ip_address"]
        order_by = ("-at",)


class AccessEventFilterSet(django_filters.FilterSet):
    """Filters of the access log: the account (of the admin's subtree), the action, the days and
    whether full ID numbers were shown."""

    user = django_filters.ModelChoiceFilter(
        label="用户",
        queryset=accounts_of_request,
        empty_label="全部",
        widget=SearchSelect(
            label_field="username",
            search_fields=("username", "first_name"),
            placeholder="输入用户名或姓名搜索",
        ),
    )
    action = django_filters.ChoiceFilter(
        label="操作", choices=AccessAction.choices, empty_label="全部"
    )
    id_numbers = django_filters.ChoiceFilter(
        label="身份证号", choices=IdNumbers.choices, empty_label="全部"
    )
    since = django_filters.DateFilter(
        label="起始日期", field_name="at", lookup_expr="date__gte", widget=DateInput
    )
    until = django_filters.DateFilter(
        label="截止日期", field_name="at", lookup_expr="date__lte", widget=DateInput
    )

    class Meta:
        model = AccessEvent
        fields = ["user", "action", "id_numbers", "since", "until"]
