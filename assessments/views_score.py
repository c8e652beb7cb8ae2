"""The score sheet of one evaluation (``assessments:evaluation_score``): the unit fills its
self-assessment there, the office its scores; one form for all indicators, each row saved
through ``record_score`` and a refused row kept as typed, with its message."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404

from bianzhi import access
from bianzhi.views import ObjectDetailView

from . import services
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
    template_name = "assessments/evaluation_score.html"

    def get_context_data(self, rows=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = rows if rows is not None else score_sheet(self.object)
        mode = editing_mode(self.request.user, self.object)
        context.update(
            rows=rows,
            max_total=max_total(rows),
            mode=mode,
            is_office=access.role_of(self.request.user) in access.OFFICE_ROLES,
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


def evaluation_or_404(request, pk):
    return get_object_or_404(access.restrict(EVALUATIONS, request.user), pk=pk)
