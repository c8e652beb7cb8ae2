"""Pages of establishment quotas for the office: the per-institution establishment page, adjustments,
usage permits, region totals and leadership quotas. Figures come from ``staffing.selectors``,
writes go through ``staffing.services``; a write that changes figures is first shown as before →
after and only the confirming re-post calls the service."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ScopedViewMixin,
    ServiceFormView,
)
from orgs.choices import Status
from orgs.models import Institution

from . import selectors, services
from .choices import AdjustmentKind, PermitStatus
from .filtersets import AdjustmentFilterSet, LeadershipFilterSet, PermitFilterSet
from .forms import AdjustmentForm, CancelForm, LeadershipQuotaForm, PermitForm, RegionTotalForm
from .models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    PoolBalance,
    QuotaLine,
    RegionTotal,
    UsagePermit,
)
from .tables import AdjustmentTable, LeadershipTable, PermitTable

REGION_PAGE_ONLY = "编制总量控制按行政区划管理，仅编办人员和协作部门人员可查看。"


def url_or_none(name: str) -> str | None:
    """A page of another app that may not exist yet (the figures then show without a link)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def current_holders() -> Prefetch:
    """Current appointments of each leadership quota, with the person, in one query."""
    appointment = LeadershipQuota._meta.get_field("appointments").related_model
    return Prefetch(
        "appointments",
        queryset=appointment.objects.filter(ended_on__isnull=True)
        .select_related("person")
        .order_by("started_on", "pk"),
        to_attr="holders",
    )


def with_use(permits):
    """Permits with how many records used them (已使用) and what is left (剩余).

    The ordering is restated: a grouped query does not apply the model's default ordering.
    """
    return (
        permits.annotate(used=Count("records"))
        .annotate(remaining=F("count") - F("used"))
        .order_by(*UsagePermit._meta.ordering)
    )


class StaffingFormView(ServiceFormView):
    """A form for office roles (the action is 'add': the base view refuses other roles)."""

    action = access.Action.ADD
    template_name = "staffing/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

    def scoped(self, model, pk):
        """The object ``pk`` of ``model`` if the user may see it (for prefilling), else None."""
        if not str(pk or "").isdigit():
            return None
        return access.restrict(model.objects.all(), self.request.user).filter(pk=pk).first()


class ConfirmedFormView(StaffingFormView):
    """Two steps: a valid form is first shown with its before → after figures and nothing is
    written; the confirming re-post (``confirm=1``) of the same data calls the service."""

    def form_valid(self, form):
        if self.request.POST.get("confirm") == "1":
            return super().form_valid(form)
        if self.request.POST.get("edit"):
            return self.render_to_response(self.get_context_data(form=form))
        repost = [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in {"csrfmiddlewaretoken", "confirm", "edit"}
            for value in values
        ]
        return self.render_to_response(
            self.get_context_data(form=form, preview=self.preview(form), repost=repost)
        )

    def preview(self, form):
        return form.preview()


# --- the establishment of one institution ----------------------------------------------------


class InstitutionEstablishmentView(ObjectDetailView):
    """编制情况: the figures of each quota line, leadership posts and holders, and the 沿革."""

    model = Institution
    queryset = Institution.objects.select_related("region", "parent")
    template_name = "staffing/institution_establishment.html"
    tab = "establishment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institution = self.object
        leadership = selectors.leadership_with_figures(
            institution.leadership_quotas.select_related("department", "document")
        ).prefetch_related(current_holders())
        context.update(
            ancestors=list(reversed(institution.ancestors())),
            lines=selectors.institution_lines(institution),
            leadership=leadership.order_by("department__sort_order", "department_id", "post_kind"),
            history=AdjustmentLine.objects.filter(institution=institution)
            .select_related("adjustment__document")
            .order_by("-adjustment__effective_on", "-adjustment_id", "pk"),
            open_permits=with_use(
                UsagePermit.objects.filter(
                    quota_line__institution=institution, status=PermitStatus.OPEN
                ).select_related("quota_line")
            ),
            people_list_url=url_or_none("people:person_list"),
            person_pages=url_or_none("people:person_list") is not None,
            can_manage=access.can(self.request.user, access.Action.ADD, Adjustment)
            and institution.is_active,
        )
        return context


