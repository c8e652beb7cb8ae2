"""The score sheet of one evaluation (``assessments:evaluation_score``): the unit fills its
self-assessment there, the office its scores; one form for all indicators, each row saved
through ``record_score`` and a refused row kept as typed, with its message."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from bianzhi import access
from bianzhi.views import ObjectActionView, ObjectDetailView, ObjectHistoryView

from . import charts, selectors, services
from .forms import FinishForm, ProblemForm, SubmitForm
from .models import Evaluation
from .scoresheet import max_total, score_sheet

EVALUATIONS = Evaluation.objects.select_related(
    "scheme", "round", "institution", "category", "started_by"
)
NOT_A_NUMBER = "“%(text)s”不是数字。"


def editing_mode(user, evaluation) -> str:
    """ "office" (scores), "self" (self-assessment) or "" (read only) for this user now."""
    role = access.role_of(user)
    if role in access.OFFICE_ROLES and evaluation.is_open:
        return "office"
    if role in (access.Role.CLERK, access.Role.REVIEWER) and evaluation.is_self_assessing:
        return "self"
    return ""


def _number(text: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(NOT_A_NUMBER % {"text": text}) from error


class EvaluationScoreView(ObjectDetailView):
    model = Evaluation
    queryset = EVALUATIONS
    template_name = "assessments/evaluation_detail.html"

    def get_context_data(self, rows=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = rows if rows is not None else score_sheet(self.object)
        context.update(
            rows=rows,
            max_total=max_total(rows),
            **evaluation_context(self.request.user, self.object),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        mode = editing_mode(request.user, self.object)
        if not mode:
            raise PermissionDenied("该评估当前不能由您填写。")
        rows = score_sheet(self.object)
        saved = failed = 0
        for row in rows:
            if row.is_group or row.indicator.is_registry:
                continue
            key = row.indicator.pk
            posted = {
                "value": request.POST.get(f"value-{key}", ""),
                "points": request.POST.get(f"points-{key}", ""),
                "note": request.POST.get(f"note-{key}", ""),
            }
            row.posted = posted
            if not any(v.strip() for v in posted.values()):
                continue
            score = row.score
            current = (
                (
                    (score.value, score.points, score.note)
                    if mode == "office"
                    else (score.self_value, score.self_points, score.self_note)
                )
                if score
                else (None, None, "")
            )
            try:
                value, points = _number(posted["value"]), _number(posted["points"])
                if (value, points, posted["note"].strip()) == current or (
                    row.indicator.kind == "quantitative"
                    and (value, posted["note"].strip()) == (current[0], current[2])
                ):
                    continue
                services.record_score(
                    evaluation=self.object,
                    indicator=row.indicator,
                    user=request.user,
                    value=value,
                    points=points,
                    note=posted["note"],
                )
                saved += 1
            except ValidationError as error:
                row.error = "；".join(error.messages)
                failed += 1
        if failed:
            messages.error(request, f"{failed} 项未保存，请按提示修改后重新保存。")
            fresh = score_sheet(self.object)
            for old, new in zip(rows, fresh, strict=True):
                new.error, new.posted = old.error, old.posted if old.error else {}
            return self.render_to_response(self.get_context_data(rows=fresh))
        messages.success(request, f"已保存 {saved} 项。" if saved else "没有修改。")
        return HttpResponseRedirect(self.object.get_absolute_url())


def evaluation_context(user, evaluation) -> dict:
    """What the evaluation's header and actions need, on the sheet and the history tab."""
    from oversight.selectors import problems_for

    mode = editing_mode(user, evaluation)
    office = access.role_of(user) in access.OFFICE_ROLES
    scored = evaluation.total is not None
    return {
        "mode": mode,
        "is_office": office,
        "may_submit": mode == "self",
        "may_finish": mode == "office" and not evaluation.is_self_assessing,
        "may_record_problem": office
        and access.restrict(
            Evaluation.objects.filter(pk=evaluation.pk), user, access.Action.CHANGE
        ).exists(),
        "problems": problems_for(evaluation),
        "unit_chart": charts.unit_weak_chart(selectors.leaf_rates(evaluation)) if scored else None,
    }


class EvaluationHistoryView(ObjectHistoryView):
    model = Evaluation
    queryset = EVALUATIONS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(evaluation_context(self.request.user, self.object))
        return context


def evaluation_or_404(request, pk):
    return get_object_or_404(access.restrict(EVALUATIONS, request.user), pk=pk)


class EvaluationActionMixin:
    """An action on one evaluation, within the user's scope."""

    model = Evaluation
    queryset = EVALUATIONS
    action = access.Action.CHANGE
    office_only = False

    def dispatch(self, request, *args, **kwargs):
        if self.office_only and access.role_of(request.user) not in access.OFFICE_ROLES:
            raise PermissionDenied(services.evaluations.OFFICE_ONLY)
        if access.can(request.user, self.get_action(), self.model):
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        return context

    def get_success_url(self, result):
        return self.object.get_absolute_url()


class EvaluationSubmitView(EvaluationActionMixin, ObjectActionView):
    """提交自评 (the unit): with its report; the sheet is then read-only for the unit."""

    form_class = SubmitForm
    template_name = "assessments/evaluation_action.html"
    confirm_button = "提交自评"
    danger = False

    def get_initial(self):
        return {"report": self.object.self_report}

    def perform(self, form):
        return services.submit_self_assessment(
            evaluation=self.object, user=self.request.user, report=form.cleaned_data["report"]
        )

    def get_success_message(self, result):
        return f"自评已提交，自评得分 {result.self_total} 分。"


class EvaluationFinishView(EvaluationActionMixin, ObjectActionView):
    """评分完成 (the office): totals, grade by the lines, feedback to the unit."""

    form_class = FinishForm
    office_only = True
    template_name = "assessments/evaluation_action.html"
    confirm_button = "评分完成"
    danger = False

    def get_initial(self):
        return {"feedback": self.object.feedback}

    def perform(self, form):
        return services.finish_evaluation(
            evaluation=self.object, user=self.request.user, feedback=form.cleaned_data["feedback"]
        )

    def get_success_message(self, result):
        return f"评分完成：{result.total} 分，{result.get_grade_display()}。"


class EvaluationProblemView(EvaluationActionMixin, ObjectActionView):
    """整改问题 found in the evaluation, recorded in the 问题台账."""

    form_class = ProblemForm
    office_only = True
    template_name = "assessments/evaluation_action.html"
    confirm_button = "登记问题"
    danger = False

    def perform(self, form):
        return services.record_evaluation_problem(
            evaluation=self.object, user=self.request.user, **form.cleaned_data
        )

    def get_success_message(self, result):
        return "问题已登记到问题台账，待单位整改。"


class EvaluationFillView(View):
    """系统取数: recompute the registry indicators now (office)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        evaluation = evaluation_or_404(request, pk)
        if editing_mode(request.user, evaluation) != "office":
            raise PermissionDenied("只有编办人员可以在评分完成前重新取数。")
        services.fill_registry_values(evaluation, timezone.localdate(), user=request.user)
        messages.success(request, "已按登记数据重新计算系统取数指标。")
        return HttpResponseRedirect(evaluation.get_absolute_url())
