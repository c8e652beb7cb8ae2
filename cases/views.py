"""违规案件 pages (office roles only): the list (the 台账 exports it), intake, one case with the
form of its next step, and each step as a small form handed to its service. The reporter is
shown only through ``cases.reporter.reporter_for`` (rule 35)."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)

from . import services
from .choices import CaseState, Conclusion
from .filtersets import CaseFilterSet
from .forms import (
    AssignForm,
    ConclusionForm,
    ConfirmForm,
    FeedbackForm,
    IntakeForm,
    InvestigationForm,
    ProblemForm,
    ResponsibleForm,
)
from .models import Case, ResponsiblePerson
from .problems import case_problem_record, case_problems, with_problem_counts
from .reporter import CONFIDENTIAL, reporter_for
from .tables import CaseTable

CASES = Case.objects.select_related("region", "institution", "handler")


class CaseListView(ObjectListView):
    model = Case
    queryset = CASES
    table_class = CaseTable
    filterset_class = CaseFilterSet
    export_kind = "cases"
    add_url_name = "cases:case_add"
    title = "违规案件"

    def get_queryset(self):
        return with_problem_counts(super().get_queryset())


class CaseAddView(ServiceFormView):
    """受理举报: the case is registered in the user's own region."""

    model = Case
    action = access.Action.ADD
    form_class = IntakeForm
    template_name = "cases/case_form.html"

    def perform(self, form):
        data = dict(form.cleaned_data)
        region = data["institution"].region if data["institution"] else None
        return services.case_receive(
            region=region or access.user_scope(self.request.user).region,
            actor=self.request.user,
            **data,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading="受理举报", button="受理")
        return context

    def get_success_message(self, result):
        return f"已受理举报，案件编号 {result.number}。"


class CaseDetailView(ObjectDetailView):
    model = Case
    queryset = CASES
    template_name = "cases/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        handles = services.may_handle(user, case)
        state = case.state
        context.update(
            reporter=reporter_for(user, case),
            confidential=CONFIDENTIAL,
            responsible=list(case.responsible.all()),
            may_assign=access.role_of(user) == access.Role.OFFICE_ADMIN
            and state in (CaseState.RECEIVED, CaseState.INVESTIGATING),
            may_investigate=handles and state == CaseState.INVESTIGATING,
            may_settle=handles and state == CaseState.CONCLUDED,
            days_overdue=case.days_overdue(),
            problems=list(case_problems(case)),
            may_record_problem=handles
            and state == CaseState.CONCLUDED
            and case.conclusion != Conclusion.UNFOUNDED,
            today=timezone.localdate(),
        )
        return context


class CaseHistoryView(ObjectHistoryView):
    model = Case
    queryset = CASES


class CaseStepView(ServiceFormView):
    """One step of handling a case, by the office roles in scope (the service checks who)."""

    model = Case
    queryset = CASES
    action = access.Action.CHANGE
    template_name = "cases/case_form.html"
    heading = ""
    button = "保存"

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, heading=self.heading, button=self.button)
        return context

    def get_success_url(self, result):
        return self.object.get_absolute_url()


class CaseAssignView(CaseStepView):
    form_class = AssignForm
    heading = "分办"
    button = "分办"

    def perform(self, form):
        return services.case_assign(
            case=self.object, handler=form.cleaned_data["handler"], actor=self.request.user
        )

    def get_success_message(self, result):
        return f"已分办给{result.handler.get_full_name() or result.handler.username}。"


class CaseInvestigateView(CaseStepView):
    form_class = InvestigationForm
    heading = "调查记录（查根源、查过程、查现状）"
    success_message = "已保存调查记录。"

    def perform(self, form):
        return services.case_investigate(
            case=self.object, actor=self.request.user, **form.cleaned_data
        )


class CaseConcludeView(CaseStepView):
    form_class = ConclusionForm
    heading = "调查结论"
    button = "作出结论"
    success_message = "已记录调查结论；请登记责任人员、整改问题，并向举报人反馈。"

    def perform(self, form):
        return services.case_conclude(
            case=self.object, actor=self.request.user, **form.cleaned_data
        )


class ResponsibleAddView(CaseStepView):
    form_class = ResponsibleForm
    heading = "登记责任人员及处理措施"
    button = "登记"
    success_message = "已登记责任人员。"

    def perform(self, form):
        return services.responsible_add(
            case=self.object, actor=self.request.user, **form.cleaned_data
        )


class CaseProblemAddView(CaseStepView):
    """登记整改问题: into the 问题台账, with the case as its origin."""

    form_class = ProblemForm
    heading = "登记整改问题"
    button = "登记到问题台账"
    success_message = "已登记到问题台账，由责任单位报送整改情况。"

    def perform(self, form):
        return case_problem_record(case=self.object, actor=self.request.user, **form.cleaned_data)


class CaseFeedbackView(CaseStepView):
    form_class = FeedbackForm
    heading = "向举报人反馈"
    button = "保存反馈"
    success_message = "已记录向举报人的反馈。"

    def perform(self, form):
        return services.case_feedback(
            case=self.object, actor=self.request.user, **form.cleaned_data
        )


class CaseCloseView(ObjectActionView):
    """办结, after a confirmation; refused without a recorded feedback (rule 34)."""

    model = Case
    queryset = CASES
    action = access.Action.CHANGE
    form_class = ConfirmForm
    template_name = "cases/case_close.html"
    confirm_button = "确认办结"
    danger = False
    success_message = "案件已办结。"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["case"] = self.object
        return kwargs

    def perform(self, form):
        return services.case_close(case=self.object, actor=self.request.user)


class ResponsibleRemoveView(ObjectActionView):
    model = ResponsiblePerson
    queryset = ResponsiblePerson.objects.select_related("case")
    action = access.Action.CHANGE
    form_class = ConfirmForm
    confirm_button = "删除责任人员"
    success_message = "已删除该责任人员。"

    def perform(self, form):
        return services.responsible_remove(person=self.object, actor=self.request.user)
