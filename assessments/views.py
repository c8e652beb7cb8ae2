"""Pages of the schemes and rounds: the scheme's indicator tree and next year's copy (一年一调整);
a round's procedure, units, ranking, per-indicator comparison and weak-indicator charts, and the
office's steps through it (rules 36–39)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from bianzhi import access
from bianzhi.views import (
    ObjectActionView,
    ObjectDetailView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)

from . import charts, selectors, services
from .choices import RoundStage, stage_label
from .filtersets import EvaluationFilterSet, RoundFilterSet, SchemeFilterSet
from .forms import AddUnitsForm, CopySchemeForm, IndicatorForm, RoundForm, SchemeForm
from .models import Evaluation, Indicator, Round, Scheme
from .scoresheet import rule_text
from .tables import EvaluationTable, RoundTable, SchemeTable


class SchemeListView(ObjectListView):
    model = Scheme
    queryset = Scheme.objects.all()
    table_class = SchemeTable
    filterset_class = SchemeFilterSet
    title = "指标体系"
    add_url_name = "assessments:scheme_add"


class SchemeDetailView(ObjectDetailView):
    model = Scheme
    queryset = Scheme.objects.select_related("region", "based_on")
    template_name = "assessments/scheme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = list(
            self.object.indicators.select_related("category").order_by("sort_order", "code")
        )
        children: dict = {}
        for indicator in indicators:
            children.setdefault(indicator.parent_id, []).append(indicator)
        rows = []

        def walk(parent_id, depth):
            for indicator in children.get(parent_id, []):
                rows.append({"indicator": indicator, "depth": depth, "rule": rule_text(indicator)})
                walk(indicator.pk, depth + 1)

        walk(None, 0)
        context.update(
            rows=rows,
            categories=self.object.categories.all(),
            copy_form=CopySchemeForm(scheme=self.object) if context["can_add"] else None,
            editable=context["can_change"] and not self.object.evaluations.exists(),
        )
        return context


class SchemeHistoryView(ObjectHistoryView):
    model = Scheme
    queryset = Scheme.objects.all()


class SchemeCopyView(ServiceFormView):
    """一年一调整: copy the scheme to a year, then adjust the copy."""

    model = Scheme
    action = access.Action.ADD
    form_class = CopySchemeForm
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.scheme = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"scheme": self.scheme}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.scheme, title=f"调整为新版本：{self.scheme}")
        return context

    def perform(self, form):
        return services.copy_scheme(
            scheme=self.scheme,
            year=form.cleaned_data["year"],
            name=form.cleaned_data["name"],
            user=self.request.user,
        )

    def get_success_message(self, result):
        return f"已建立“{result}”，可在此基础上调整指标。"


ROUNDS = Round.objects.select_related("scheme")


class RoundListView(ObjectListView):
    model = Round
    queryset = ROUNDS
    table_class = RoundTable
    filterset_class = RoundFilterSet
    title = "评估考核批次"
    add_url_name = "assessments:round_add"
    template_name = "assessments/round_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_progress"] = selectors.rounds_in_progress(self.request.user)
        return context


class RoundAddView(ServiceFormView):
    model = Round
    action = access.Action.ADD
    form_class = RoundForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"title": "发起评估考核批次"}

    def perform(self, form):
        return services.start_round(user=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已发起“{result}”，请增加被评估单位。"


class RoundDetailView(ObjectDetailView):
    model = Round
    queryset = ROUNDS
    template_name = "assessments/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.object
        evaluations = round.evaluations.select_related("institution", "category", "scheme")
        compared = selectors.comparison(
            evaluations.order_by("category", "rank", "-total", "institution__sort_order"),
            round.scheme,
        )
        procedure = round.scheme.procedure
        following = procedure[procedure.index(round.stage) + 1] if not round.is_closed else None
        context.update(
            comparison=compared,
            ranking_chart=charts.ranking_chart(compared),
            weak_chart=charts.weak_indicator_chart(selectors.weakest_indicators(evaluations)),
            has_categories=any(row.evaluation.category_id for row in compared.rows),
            next_stage=stage_label(round.scheme.use, following) if following else None,
            add_form=AddUnitsForm(user=self.request.user, round=round)
            if context["can_change"] and round.stage == procedure[0]
            else None,
            grades=selectors.grade_counts(evaluations),
        )
        return context


class RoundHistoryView(ObjectHistoryView):
    model = Round
    queryset = ROUNDS


class RoundAdvanceView(ObjectActionView):
    """下一阶段, confirmed: entering 确定等次 grades; entering 公示备案 publishes."""

    model = Round
    queryset = ROUNDS
    action = access.Action.CHANGE
    template_name = "assessments/round_advance.html"
    confirm_button = "确认进入下一阶段"
    danger = False

    def get_form_class(self):
        from django import forms

        class Empty(forms.Form):
            def __init__(self, *args, user=None, **kwargs):
                super().__init__(*args, **kwargs)

        return Empty

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        procedure = self.object.scheme.procedure
        following = procedure[procedure.index(self.object.stage) + 1]
        context.update(
            next_stage=stage_label(self.object.scheme.use, following),
            grades_next=following == RoundStage.GRADING,
            publishes_next=following == RoundStage.PUBLICITY,
        )
        return context

    def perform(self, form):
        return services.advance_round(round=self.object, user=self.request.user)

    def get_success_message(self, result):
        return f"已进入“{result.stage_label}”阶段。"


class RoundAddUnitsView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not access.can(request.user, access.Action.CHANGE, Round):
            raise PermissionDenied("只有编办人员可以增加被评估单位。")
        round = get_object_or_404(access.restrict(ROUNDS, request.user), pk=pk)
        form = AddUnitsForm(request.POST, user=request.user, round=round)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return HttpResponseRedirect(round.get_absolute_url())
        try:
            started = services.add_to_round(
                round=round,
                institutions=form.cleaned_data["institutions"],
                category=form.cleaned_data.get("category"),
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已增加 {len(started)} 个被评估单位。")
        return HttpResponseRedirect(round.get_absolute_url())


class EvaluationListView(ObjectListView):
    model = Evaluation
    queryset = Evaluation.objects.select_related("scheme", "round", "institution", "category")
    table_class = EvaluationTable
    filterset_class = EvaluationFilterSet
    title = "评估考核结果"
    export_kind = "assessment_results"


class SchemeAddView(ServiceFormView):
    model = Scheme
    action = access.Action.ADD
    form_class = SchemeForm
    template_name = "generic/object_edit.html"

    def perform(self, form):
        scheme = form.instance
        versions = Scheme.objects.filter(region=scheme.region, use=scheme.use, year=scheme.year)
        scheme.version = max((s.version for s in versions), default=0) + 1
        return services.scheme_save(scheme=scheme, user=self.request.user)

    def get_success_message(self, result):
        return f"已建立“{result}”，请增加指标。"


class IndicatorFormView(ServiceFormView):
    """增加/修改指标: the scheme's page lists them; refused once the scheme is in use."""

    model = Scheme
    action = access.Action.CHANGE
    form_class = IndicatorForm
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if access.can(request.user, self.get_action(), self.model):
            self.load(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def load(self, pk):
        self.scheme = get_object_or_404(self.get_queryset(), pk=pk)
        self.indicator = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"scheme": self.scheme}
        if self.indicator is not None:
            kwargs["instance"] = self.indicator
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.indicator, model_name="评估指标")
        return context

    def perform(self, form):
        return services.indicator_save(indicator=form.instance, user=self.request.user)

    def get_success_url(self, result):
        return self.scheme.get_absolute_url()

    def get_success_message(self, result):
        return f"已保存指标“{result}”。"


class IndicatorEditView(IndicatorFormView):
    def load(self, pk):
        self.indicator = get_object_or_404(
            Indicator.objects.filter(scheme__in=self.get_queryset()), pk=pk
        )
        self.scheme = self.indicator.scheme
