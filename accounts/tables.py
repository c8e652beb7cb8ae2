import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from bianzhi.access import Role

from .models import LoginEvent


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
