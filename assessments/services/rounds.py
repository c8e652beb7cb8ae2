"""Rounds (评估/考核批次) and schemes: a round follows its use's procedure stage by stage
(rule 37); at 确定等次 its units are ranked and graded with the A quota per category (rule 38);
at 公示备案 (结果反馈) the results are published and C grades lead to proposals (rule 39).
Next year's scheme is a copy of this year's, adjusted (一年一调整)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked

from ..choices import EvaluationStatus, Grade, RoundStage, stage_label
from ..models import Category, Evaluation, Indicator, Round, Scheme
from ..scoring import grades_with_quota
from ..signals import round_published
from .evaluations import OFFICE_ONLY, is_office, start_evaluation
from .linkage import propose_for_c_grade

ROUND_CLOSED = "该批次已完成。"
UNFINISHED = "以下单位尚未评分完成，不能进入“%(stage)s”：%(units)s。"
NO_UNITS = "该批次还没有被评估单位。"
ADD_ONLY_AT_START = "只有在“%(stage)s”阶段可以增加被评估单位。"
ALREADY_IN_ROUND = "“%(unit)s”已在本批次中。"
SCHEME_EXISTS = "%(year)s年已有该用途的指标体系第%(version)s版。"


@transaction.atomic
def start_round(
    *,
    scheme: Scheme,
    name: str,
    user,
    started_on: datetime.date | None = None,
    self_due_on: datetime.date | None = None,
) -> Round:
    """发起批次 at the first stage of the scheme's procedure."""
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    round = Round(
        scheme=scheme,
        name=name.strip(),
        stage=scheme.procedure[0],
        started_on=started_on or timezone.localdate(),
        self_due_on=self_due_on,
    )
    return save_tracked(round, actor=user, reason=f"发起{scheme.get_use_display()}批次")


@transaction.atomic
def add_to_round(*, round: Round, institutions, user, category: Category | None = None) -> list:
    """被评估单位: each starts its evaluation in the round (same category, 同类同考)."""
    round = Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round.pk)
    first = round.scheme.procedure[0]
    if round.stage != first:
        raise ValidationError(ADD_ONLY_AT_START % {"stage": stage_label(round.scheme.use, first)})
    started = []
    for institution in institutions:
        if Evaluation.objects.filter(round=round, institution=institution).exists():
            raise ValidationError(ALREADY_IN_ROUND % {"unit": institution.full_name})
        started.append(
            start_evaluation(
                scheme=round.scheme,
                institution=institution,
                user=user,
                round=round,
                category=category,
            )
        )
    return started


@transaction.atomic
def grade_round(*, round: Round, user) -> None:
    """确定等次 (rule 38): rank the finished units of each category by total and grade them by
    the scheme's lines, A only within the quota."""
    round = Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round.pk)
    scheme = round.scheme
    evaluations = list(
        Evaluation.objects.select_for_update(of=("self",))
        .filter(round=round, status__in=[EvaluationStatus.FINISHED, EvaluationStatus.PUBLISHED])
        .select_related("institution")
        .order_by("institution__sort_order", "pk")
    )
    by_category: dict = {}
    for evaluation in evaluations:
        by_category.setdefault(evaluation.category_id, []).append(evaluation)
    for members in by_category.values():
        results = grades_with_quota(
            [(evaluation, evaluation.total) for evaluation in members],
            a_min=scheme.grade_a_min,
            b_min=scheme.grade_b_min,
            a_quota_percent=scheme.a_quota_percent,
        )
        for evaluation, (grade, rank) in results.items():
            if (evaluation.grade, evaluation.rank) != (grade, rank):
                evaluation.grade, evaluation.rank = grade, rank
                save_tracked(evaluation, actor=user, reason=f"确定等次：{grade}，第 {rank} 名")


