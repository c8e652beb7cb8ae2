"""接口令牌管理: the office admin creates (the secret shown once), lists and revokes the tokens of
partner systems. Thin views over api.services."""

import django_tables2 as tables
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.generic import FormView
from django_tables2 import SingleTableView

from bianzhi import access
from orgs.models import Region

from . import services
from .models import Masking, PartnerToken


class TokenAdminMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.ACCOUNTS.allows(request.user):
            raise PermissionDenied("只有编办管理员可以管理接口令牌。")
        return super().dispatch(request, *args, **kwargs)


class TokenTable(tables.Table):
    system = tables.Column(verbose_name="对接系统")
    department = tables.Column(verbose_name="对接部门")
    region = tables.Column(verbose_name="数据范围")
    masking = tables.Column(verbose_name="身份证号显示", accessor="get_masking_display")
    prefix = tables.Column(verbose_name="令牌前缀")
    created = tables.Column(verbose_name="创建", accessor="created_at", order_by="created_at")
    state = tables.Column(
        verbose_name="状态", accessor="revoked_at", orderable=False, empty_values=()
    )

    class Meta:
        model = PartnerToken
        fields = ["system", "department", "region", "masking", "prefix", "created", "state"]
        order_by = ("-created",)

    def render_masking(self, record):
        return "完整" if record.masking == Masking.FULL else "脱敏"

    def render_prefix(self, value):
        return format_html("<code>bz_{}…</code>", value)

    def render_created(self, record):
        return f"{record.created_at:%Y-%m-%d %H:%M} · {record.created_by}"

    def render_state(self, record):
        if record.revoked:
            return f"已吊销（{record.revoked_at:%Y-%m-%d %H:%M} · {record.revoked_by}）"
        return format_html(
            '有效 <a class="btn btn-outline-danger btn-sm ms-2" href="{}">吊销</a>',
            reverse("api:token_revoke", args=[record.pk]),
        )


class TokenListView(TokenAdminMixin, SingleTableView):
    template_name = "api/token_list.html"
    table_class = TokenTable

    def get_queryset(self):
        return services.tokens_in_scope(self.request.user)

    def get_table_pagination(self, table):
        return {"per_page": settings.BIANZHI["LIST_PAGE_SIZE"]}


class TokenForm(forms.Form):
    system = forms.CharField(label="对接系统", max_length=100, help_text="如：县人社局工资统发系统")
    department = forms.ChoiceField(label="对接部门", choices=access.Department.choices)
    region = forms.ModelChoiceField(
        label="数据范围", queryset=Region.objects.none(), help_text="可读取此区划及其下级区划的数据"
    )
    masking = forms.ChoiceField(
        label="身份证号显示",
        choices=Masking.choices,
        initial=Masking.MASKED,
        help_text="默认脱敏；只有确需完整身份证号的系统（如工资统发）才选完整，每次调用均记入访问日志",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = access.user_scope(user)
        ids = scope.region_ids() if scope else ()
        self.fields["region"].queryset = Region.objects.filter(pk__in=ids).order_by("code")


class TokenCreateView(TokenAdminMixin, FormView):
    template_name = "api/token_form.html"
    form_class = TokenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            issued = services.issue(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        # Shown this once: only its hash is kept.
        return TemplateResponse(
            self.request, "api/token_created.html", {"token": issued.token, "secret": issued.secret}
        )


class TokenRevokeView(TokenAdminMixin, FormView):
    template_name = "api/token_revoke.html"
    form_class = forms.Form

    def dispatch(self, request, *args, **kwargs):
        if access.ACCOUNTS.allows(request.user):
            self.token = get_object_or_404(services.tokens_in_scope(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.token, **kwargs)

    def form_valid(self, form):
        try:
            services.revoke(self.token, actor=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
        else:
            messages.success(
                self.request, f"已吊销“{self.token.system}”的接口令牌，此后的调用将被拒绝。"
            )
        return HttpResponseRedirect(reverse("api:token_list"))
