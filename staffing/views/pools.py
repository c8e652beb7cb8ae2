"""编制周转池 (rule 26) and 高层次人才专项编制 (rule 27): the pools with what is lent out, due back
and overdue; one pool's loans and history; borrowing and taking back slots; the special quotas and
permits on them. Figures come from ``staffing.pool_figures``, writes from ``staffing.pools`` and
``staffing.special_quotas``."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
    table_pagination,
)

from ..choices import SlotReturnCause
from ..models import AdjustmentLine, PoolBalance, PoolLoan, QuotaLine, SpecialQuota
from ..pool_figures import (
    loans_with_figures,
    overdue_loans,
    pool_figures,
    specials_with_figures,
)
from ..pool_forms import LoanForm, LoanReturnForm, SpecialPermitForm, SpecialQuotaForm
from ..pool_tables import LoanFilterSet, LoanTable, SpecialQuotaFilterSet, SpecialQuotaTable
from ..pools import loan_lend, loan_return
from ..special_quotas import special_permit_issue, special_quota_grant
from .base import StaffingFormView

POOL_PAGE_ONLY = "编制周转池按行政区划管理，仅编办人员和协作部门人员可查看。"


def _loans(user):
    return loans_with_figures(
        access.restrict(PoolLoan.objects.all(), user).select_related(
            "pool", "quota_line__institution"
        )
    )


class RegionPoolMixin:
    """Pools are region figures: institution-scoped roles see their loans on their unit page."""

    def dispatch(self, request, *args, **kwargs):
        if not access.REGION_FIGURES.allows(request.user):
            raise PermissionDenied(POOL_PAGE_ONLY)
        return super().dispatch(request, *args, **kwargs)


class PoolListView(RegionPoolMixin, ScopedViewMixin, TemplateView):
    """编制周转池: each pool's balance, lent out, due back and overdue, and the overdue loans."""

    model = PoolBalance
    template_name = "staffing/pool_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        pools = access.restrict(PoolBalance.objects.select_related("region"), user)
        figures = pool_figures(pools, today)
        overdue = overdue_loans(
            access.restrict(PoolLoan.objects.all(), user).select_related(
                "pool", "quota_line__institution"
            ),
            today,
        )
        table = LoanTable(overdue.order_by("due_on", "pk"))
        RequestConfig(self.request, paginate=table_pagination(25)).configure(table)
        context.update(
            today=today,
            rows=[(pool, figures.get(pool.pk)) for pool in pools],
            overdue=table,
            can_lend=access.can(user, access.Action.ADD, PoolLoan),
            can_change=access.can(user, access.Action.CHANGE, PoolLoan),
        )
        return context


class PoolDetailView(RegionPoolMixin, ObjectDetailView):
    """One pool: its figures, its loans (paginated, searchable) and its history (the adjustment
    lines that moved it)."""

    model = PoolBalance
    queryset = PoolBalance.objects.select_related("region")
    template_name = "staffing/pool_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pool = self.object
        today = timezone.localdate()
        loans = _loans(self.request.user).filter(pool=pool)
        query = self.request.GET.get("q", "").strip()
        if query:
            loans = loans.filter(
                Q(quota_line__institution__full_name__icontains=query) | Q(purpose__icontains=query)
            )
        table = LoanTable(loans, exclude=["pool"])
        RequestConfig(self.request, paginate=table_pagination(25)).configure(table)
        history = (
            AdjustmentLine.objects.filter(
                institution__isnull=True,
                adjustment__region=pool.region,
                establishment_type=pool.establishment_type,
                pool_purpose=pool.purpose,
            )
            .select_related("adjustment__document")
            .order_by("-adjustment__applied_at", "-pk")
        )
        context.update(
            today=today,
            figures=pool_figures(PoolBalance.objects.filter(pk=pool.pk), today).get(pool.pk),
            loans=table,
            q=query,
            history=history[:100],
            can_lend=access.can(self.request.user, access.Action.ADD, PoolLoan),
            can_change=access.can(self.request.user, access.Action.CHANGE, PoolLoan),
        )
        return context


