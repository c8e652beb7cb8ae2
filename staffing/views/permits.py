"""用编通知单: the list, one permit, its print page and its history, issuing one in two steps, and
cancelling one."""

from django.conf import settings

from bianzhi import access
from bianzhi.views import ObjectActionView, ObjectDetailView, ObjectHistoryView, ObjectListView
from orgs.models import Institution

from .. import occupancy, selectors, services
from ..filtersets import PermitFilterSet
from ..forms import CancelForm, PermitForm
from ..models import QuotaLine, UsagePermit
from ..tables import PermitTable
from .base import StaffingConfirmedFormView, url_or_none, with_use


class PermitListView(ObjectListView):
    export_kind = "permits"
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
            records=occupancy.records()
            .filter(permit=self.object)
            .select_related("person", "department")
            .order_by("entry_on", "pk"),
            figures=selectors.line_figures(self.object.quota_line),
            person_pages=url_or_none("people:person_list") is not None,
        )
        return context


class PermitPrintView(ObjectDetailView):
    """The printable 用编通知单 (A4, the notice and the office's stub), for every role that may see
    the permit: the unit prints its own."""

    model = UsagePermit
    queryset = UsagePermit.objects.select_related("quota_line__institution__parent", "document")
    template_name = "staffing/permit_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["office_name"] = settings.BIANZHI["OFFICE_NAME"]
        return context


class PermitHistoryView(ObjectHistoryView):
    model = UsagePermit
    queryset = UsagePermit.objects.select_related("quota_line__institution")


class PermitAddView(StaffingConfirmedFormView):
    """核准使用编制 (rule 2), confirmed with the line's figures before → after; the dry run shows
    a refusal (not enough available slots) at the first step."""

    model = UsagePermit
    form_class = PermitForm
    template_name = "staffing/permit_form.html"
    confirm_template_name = "staffing/permit_confirm.html"
    confirm_button = "确认核准"
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
