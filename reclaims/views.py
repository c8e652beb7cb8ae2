"""空编收回 pages: the proposals, one proposal with its line's figures and the decision forms
(收回 confirmed with the figures before → after; 保留 with a reason), and the scan button with
its job's progress."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView

from bianzhi import access
from bianzhi.views import (
    ConfirmedServiceFormView,
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
)
from staffing.models import PoolBalance, QuotaLine
from staffing.selectors import line_figures

from . import scan_jobs, services
from .filtersets import ReclaimProposalFilterSet
from .forms import AcceptForm, KeepForm
from .models import ReclaimProposal, ScanJob
from .tables import ReclaimProposalTable

PROPOSALS = ReclaimProposal.objects.select_related(
    "quota_line__institution", "adjustment__document", "decided_by"
)
SCAN_FOR_OFFICE = "只有编办人员可以检查空编。"


class ProposalListView(ObjectListView):
    model = ReclaimProposal
    queryset = PROPOSALS
    table_class = ReclaimProposalTable
    filterset_class = ReclaimProposalFilterSet
    export_kind = "reclaims"
    title = "空编收回建议"
    template_name = "reclaims/proposal_list.html"


def pool_balance(line: QuotaLine) -> int:
    return (
        PoolBalance.objects.filter(
            region=line.institution.region, establishment_type=line.establishment_type
        ).aggregate(n=Sum("balance"))["n"]
        or 0
    )


class ProposalDetailView(ObjectDetailView):
    model = ReclaimProposal
    queryset = PROPOSALS
    template_name = "reclaims/reclaimproposal_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.object.quota_line
        figures = line_figures(line)
        decide = context["can_change"] and self.object.is_pending
        # What may be reclaimed now, should the vacancy have changed since the last scan.
        count = max(min(self.object.vacancy, figures.available), 1)
        context.update(
            figures=figures,
            pool=pool_balance(line),
            accept_form=AcceptForm(
                user=self.request.user, proposal=self.object, initial={"count": count}
            )
            if decide
            else None,
            keep_form=KeepForm(user=self.request.user) if decide else None,
        )
        return context


class ProposalHistoryView(ObjectHistoryView):
    model = ReclaimProposal
    queryset = PROPOSALS


class ProposalMixin:
    """A decision on one proposal: office roles only (the action 'change'), in their scope."""

    model = ReclaimProposal
    queryset = PROPOSALS
    action = access.Action.CHANGE

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["proposal"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context

    def get_success_url(self, result):
        return self.object.get_absolute_url()


class ProposalAcceptView(ProposalMixin, ConfirmedServiceFormView):
    """收回, in two steps: the form, then the line and the pool before → after (a dry run of
    the service, so a refusal shows at the first step)."""

    form_class = AcceptForm
    template_name = "reclaims/proposal_accept.html"
    confirm_template_name = "reclaims/proposal_accept_confirm.html"

    def measure(self, form):
        line = self.object.quota_line
        return {"figures": line_figures(line), "pool": pool_balance(line)}

    def preview(self, form, before, after):
        return {"before": before, "after": after, "confirm_button": "确认收回"}

    def perform(self, form):
        return services.proposal_accept(
            proposal=self.object, actor=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return f"已收回空编，编制调整“{result}”已生效或待生效。"


class ProposalKeepView(ProposalMixin, ObjectActionView):
    form_class = KeepForm
    template_name = "reclaims/proposal_keep.html"
    confirm_button = "确认保留"
    danger = False

    def perform(self, form):
        return services.proposal_keep(
            proposal=self.object,
            reason=form.cleaned_data["keep_reason"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return "已保留该空编，理由已记录。"


class ScanView(View):
    """检查空编: queues the scan of rule 25 over the user's regions in the task worker (the daily
    job does the same for the whole registry) and opens its progress page. Only a POST writes."""

    http_method_names = ["post"]

    def post(self, request):
        if not access.can(request.user, access.Action.ADD, ReclaimProposal):
            raise PermissionDenied(SCAN_FOR_OFFICE)
        try:
            job = scan_jobs.scan_queue(user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return HttpResponseRedirect(reverse("reclaims:proposal_list"))
        return HttpResponseRedirect(job.get_absolute_url())


class ScanJobView(DetailView):
    """One scan of the current user: its steps, refreshed every second (htmx) until it ends,
    then what it found, linked to the pending proposals."""

    context_object_name = "job"

    def get_queryset(self):
        return ScanJob.objects.filter(user=self.request.user)

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["reclaims/includes/scan_progress.html"]
        return ["reclaims/scan_job.html"]
