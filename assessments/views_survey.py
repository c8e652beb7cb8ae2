"""社会评价（社会调查）录入: the survey results of a round's units entered on one grid by the
office, each cell through ``record_score`` (rule 36); a refused cell keeps what was typed."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from bianzhi import access
from bianzhi.views import ObjectDetailView

from . import services
from .choices import IndicatorKind, IndicatorSource
from .models import IndicatorScore, Round

NOT_A_NUMBER = "“%(text)s”不是数字"


def _grid(round):
    indicators = list(
        round.scheme.indicators.filter(source=IndicatorSource.SURVEY)
        .exclude(kind=IndicatorKind.GROUP)
        .order_by("sort_order", "code")
    )
    evaluations = list(
        round.evaluations.select_related("institution").order_by("institution__sort_order", "pk")
    )
    scores = {
        (score.evaluation_id, score.indicator_id): score
        for score in IndicatorScore.objects.filter(
            evaluation__round=round, indicator__in=indicators
        )
    }
    rows = [
        {
            "evaluation": evaluation,
            "cells": [
                {
                    "indicator": indicator,
                    "score": scores.get((evaluation.pk, indicator.pk)),
                    "name": f"cell-{evaluation.pk}-{indicator.pk}",
                    "posted": None,
                    "error": "",
                }
                for indicator in indicators
            ],
        }
        for evaluation in evaluations
    ]
    return indicators, rows


class RoundSurveyView(ObjectDetailView):
    model = Round
    queryset = Round.objects.select_related("scheme")
    action = access.Action.CHANGE
    template_name = "assessments/round_survey.html"

    def get_context_data(self, grid=None, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators, rows = grid or _grid(self.object)
        context.update(indicators=indicators, rows=rows)
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if access.role_of(request.user) not in access.OFFICE_ROLES:
            raise PermissionDenied(services.evaluations.OFFICE_ONLY)
        indicators, rows = _grid(self.object)
        saved = failed = 0
        for row in rows:
            evaluation = row["evaluation"]
            for cell in row["cells"]:
                text = request.POST.get(cell["name"], "").strip()
                score, indicator = cell["score"], cell["indicator"]
                if not text or score is None or not evaluation.is_open:
                    continue
                cell["posted"] = text
                try:
                    value = Decimal(text)
                except InvalidOperation:
                    cell["error"] = NOT_A_NUMBER % {"text": text}
                    failed += 1
                    continue
                quantitative = indicator.kind == IndicatorKind.QUANTITATIVE
                if value == (score.value if quantitative else score.points):
                    continue
                try:
                    services.record_score(
                        evaluation=evaluation,
                        indicator=indicator,
                        user=request.user,
                        value=value if quantitative else None,
                        points=None if quantitative else value,
                        note=score.note or "社会评价录入",
                    )
                    saved += 1
                except ValidationError as error:
                    cell["error"] = "；".join(error.messages)
                    failed += 1
        if failed:
            messages.error(request, f"{failed} 项未保存，请按提示修改后重新保存。")
            return self.render_to_response(self.get_context_data(grid=(indicators, rows)))
        messages.success(request, f"已保存 {saved} 项社会评价结果。" if saved else "没有修改。")
        return HttpResponseRedirect(reverse("assessments:round_survey", args=[self.object.pk]))
