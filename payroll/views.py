"""工资统发核对 pages: the runs, the upload (queued to the task worker), a run's progress and
counts, the findings (filter by kind, unit, run; the 工资统发核对结果表 export), one finding with
its 登记问题 form, 登记问题 for every finding of a kind, and the blank template."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from bianzhi import access, access_log, privacy
from bianzhi.excel.views import TemplateDownloadView
from bianzhi.forms import add_service_errors
from bianzhi.imports.jobs import result_of
from bianzhi.models import AccessAction
from bianzhi.views import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
    ServiceFormView,
)

from . import jobs, services
from .filtersets import PayrollFindingFilterSet, PayrollRunFilterSet
from .forms import KindProblemsForm, ProblemForm, RunForm
from .imports_template import payroll_template
from .models import PayrollFinding, PayrollRun
from .tables import PayrollFindingTable, PayrollRunTable

RUNS = PayrollRun.objects.select_related("region", "user")
FINDINGS = PayrollFinding.objects.select_related("run__region", "institution", "paid_institution")


class RunListView(ObjectListView):
    model = PayrollRun
    queryset = RUNS
    table_class = PayrollRunTable
    filterset_class = PayrollRunFilterSet
    title = "工资统发核对"
    template_name = "payroll/run_list.html"


class RunCreateView(ScopedViewMixin, FormView):
    """上传工资表: stored and queued; the run's page follows it."""

    model = PayrollRun
    action = access.Action.ADD
    form_class = RunForm
    template_name = "payroll/run_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            run = jobs.run_queue(
                user=self.request.user,
                region=form.cleaned_data["region"],
                month=form.cleaned_data["month"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(run.get_absolute_url())


class RunDetailView(ObjectDetailView):
    """One run: its steps, refreshed every second (htmx) until it ends; then the counts by kind
    linked to the findings, or the file's errors."""

    model = PayrollRun
    queryset = RUNS
    template_name = "payroll/run_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["payroll/includes/run_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        context["run"] = run
        context["result"] = jobs_result(run)
        if context["can_change"] and run.status == "done":
            context["kind_form"] = KindProblemsForm()
        return context


def jobs_result(run: PayrollRun):
    """The file's check as the pipeline returned it (errors, notices), once read."""
    return result_of(SimpleNamespace(result=run.result)) if run.result else None


class FindingListView(ObjectListView):
    model = PayrollFinding
    queryset = FINDINGS.select_related("run")
    table_class = PayrollFindingTable
    filterset_class = PayrollFindingFilterSet
    export_kind = "payroll_findings"
    title = "工资统发核对结果"
    template_name = "payroll/finding_list.html"


class FindingDetailView(ObjectDetailView):
    model = PayrollFinding
    queryset = FINDINGS.select_related("person", "record", "problem", "run__user")
    template_name = "payroll/finding_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = self.object
        user = self.request.user
        # The finding is in the user's regions (the queryset): the role decides (rule 14).
        policy = privacy.policy_for(user)
        if policy.full:
            access_log.record(self.request, action=AccessAction.PERSON_VIEW, label=finding.name)
        problem = finding.problem
        context.update(
            id_number=finding.id_number if policy.full else finding.id_number_masked,
            problem=problem,
            problem_visible=problem is not None and _problem_visible(problem, user),
            problem_form=ProblemForm(
                initial={"requirement": services.default_requirement(finding.kind)}
            )
            if context["can_change"] and problem is None and finding.problem_institution
            else None,
        )
        return context


def _problem_visible(problem, user) -> bool:
    from oversight.models import Problem

    return access.restrict(Problem.objects.filter(pk=problem.pk), user).exists()


class FindingProblemView(ServiceFormView):
    """登记问题 from one finding (office roles)."""

    model = PayrollFinding
    action = access.Action.CHANGE
    form_class = ProblemForm
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.finding_problem_record(
            finding=self.object, actor=self.request.user, **form.cleaned_data
        )

    def form_invalid(self, form):
        for message in _messages_of(form):
            messages.error(self.request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_success_message(self, result):
        return f"已登记问题：{result}。"

    def get_success_url(self, result):
        return self.object.get_absolute_url()


class KindProblemsView(ServiceFormView):
    """登记问题 for every finding of one kind of a run not yet recorded (office roles)."""

    model = PayrollRun
    action = access.Action.CHANGE
    form_class = KindProblemsForm
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            outcome = services.kind_problems_record(
                run=self.object, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        text = f"已登记问题 {len(outcome.recorded)} 条"
        if outcome.joined:
            text += f"，{outcome.joined} 条并入此前核对已登记、尚未销号的问题"
        if outcome.without_unit:
            text += f"，{outcome.without_unit} 条没有对应的系统单位未登记"
        messages.success(self.request, f"{text}（规则 45）。")
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form):
        for message in _messages_of(form):
            messages.error(self.request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())


def _messages_of(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


class PayrollTemplateView(TemplateDownloadView):
    model = PayrollRun
    filename = "工资统发名单（模板）.xlsx"

    def build(self) -> bytes:
        return payroll_template()
