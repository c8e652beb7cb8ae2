"""跟踪问效 pages: the follow-ups (due this month and overdue first), one follow-up with its
matter, its 八问 research beside it, the score and the 处理意见 with the office's decision forms,
and the 八问 research records (rules 40–42)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View

from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    ScopedViewMixin,
    ServiceFormView,
)
from oversight.selectors import problems_for
from people.models import ChangeRequest
from staffing.models import Adjustment

from . import scoring, services
from .filtersets import FollowUpFilterSet, ResearchFilterSet
from .forms import AcceptForm, DismissForm, ResearchForm, ScoreForm
from .models import FollowUp, Proposal, Research
from .scheduling import followups_schedule
from .selectors import research_for
from .tables import FollowUpTable, ResearchTable

FOLLOW_UPS = FollowUp.objects.select_related(
    "institution__region", "adjustment__document", "proposal", "concluded_by", "evaluation__scheme"
)
PROPOSALS = Proposal.objects.select_related(
    "follow_up__institution__region", "adjustment__document", "decided_by"
)
RESEARCHES = Research.objects.select_related(
    "institution", "adjustment__document", "change_request", "recorded_by"
)
SCHEDULE_FOR_OFFICE = "只有编办人员可以安排跟踪问效。"


class FollowUpListView(ObjectListView):
    model = FollowUp
    queryset = FOLLOW_UPS
    table_class = FollowUpTable
    filterset_class = FollowUpFilterSet
    export_kind = "followups"
    title = "跟踪问效"
    template_name = "followups/followup_list.html"


class FollowUpDetailView(ObjectDetailView):
    model = FollowUp
    queryset = FOLLOW_UPS
    template_name = "followups/followup_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        follow_up = self.object
        proposal = getattr(follow_up, "proposal", None)
        decide = context["can_change"] and proposal is not None and proposal.is_pending
        user = self.request.user
        context.update(
            researches=research_for(follow_up),
            proposal=proposal,
            overdue=follow_up.is_open and follow_up.due_on < timezone.localdate(),
            scoring=scoring.state_of(follow_up),
            parts=scoring.parts(follow_up),
            problems=access.restrict(problems_for(follow_up), user) if proposal else [],
            score_form=ScoreForm(user=user)
            if context["can_change"] and follow_up.is_open and not scoring.has_scheme(follow_up)
            else None,
            accept_form=AcceptForm(user=user, proposal=proposal) if decide else None,
            dismiss_form=DismissForm(user=user) if decide else None,
        )
        return context


class FollowUpHistoryView(ObjectHistoryView):
    model = FollowUp
    queryset = FOLLOW_UPS


class FollowUpMixin:
    """An office action on one follow-up or its proposal, in the user's scope."""

    action = access.Action.CHANGE

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context


