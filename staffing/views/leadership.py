"""领导职数: the list, a quota's history, and setting a quota."""

from django.urls import reverse

from bianzhi.views import ObjectHistoryView, ObjectListView
from orgs.models import Institution

from .. import selectors, services
from ..filtersets import LeadershipFilterSet
from ..forms import LeadershipQuotaForm
from ..models import LeadershipQuota
from ..tables import LeadershipTable
from .base import StaffingFormView


class LeadershipListView(ObjectListView):
    export_kind = "leadership"
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
