"""The pages of the annual 用编进人计划 (rule 24): the office's plan of a year (proposals beside
vacancies, attrition and last year's use; headroom and pool per type; 减多增少), its forms, the
plan lines every role sees in its scope, and the plan ledger."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from bianzhi import access
from bianzhi.views import ObjectListView, ScopedViewMixin, ServiceFormView
from people.models import ChangeRequest, EstablishmentRecord

from . import selectors, services
from .filtersets import AnnualPlanFilterSet, PlanLineFilterSet
from .forms import LineSetForm, PlanForm, PlanIssueForm
from .models import AnnualPlan, PlanLine
from .tables import AnnualPlanTable, PlanLedgerTable, PlanLineTable

REGION_PAGE_ONLY = (
    "年度用编进人计划按行政区划编制，仅编办人员和协作部门人员可查看；单位请查看本单位的计划明细。"
)


class RegionRolesOnly:
    def dispatch(self, request, *args, **kwargs):
        if not access.REGION_FIGURES.allows(request.user):
            raise PermissionDenied(REGION_PAGE_ONLY)
        return super().dispatch(request, *args, **kwargs)


class PlanListView(RegionRolesOnly, ObjectListView):
    model = AnnualPlan
    table_class = AnnualPlanTable
    filterset_class = AnnualPlanFilterSet
    title = "用编进人计划"
    add_url_name = "plans:plan_add"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "document")
            .annotate(
                line_count=Count("lines"),
                proposed=Coalesce(Sum("lines__proposed"), Value(0), output_field=IntegerField()),
                approved=Coalesce(Sum("lines__approved"), Value(0), output_field=IntegerField()),
            )
            .order_by("-year", "region__code")
        )


class PlanDetailView(RegionRolesOnly, ScopedViewMixin, DetailView):
    """One region's plan of one year: what the office decides from."""

    model = AnnualPlan
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        today = timezone.localdate()
        lines = access.restrict(plan.lines.all(), user)
        rows = selectors.line_rows(plan, lines, today=today)
        region_records = access.restrict(EstablishmentRecord.objects.all(), user).filter(
            quota_line__institution__region=plan.region_id
        )
        balance = selectors.entries_and_exits(region_records, last_year=min(plan.year, today.year))
        headroom = [
            row
            for row in selectors.headroom(plan, on=today).values()
            if row.proposed or row.total is not None or row.available
        ]
        attrition = selectors.attrition_by_type(region_records, plan.year, today)
        for row in headroom:
            row.retiring = attrition.get(row.establishment_type, (0, 0))
        can_manage = access.can(user, access.Action.CHANGE, AnnualPlan)
        pending = [row.line for row in rows if not row.line.permit_id]
        context.update(
            today=today,
            rows=rows,
            headroom=headroom,
            progress=selectors.progress(lines, plan.year),
            balance=balance,
            can_manage=can_manage,
            can_issue=can_manage
            and plan.year >= today.year
            and any(line.approved for line in pending),
            undecided=sum(1 for line in pending if line.approved is None),
            last_plan=selectors.plan_for_year(plan.region, plan.year - 1),
            next_plan=selectors.plan_for_year(plan.region, plan.year + 1),
        )
        return context


class PlanAddView(ServiceFormView):
    model = AnnualPlan
    action = access.Action.ADD
    form_class = PlanForm
    template_name = "plans/form.html"

    def perform(self, form):
        with transaction.atomic():
            return services.plan_get_or_create(
                region=form.cleaned_data["region"],
                year=form.cleaned_data["year"],
                actor=self.request.user,
            )

    def get_success_message(self, result):
        return f"已建立{result}。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="建立年度用编进人计划", **kwargs)


class _OnObject(ServiceFormView):
    """A form about one object of the user's scope."""

    action = access.Action.CHANGE

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class LineSetView(_OnObject):
    model = PlanLine
    form_class = LineSetForm
    template_name = "plans/line_set.html"

    def get_queryset(self):
        return super().get_queryset().select_related("plan__region", "quota_line__institution")

    def get_initial(self):
        return {
            "approved": self.object.approved
            if self.object.approved is not None
            else self.object.proposed
        }

    def perform(self, form):
        return services.plan_line_set(
            line=self.object,
            approved=form.cleaned_data["approved"],
            reason=form.cleaned_data["reason"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return f"已核定{result.institution.full_name}{result.quota_line.type_label}计划数 {result.approved} 名。"

    def get_success_url(self, result):
        return result.plan.get_absolute_url() + f"#line-{result.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        (row,) = selectors.line_rows(
            self.object.plan, PlanLine.objects.filter(pk=self.object.pk), today=today
        )
        context.update(object=self.object, row=row, title="核定计划数")
        return context


class PlanIssueView(_OnObject):
    model = AnnualPlan
    form_class = PlanIssueForm
    template_name = "plans/plan_issue.html"

    def perform(self, form):
        services.plan_issue(
            plan=self.object, document=form.cleaned_data["document"], actor=self.request.user
        )
        return self.object

    def get_success_message(self, result):
        return f"已下达{result}，并按核定计划数开具用编通知单。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.object.lines.filter(permit__isnull=True).select_related(
            "quota_line__institution"
        )
        context.update(
            object=self.object,
            pending=[line for line in pending if line.approved],
            undecided=sum(1 for line in pending if line.approved is None),
            expires_on=services.permit_expiry(self.object.year),
            title=f"下达{self.object}",
        )
        return context


class PlanLineListView(ObjectListView):
    """计划明细: every role sees the lines of its scope (a unit its own proposals and plan)."""

    model = PlanLine
    table_class = PlanLineTable
    filterset_class = PlanLineFilterSet
    title = "用编进人计划明细"
    template_name = "plans/line_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("plan", "quota_line__institution", "permit")
            .annotate(used=Count("permit__records"))
            .order_by("-plan__year", "quota_line__institution__sort_order", "pk")
        )

    def get_context_data(self, **kwargs):
        can_propose = access.can(self.request.user, access.Action.ADD, ChangeRequest)
        return super().get_context_data(can_propose=can_propose, **kwargs)


class PlanLedgerView(ObjectListView):
    """用编进人计划台账 of a year: per unit and type 计划数, 已使用, 预计减员, 空编."""

    model = PlanLine
    table_class = PlanLedgerTable
    filterset_class = PlanLineFilterSet
    template_name = "plans/ledger.html"
    title = "用编进人计划台账"
    export_kind = "annual_plan"

    def get_table_data(self):
        return selectors.ledger_rows(self.object_list, self.year, timezone.localdate())

    @property
    def year(self) -> int:
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() else timezone.localdate().year

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, **kwargs)


def plan_url(region, year: int) -> str | None:
    plan = selectors.plan_for_year(region, year)
    return reverse("plans:plan_detail", args=[plan.pk]) if plan else None