class FollowUpScoreView(FollowUpMixin, ServiceFormView):
    """问效评分: on the region's 问效 scheme when there is one (the engine's scoring page),
    else the total typed in."""

    model = FollowUp
    queryset = FOLLOW_UPS
    form_class = ScoreForm
    template_name = "followups/followup_score.html"

    def get(self, request, *args, **kwargs):
        state = scoring.state_of(self.object)
        if state is not None:
            # Only a POST starts an evaluation; a started one is scored on its sheet.
            url = state.sheet_url if state.started else self.object.get_absolute_url()
            return HttpResponseRedirect(url)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if scoring.has_scheme(self.object):
            return self.start_on_scheme()
        return super().post(request, *args, **kwargs)

    def start_on_scheme(self):
        try:
            url = scoring.start(follow_up=self.object, actor=self.request.user)
        except ValidationError as error:
            messages.error(self.request, "；".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return HttpResponseRedirect(url)

    def perform(self, form):
        return services.followup_conclude(
            follow_up=self.object, total=form.cleaned_data["total"], actor=self.request.user
        )

    def get_success_message(self, result):
        return concluded_message(result)


def concluded_message(follow_up: FollowUp) -> str:
    if Proposal.objects.filter(follow_up=follow_up).exists():
        return f"已完成问效，综合得分 {follow_up.total} 分，低于合格线，已提出处理意见。"
    return f"已完成问效，综合得分 {follow_up.total} 分。"


class FollowUpFinishView(FollowUpMixin, ScopedViewMixin, View):
    """完成问效: the engine totals the score sheet; a refusal (a score missing) is shown."""

    model = FollowUp
    queryset = FOLLOW_UPS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            follow_up = scoring.finish(follow_up=self.object, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, concluded_message(follow_up))
        return HttpResponseRedirect(follow_up.get_absolute_url())


class ProposalMixin(FollowUpMixin):
    model = Proposal
    queryset = PROPOSALS

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["proposal"] = self.object
        return kwargs

    def get_success_url(self, result):
        return self.object.get_absolute_url()


class ProposalAcceptView(ProposalMixin, ObjectActionView):
    form_class = AcceptForm
    template_name = "followups/proposal_accept.html"
    confirm_button = "采纳并核减编制"

    def perform(self, form):
        return services.proposal_accept(
            proposal=self.object, actor=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return f"已采纳处理意见，编制调整“{result}”已生效或待生效。"


class ProposalDismissView(ProposalMixin, ObjectActionView):
    form_class = DismissForm
    template_name = "followups/proposal_dismiss.html"
    confirm_button = "不予采纳"
    danger = False

    def perform(self, form):
        return services.proposal_dismiss(
            proposal=self.object,
            reason=form.cleaned_data["dismiss_reason"],
            actor=self.request.user,
        )

    def get_success_message(self, result):
        return "已不予采纳该处理意见，理由已记录。"


class ScheduleView(View):
    """立即安排: rule 40's scheduling now (the daily command does the same)."""

    http_method_names = ["post"]

    def post(self, request):
        if not access.can(request.user, access.Action.ADD, FollowUp):
            raise PermissionDenied(SCHEDULE_FOR_OFFICE)
        result = followups_schedule(today=timezone.localdate(), actor=request.user)
        messages.success(request, result.summary)
        return HttpResponseRedirect(reverse("followups:followup_list"))


class ResearchListView(ObjectListView):
    model = Research
    queryset = RESEARCHES
    table_class = ResearchTable
    filterset_class = ResearchFilterSet
    title = "八问调研"


class ResearchDetailView(ObjectDetailView):
    model = Research
    queryset = RESEARCHES
    template_name = "followups/research_detail.html"


class ResearchHistoryView(ObjectHistoryView):
    model = Research
    queryset = RESEARCHES


class ResearchAddView(ObjectEditView):
    """记录八问调研, opened from a change request (?request=), an adjustment (?adjustment=) or a
    unit (?institution=); the matter is taken from the page it was opened from, in scope."""

    model = Research
    form_class = ResearchForm
    template_name = "followups/research_form.html"

    def matter(self) -> dict:
        user = self.request.user
        found = {}
        if pk := self.request.GET.get("request"):
            found["change_request"] = get_object_or_404(
                access.restrict(ChangeRequest.objects.select_related("institution"), user),
                pk=pk if pk.isdigit() else 0,
            )
        elif pk := self.request.GET.get("adjustment"):
            found["adjustment"] = get_object_or_404(
                access.restrict(Adjustment.objects.select_related("document"), user),
                pk=pk if pk.isdigit() else 0,
            )
        return found

    def get_initial(self):
        initial = super().get_initial()
        matter = self.matter()
        if request := matter.get("change_request"):
            initial.update(institution=request.institution_id, subject=request.reason[:200])
        elif adjustment := matter.get("adjustment"):
            lines = adjustment.lines.exclude(institution=None).order_by("-delta")
            first = lines.first()
            initial.update(
                institution=first.institution_id if first else None, subject=adjustment.summary
            )
        elif pk := self.request.GET.get("institution"):
            initial["institution"] = pk
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["matter"] = self.matter()
        return context

    def perform(self, form):
        return services.research_record(
            actor=self.request.user, **form.cleaned_data, **self.matter()
        )

    def get_success_message(self, result):
        return f"已记录八问调研“{result.subject}”。"