def _publish(round: Round, user) -> None:
    today = timezone.localdate()
    for evaluation in Evaluation.objects.select_for_update(of=("self",)).filter(
        round=round, status=EvaluationStatus.FINISHED
    ):
        evaluation.status = EvaluationStatus.PUBLISHED
        save_tracked(evaluation, actor=user, reason="公布结果")
    round.published_on = today


@transaction.atomic
def advance_round(*, round: Round, user) -> Round:
    """下一阶段 (rule 37). Entering 确定等次 needs every unit scored and grades them; entering
    公示备案 (结果反馈) publishes the results and sends ``round_published``."""
    round = Round.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=round.pk)
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    procedure = round.scheme.procedure
    if round.stage == RoundStage.CLOSED:
        raise ValidationError(ROUND_CLOSED)
    following = procedure[procedure.index(round.stage) + 1]
    evaluations = Evaluation.objects.filter(round=round).select_related("institution")
    if not evaluations.exists():
        raise ValidationError(NO_UNITS)
    if following == RoundStage.GRADING:
        unfinished = evaluations.exclude(
            status__in=[EvaluationStatus.FINISHED, EvaluationStatus.PUBLISHED]
        )
        if unfinished:
            raise ValidationError(
                UNFINISHED
                % {
                    "stage": stage_label(round.scheme.use, following),
                    "units": "、".join(e.institution.full_name for e in unfinished),
                }
            )
    round.stage = following
    if following == RoundStage.GRADING:
        save_tracked(round, actor=user, reason=f"进入{round.stage_label}")
        grade_round(round=round, user=user)
        return round
    if following == RoundStage.PUBLICITY:
        _publish(round, user)
    save_tracked(round, actor=user, reason=f"进入{round.stage_label}")
    if following == RoundStage.PUBLICITY:
        # 四挂钩 (rule 39): a C grade proposes an establishment review.
        for evaluation in evaluations.filter(grade=Grade.C).select_related("scheme", "round"):
            propose_for_c_grade(evaluation, user)
        round_published.send(sender=Round, round=round, user=user)
    return round


@transaction.atomic
def copy_scheme(*, scheme: Scheme, year: int, user, name: str = "") -> Scheme:
    """一年一调整: the next version of ``scheme`` for ``year`` (version 1 of a new year, or the
    next version of the same year), with its categories and indicator tree copied."""
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    versions = Scheme.objects.filter(region=scheme.region, use=scheme.use, year=year)
    version = (max((s.version for s in versions), default=0)) + 1
    copy = Scheme(
        region=scheme.region,
        use=scheme.use,
        year=year,
        version=version,
        name=name.strip() or scheme.name,
        based_on=scheme,
        grade_a_min=scheme.grade_a_min,
        grade_b_min=scheme.grade_b_min,
        a_quota_percent=scheme.a_quota_percent,
        note=scheme.note,
    )
    save_tracked(copy, actor=user, reason=f"由{scheme}调整")
    categories = {}
    for category in scheme.categories.all():
        categories[category.pk] = save_tracked(
            Category(scheme=copy, name=category.name, kpi=category.kpi),
            actor=user,
            reason="复制考评类别",
        )
    copied: dict = {}
    pending = list(scheme.indicators.order_by("sort_order", "code"))
    while pending:
        ready = [i for i in pending if i.parent_id is None or i.parent_id in copied]
        pending = [i for i in pending if i not in ready]
        for indicator in ready:
            _copy_indicator(indicator, copy, copied, categories, user)
    return copy


def _copy_indicator(indicator, copy, copied, categories, user) -> None:
    fields = {
        f.name: getattr(indicator, f.name)
        for f in Indicator._meta.concrete_fields
        if f.name not in ("id", "scheme", "parent", "category")
    }
    new = Indicator(
        scheme=copy,
        parent=copied.get(indicator.parent_id),
        category=categories.get(indicator.category_id),
        **fields,
    )
    copied[indicator.pk] = save_tracked(new, actor=user, reason="复制指标")