# --- adjustments -----------------------------------------------------------------------------


class AdjustmentListView(ObjectListView):
    model = Adjustment
    table_class = AdjustmentTable
    filterset_class = AdjustmentFilterSet
    add_url_name = "staffing:adjustment_add"
    title = "编制调整"

    def get_queryset(self):
        # Only the lines the user may see: a clerk sees its own side of a transfer.
        lines = access.restrict(AdjustmentLine.objects.all(), self.request.user)
        return (
            super()
            .get_queryset()
            .select_related("document")
            .prefetch_related(
                Prefetch("lines", queryset=lines.select_related("institution"), to_attr="shown")
            )
        )


class AdjustmentDetailView(ObjectDetailView):
    model = Adjustment
    queryset = Adjustment.objects.select_related("document", "region", "applied_by")
    template_name = "staffing/adjustment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = access.restrict(
            self.object.lines.select_related("institution"), self.request.user
        )
        return context


class AdjustmentHistoryView(ObjectHistoryView):
    model = Adjustment
    queryset = Adjustment.objects.select_related("document")


class AdjustmentAddView(ConfirmedFormView):
    model = Adjustment
    form_class = AdjustmentForm
    template_name = "staffing/adjustment_form.html"
    title = "编制调整"

    def prefill_institution(self):
        return self.scoped(Institution, self.request.GET.get("institution"))

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("kind") in AdjustmentKind.values:
            initial["kind"] = self.request.GET["kind"]
        institution = self.prefill_institution()
        if institution is not None:
            initial["region"] = institution.region_id
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        institution = self.prefill_institution()
        if institution is not None:
            kwargs["initial_lines"] = [{"institution": institution.pk}]
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        return services.adjustment_apply(
            region=data["region"],
            kind=data["kind"],
            summary=data["summary"],
            document=data["document"],
            effective_on=data["effective_on"],
            over_establishment_reason=data["over_establishment_reason"],
            lines=form.line_changes(),
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return f"已办理编制调整“{result}”。"


# --- usage permits ---------------------------------------------------------------------------


class PermitListView(ObjectListView):
    model = UsagePermit
    table_class = PermitTable
    filterset_class = PermitFilterSet
    add_url_name = "staffing:permit_add"
    title = "用编通知单"

    def get_queryset(self):
        return with_use(super().get_queryset().select_related("quota_line__institution"))


class PermitDetailView(ObjectDetailView):
    model = UsagePermit
    queryset = UsagePermit.objects.select_related("quota_line__institution", "document")
    template_name = "staffing/usagepermit_detail.html"

    def get_queryset(self):
        return with_use(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            records=self.object.records.select_related("person", "department").order_by(
                "entry_on", "pk"
            ),
            figures=selectors.line_figures(self.object.quota_line),
            person_pages=url_or_none("people:person_list") is not None,
        )
        return context


class PermitHistoryView(ObjectHistoryView):
    model = UsagePermit
    queryset = UsagePermit.objects.select_related("quota_line__institution")


class PermitAddView(ConfirmedFormView):
    model = UsagePermit
    form_class = PermitForm
    template_name = "staffing/permit_form.html"
    title = "核准使用编制"

    def get_initial(self):
        initial = super().get_initial()
        line = self.scoped(QuotaLine, self.request.GET.get("quota_line"))
        institution = self.scoped(Institution, self.request.GET.get("institution"))
        if line is None and institution is not None:
            line = institution.quota_lines.order_by("establishment_type", "funding_form").first()
        if line is not None:
            initial["quota_line"] = line.pk
        return initial

    def perform(self, form):
        return services.permit_issue(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已核准用编通知单“{result.number}”，核准 {result.count} 名。"


class PermitCancelView(ObjectActionView):
    model = UsagePermit
    queryset = UsagePermit.objects.select_related("quota_line__institution")
    action = access.Action.CHANGE
    form_class = CancelForm
    confirm_button = "确认注销"
    template_name = "staffing/permit_cancel.html"

    def get_queryset(self):
        return with_use(super().get_queryset())

    def perform(self, form):
        return services.permit_cancel(
            permit=self.object, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, result):
        return f"已注销用编通知单“{result.number}”。"


# --- region totals and the pool --------------------------------------------------------------


class RegionTotalsView(ScopedViewMixin, TemplateView):
    """总量控制: per type the total control, the units' quotas, the pool and the headroom.

    A region-wide figure: institution-scoped roles are refused rather than shown a part of it.
    """

    model = RegionTotal
    template_name = "staffing/region_totals.html"

    def dispatch(self, request, *args, **kwargs):
        if access.role_of(request.user) in access.INSTITUTION_ROLES:
            raise PermissionDenied(REGION_PAGE_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = access.user_scope(user)
        lines = access.restrict(QuotaLine.objects.all(), user)
        leadership = access.restrict(LeadershipQuota.objects.all(), user)
        context.update(
            totals=selectors.region_totals(lines, region_ids=scope.region_ids()),
            records=access.restrict(RegionTotal.objects.select_related("region", "document"), user),
            pools=access.restrict(
                PoolBalance.objects.select_related("region").filter(balance__gt=0), user
            ),
            over_established=selectors.over_established(
                lines.filter(institution__status=Status.ACTIVE)
            )[:50],
            over_leadership=selectors.over_leadership_quota(
                leadership.filter(institution__status=Status.ACTIVE)
            ).order_by("-excess", "institution__sort_order")[:50],
            can_manage=access.can(user, access.Action.ADD, RegionTotal),
        )
        return context


class RegionTotalSetView(StaffingFormView):
    model = RegionTotal
    form_class = RegionTotalForm
    title = "设定编制总量控制"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("type"):
            initial["establishment_type"] = self.request.GET["type"]
        return initial

    def perform(self, form):
        return services.region_total_set(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已设定{result.region}{result.get_establishment_type_display()}控制总数 {result.total} 名。"

    def get_success_url(self, result):
        return reverse("staffing:region_totals")


# --- leadership quotas -----------------------------------------------------------------------


class LeadershipListView(ObjectListView):
    model = LeadershipQuota
    table_class = LeadershipTable
    filterset_class = LeadershipFilterSet
    add_url_name = "staffing:leadership_set"
    template_name = "staffing/leadership_list.html"
    title = "领导职数"

    def get_queryset(self):
        return selectors.leadership_with_figures(
            super().get_queryset().select_related("institution", "department", "document")
        )


class LeadershipHistoryView(ObjectHistoryView):
    model = LeadershipQuota
    queryset = LeadershipQuota.objects.select_related("institution", "department")


class LeadershipSetView(StaffingFormView):
    model = LeadershipQuota
    form_class = LeadershipQuotaForm
    template_name = "staffing/leadership_form.html"
    title = "设定领导职数"

    def get_initial(self):
        initial = super().get_initial()
        quota = self.scoped(LeadershipQuota, self.request.GET.get("quota"))
        if quota is not None:
            initial.update(
                institution=quota.institution_id,
                department=quota.department_id,
                post_kind=quota.post_kind,
                post_title=quota.post_title,
                approved=quota.approved,
                reason="调整领导职数",
            )
            return initial
        institution = self.scoped(Institution, self.request.GET.get("institution"))
        if institution is not None:
            initial["institution"] = institution.pk
        return initial

    def perform(self, form):
        return services.leadership_quota_set(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已设定“{result}”领导职数 {result.approved} 名。"

    def get_success_url(self, result):
        url = reverse("staffing:institution_establishment", args=[result.institution_id])
        return f"{url}#leadership"
