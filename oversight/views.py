"""问题台账 pages: the list (filters, search, 逾期 and 数据已消除 flags), one problem with its
evidence, recording one (by hand or in one click from 自查), the unit's report and the office's
sign-off or return, each behind its own page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from attachments.registry import refusal
from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)

from . import selectors, services
from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus
from .filtersets import ProblemFilterSet
from .forms import BreachProblemForm, ProblemForm, ReportForm, ReturnForm, SignOffForm
from .models import Problem
from .tables import ProblemTable

PROBLEMS = Problem.objects.select_related(
    "institution", "responsible_institution", "recorded_by", "reported_by", "verified_by"
)


class ProblemListView(ObjectListView):
    model = Problem
    queryset = PROBLEMS
    table_class = ProblemTable
    filterset_class = ProblemFilterSet
    export_kind = "problems"
    title = "问题台账"
    template_name = "oversight/problem_list.html"

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        kwargs["cleared"] = selectors.cleared_by_data(self.get_queryset(), self.request.user)
        return kwargs


def may_verify(problem: Problem, user, cleared: bool) -> bool:
    if access.role_of(user) not in access.OFFICE_ROLES:
        return False
    return problem.status == ProblemStatus.REPORTED or (cleared and problem.status in AWAITING_UNIT)


class ProblemDetailView(ObjectDetailView):
    model = Problem
    queryset = PROBLEMS
    template_name = "oversight/problem_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem, user = self.object, self.request.user
        cleared = problem.pk in selectors.cleared_by_data(
            Problem.objects.filter(pk=problem.pk), user
        )
        today = timezone.localdate()
        may_report = refusal(services.check_may_report, problem, user) is None
        context.update(
            today=today,
            days_overdue=problem.days_overdue(today),
            cleared=cleared,
            may_report=may_report,
            report_form=ReportForm() if may_report else None,
            may_verify=may_verify(problem, user, cleared),
            may_return=may_verify(problem, user, False),
            origin_visible=origin_visible(problem, user),
        )
        return context


def origin_visible(problem: Problem, user) -> bool:
    """Whether ``user`` may open what the problem came from: a unit's clerk rectifies a problem
    found by a 违规案件 without seeing the case (cases are the office's only, rule 35)."""
    origin = problem.origin
    if origin is None or not hasattr(type(origin), "scoping"):
        return False
    return access.restrict(type(origin).objects.filter(pk=origin.pk), user).exists()


class ProblemHistoryView(ObjectHistoryView):
    model = Problem
    queryset = PROBLEMS


class ProblemAddView(ServiceFormView):
    """登记问题 by hand: an inspection's, an audit's or 巡视's finding (office roles)."""

    model = Problem
    action = access.Action.ADD
    form_class = ProblemForm
    template_name = "oversight/problem_add.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("institution", "").isdigit():
            initial["institution"] = int(self.request.GET["institution"])
        return initial

    def perform(self, form):
        data = form.cleaned_data
        return services.record_problem(
            institution=data["institution"],
            source=data["source"],
            finding=data["finding"],
            requirement=data["requirement"],
            deadline=data["deadline"],
            user=self.request.user,
            responsible_institution=data["responsible_institution"],
            rule_numbers=data["rule_numbers"],
        )

    def get_success_message(self, result):
        return f"已登记问题，{result.responsible_institution.full_name}须于 {result.deadline:%Y-%m-%d} 前报送整改情况。"


class ProblemFromBreachView(View):
    """One click on a 自查 row: the breach becomes a problem (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        if not access.can(request.user, access.Action.ADD, Problem):
            raise PermissionDenied(services.OFFICE_RECORDS)
        form = BreachProblemForm(request.POST)
        back = reverse("checks:breach_list")
        if not form.is_valid():
            messages.error(request, services.BREACH_NOT_FOUND)
            return HttpResponseRedirect(back)
        try:
            problem = services.problem_from_breach(
                check_code=form.cleaned_data["check_code"],
                institution_id=form.cleaned_data["institution_id"],
                subject=form.cleaned_data["subject"],
                user=request.user,
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            f"已登记到问题台账，整改期限 {problem.deadline:%Y-%m-%d}；可在此修改说明或上传材料。",
        )
        return HttpResponseRedirect(problem.get_absolute_url())


class ProblemStepView(ObjectActionView):
    """One step of the life cycle on one problem; the service decides who may take it, checked
    first when the page opens so a user who may not is told before typing."""

    model = Problem
    queryset = PROBLEMS
    action = access.Action.VIEW
    template_name = "oversight/problem_step.html"
    step = ""

    def may(self, problem, user) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.checked(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.checked(request) or super().post(request, *args, **kwargs)

    def checked(self, request):
        try:
            self.may(self.object, request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["problem"] = self.object
        return kwargs

    def get_success_url(self, result):
        return result.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["step"] = self.step
        return context


class ProblemReportView(ProblemStepView):
    form_class = ReportForm
    confirm_button = "报送整改情况"
    danger = False
    step = "report"

    def may(self, problem, user):
        services.check_may_report(problem, user)

    def perform(self, form):
        return services.problem_report(
            problem=self.object,
            actor=self.request.user,
            rectification=form.cleaned_data["rectification"],
        )

    def get_success_message(self, result):
        return "已报送整改情况，待编办核查销号。"


def _check_verify(problem, user, *, cleared_counts: bool):
    services.check_may_verify(problem, user)
    cleared = (
        cleared_counts
        and problem.source == ProblemSource.SELF_CHECK
        and problem.status in AWAITING_UNIT
        and not selectors.breach_still_found(problem, user, timezone.localdate())
    )
    if problem.status != ProblemStatus.REPORTED and not cleared:
        message = services.NOT_REPORTED if cleared_counts else services.NOT_REPORTED_RETURN
        raise ValidationError(message % {"status": ProblemStatus(problem.status).label})


class ProblemSignOffView(ProblemStepView):
    form_class = SignOffForm
    confirm_button = "确认销号"
    danger = False
    step = "sign_off"

    def may(self, problem, user):
        _check_verify(problem, user, cleared_counts=True)

    def perform(self, form):
        return services.problem_sign_off(
            problem=self.object,
            actor=self.request.user,
            verification=form.cleaned_data["verification"],
        )

    def get_success_message(self, result):
        return "已销号。"


class ProblemReturnView(ProblemStepView):
    form_class = ReturnForm
    confirm_button = "退回重改"
    danger = True
    step = "return"

    def may(self, problem, user):
        _check_verify(problem, user, cleared_counts=False)

    def perform(self, form):
        return services.problem_return(
            problem=self.object,
            actor=self.request.user,
            reason=form.cleaned_data["verification"],
        )

    def get_success_message(self, result):
        return "已退回，单位经办人将看到退回理由并重新报送。"


class ProblemSummaryView(ObjectListView):
    """问题统计: counts by source, status and unit, with the list's filters (one grouped query
    each)."""

    model = Problem
    queryset = PROBLEMS
    table_class = ProblemTable
    filterset_class = ProblemFilterSet
    export_kind = "problem_summary"
    title = "问题台账统计"
    template_name = "oversight/problem_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = selectors.summary(self.filterset.qs, timezone.localdate())
        context["statuses"] = ProblemStatus.choices
        return context
