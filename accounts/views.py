"""账号管理: the office admin's pages for the accounts of its region subtree. Thin views over
accounts.services; every page is behind ``access.ACCOUNTS``."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from bianzhi import access
from bianzhi.excel.views import xlsx_response
from bianzhi.excel.writer import CODE, Column, LedgerWriter
from bianzhi.forms import add_service_errors

from . import services
from .forms import AccountForm, AddressUnlockForm, ClerkAccountsForm, ClerkUnitsFilter, ReasonForm
from .lockouts import locked_addresses, locked_usernames
from .models import LoginEvent
from .signals import MUST_CHANGE_PASSWORD
from .tables import (
    AccessEventFilterSet,
    AccessEventTable,
    AccountFilterSet,
    AccountTable,
    LoginEventFilterSet,
    LoginEventTable,
)


class AccountAdminMixin:
    """Only the office admin; an account outside its subtree is not found."""

    def dispatch(self, request, *args, **kwargs):
        if not access.ACCOUNTS.allows(request.user):
            raise PermissionDenied("您的角色无权管理账号。")
        if "pk" in kwargs:
            self.account = get_object_or_404(
                services.accounts_in_scope(request.user).select_related("scope"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)


class AccountListView(AccountAdminMixin, SingleTableMixin, FilterView):
    template_name = "accounts/account_list.html"
    table_class = AccountTable
    filterset_class = AccountFilterSet
    paginate_by = None

    def get_queryset(self):
        return services.accounts_in_scope(self.request.user).select_related(
            "scope__region", "scope__institution"
        )

    def get_table_pagination(self, table):
        return {"per_page": settings.BIANZHI["LIST_PAGE_SIZE"]}


class AccountDetailView(AccountAdminMixin, TemplateView):
    template_name = "accounts/account_detail.html"

    def get_context_data(self, **kwargs):
        account = self.account
        return super().get_context_data(
            account=account,
            scope=account.scope,
            events=account.account_events.select_related("actor")[:50],
            logins=LoginEvent.objects.filter(user=account)[:20],
            locked=account.username in locked_usernames([account.username]),
            reason_form=ReasonForm(),
            **kwargs,
        )


class AccountFormView(AccountAdminMixin, FormView):
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["account"] = getattr(self, "account", None)
        return kwargs

    def form_valid(self, form):
        try:
            return self.perform(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=getattr(self, "account", None), **kwargs)


class AccountCreateView(AccountFormView):
    def perform(self, data):
        user, password = services.create_account(actor=self.request.user, **data)
        return password_sheet(
            self.request, [(user.scope.region or user.scope.institution, user, password)]
        )


class AccountEditView(AccountFormView):
    def get_initial(self):
        scope = self.account.scope
        return {
            "full_name": self.account.first_name,
            "role": scope.role,
            "region": scope.region,
            "institution": scope.institution,
            "may_see_full_id": scope.may_see_full_id,
            "department": scope.department,
        }

    def perform(self, data):
        services.update_account(actor=self.request.user, user=self.account, **data)
        messages.success(self.request, f"已修改账号“{self.account.username}”。")
        return HttpResponseRedirect(reverse("accounts:account_detail", args=[self.account.pk]))


class AccountActionView(AccountAdminMixin, View):
    """One POSTed action on an account with its reason: deactivate, reactivate, reset, unlock."""

    action = ""
    done = {
        "deactivate": "已停用账号“{}”。",
        "reactivate": "已启用账号“{}”。",
        "unlock": "已解除账号“{}”的登录锁定。",
    }

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        detail = reverse("accounts:account_detail", args=[pk])
        if not form.is_valid():
            messages.error(request, services.REASON_REQUIRED)
            return HttpResponseRedirect(detail)
        reason = form.cleaned_data["reason"]
        actor, account = request.user, self.account
        try:
            if self.action == "reset":
                password = services.reset_password(actor=actor, user=account, reason=reason)
                return password_sheet(
                    request,
                    [(account.scope.region or account.scope.institution, account, password)],
                )
            if self.action == "unlock":
                services.unlock(actor=actor, user=account, reason=reason)
            else:
                active = self.action == "reactivate"
                services.set_active(actor=actor, user=account, active=active, reason=reason)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(detail)
        messages.success(request, self.done[self.action].format(account.username))
        return HttpResponseRedirect(detail)


class ClerkAccountsView(AccountAdminMixin, FormView):
    """批量创建经办人账号: one clerk account per selected unit, the passwords handed out once."""

    template_name = "accounts/clerk_accounts.html"
    form_class = ClerkAccountsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One region's units are listed (a city has thousands); any unit of the admin's
        # subtree may be posted, as the form's own choices say.
        units_filter = ClerkUnitsFilter(self.request.GET or None, user=self.request.user)
        context["units_filter"] = units_filter
        context["units"] = units_filter.units(self.request.user)
        context["chosen"] = {str(pk) for pk in context["form"]["institutions"].value() or ()}
        context["with_clerk"] = set(
            services.institutions_with_clerk().values_list("institution_id", flat=True)
        )
        return context

    def form_valid(self, form):
        try:
            created = services.create_clerk_accounts(
                actor=self.request.user,
                institutions=form.cleaned_data["institutions"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if form.cleaned_data["output"] == "xlsx":
            return password_workbook(self.request, created)
        return password_sheet(self.request, created)


def password_sheet(request, created) -> TemplateResponse:
    """The printable list of new initial passwords: shown this once, kept nowhere."""
    response = TemplateResponse(
        request, "accounts/password_sheet.html", {"created": created, "now": timezone.now()}
    )
    response["Cache-Control"] = "no-store"
    return response


PASSWORD_COLUMNS = [
    Column("单位或区划", lambda row: str(row[0]), width=36),
    Column("用户名", lambda row: row[1].username, kind=CODE, width=20),
    Column("姓名", lambda row: row[1].first_name, width=20),
    Column("初始密码", lambda row: row[2], kind=CODE, width=18),
]


def password_workbook(request, created):
    buffer = io.BytesIO()
    with LedgerWriter(
        buffer,
        title="账号初始密码清单",
        subtitle=f"{settings.BIANZHI['OFFICE_NAME']} · {timezone.localdate():%Y-%m-%d} · 首次登录须修改密码",
        columns=PASSWORD_COLUMNS,
        sheet_name="初始密码",
        totals_label="",
    ) as ledger:
        for row in created:
            ledger.write_row(row)
    response = xlsx_response(buffer.getvalue(), f"账号初始密码_{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


class LoginLogView(AccountAdminMixin, SingleTableMixin, FilterView):
    """登录日志 of the accounts in scope and of names that match no account (attacks), with the
    current lockouts."""

    template_name = "accounts/login_log.html"
    table_class = LoginEventTable
    filterset_class = LoginEventFilterSet
    paginate_by = None

    def get_queryset(self):
        accounts = services.accounts_in_scope(self.request.user)
        return LoginEvent.objects.filter(Q(user__in=accounts) | Q(user__isnull=True))

    def get_table_pagination(self, table):
        return {"per_page": settings.BIANZHI["LIST_PAGE_SIZE"]}

    def get_context_data(self, **kwargs):
        accounts = services.accounts_in_scope(self.request.user)
        return super().get_context_data(
            locked_accounts=accounts.filter(
                username__in=locked_usernames(accounts.values_list("username", flat=True))
            ),
            locked_addresses=locked_addresses(),
            unlock_form=AddressUnlockForm(),
            **kwargs,
        )


class AccessLogView(AccountAdminMixin, SingleTableMixin, FilterView):
    """访问日志: who read full ID numbers and who exported which ledger, for the accounts of the
    admin's subtree; exported as the ``access_log`` ledger with the same filters."""

    template_name = "accounts/access_log.html"
    table_class = AccessEventTable
    filterset_class = AccessEventFilterSet
    paginate_by = None

    def get_queryset(self):
        return services.access_events(self.request.user)

    def get_table_pagination(self, table):
        return {"per_page": settings.BIANZHI["LIST_PAGE_SIZE"]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(export_kind="access_log", **kwargs)


class AddressUnlockView(AccountAdminMixin, View):
    def post(self, request):
        form = AddressUnlockForm(request.POST)
        if form.is_valid():
            services.unlock_address(actor=request.user, ip_address=form.cleaned_data["ip_address"])
            messages.success(request, f"已解除 {form.cleaned_data['ip_address']} 的登录锁定。")
        else:
            messages.error(request, "请填写正确的 IP 地址。")
        return HttpResponseRedirect(reverse("accounts:login_log"))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password; it also ends the duty to change an initial password."""

    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(self.request.user)
        self.request.session.pop(MUST_CHANGE_PASSWORD, None)
        return response