class LoanListView(ObjectListView):
    """周转池借用: every loan in the user's scope (a clerk sees its unit's); the ledger's page."""

    model = PoolLoan
    table_class = LoanTable
    filterset_class = LoanFilterSet
    export_kind = "pool_loans"
    add_url_name = "staffing:loan_add"
    title = "周转池借用"

    def get_queryset(self):
        return loans_with_figures(
            super().get_queryset().select_related("pool", "quota_line__institution")
        ).order_by("-lent_on", "-pk")


class LoanAddView(StaffingFormView):
    model = PoolLoan
    form_class = LoanForm
    title = "借用周转池编制"

    def get_initial(self):
        initial = super().get_initial()
        pool = self.scoped(PoolBalance, self.request.GET.get("pool"))
        if pool is not None:
            initial["pool"] = pool.pk
        return initial

    def perform(self, form):
        return loan_lend(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return (
            f"已借出 {result.count} 名编制给“{result.quota_line.institution.full_name}”，"
            f"并核发用编通知单“{result.permit.number}”。"
        )


class LoanReturnView(ObjectActionView):
    """收回借用编制 (the office, e.g. past due), behind a confirmation page."""

    model = PoolLoan
    action = access.Action.CHANGE
    form_class = LoanReturnForm
    confirm_button = "确认收回"
    template_name = "staffing/loan_return.html"

    def get_queryset(self):
        return loans_with_figures(
            super().get_queryset().select_related("pool__region", "quota_line__institution")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["outstanding"] = max(self.object.outstanding, 1)
        return kwargs

    def perform(self, form):
        today = timezone.localdate()
        overdue = self.object.due_on is not None and self.object.due_on < today
        return loan_return(
            loan=self.object,
            count=form.cleaned_data["count"],
            cause=SlotReturnCause.DUE if overdue else SlotReturnCause.OFFICE,
            returned_on=today,
            document=form.cleaned_data["document"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return f"已收回 {result.count} 名借用编制到周转池。"

    def get_success_url(self, result):
        return reverse("staffing:pool_detail", args=[self.object.pool_id])


class SpecialQuotaListView(ObjectListView):
    """高层次人才专项编制 in the user's scope (a clerk sees its unit's), with 核定/实有/可用."""

    model = SpecialQuota
    table_class = SpecialQuotaTable
    filterset_class = SpecialQuotaFilterSet
    export_kind = "special_quotas"
    add_url_name = "staffing:special_quota_add"
    title = "高层次人才专项编制"

    def get_queryset(self):
        return specials_with_figures(
            super().get_queryset().select_related("quota_line__institution", "source", "document")
        ).order_by("-approved_on", "-pk")


class SpecialQuotaAddView(StaffingFormView):
    model = SpecialQuota
    form_class = SpecialQuotaForm
    title = "核定高层次人才专项编制"

    def get_initial(self):
        initial = super().get_initial()
        line = self.scoped(QuotaLine, self.request.GET.get("quota_line"))
        if line is not None:
            initial["quota_line"] = line.pk
        return initial

    def perform(self, form):
        return special_quota_grant(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已核定“{result.quota_line.institution.full_name}”人才专项编制 {result.count} 名。"

    def get_success_url(self, result):
        return reverse("staffing:special_quota_list")


class SpecialPermitAddView(StaffingFormView):
    """核准使用人才专项编制: a permit on the special quota's own free slots (rule 27)."""

    model = SpecialQuota
    form_class = SpecialPermitForm
    title = "核准使用人才专项编制"

    def dispatch(self, request, *args, **kwargs):
        self.special = None
        if access.can(request.user, access.Action.ADD, SpecialQuota):
            self.special = self.scoped(SpecialQuota, kwargs["pk"])
            if self.special is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}：{self.special}"
        return context

    def perform(self, form):
        return special_permit_issue(
            special_quota=self.special, actor=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return f"已核准用编通知单“{result.number}”（人才专项编制），核准 {result.count} 名。"
