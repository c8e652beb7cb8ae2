"""One unit's evaluation: started by the office, self-assessed by the unit, scored by the office
(registry-computed indicators filled by the system), finished with its total and grade."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bianzhi import access
from bianzhi.history import save_tracked

from .. import metrics
from ..choices import EvaluationStatus, IndicatorKind, RoundStage
from ..models import Evaluation, Indicator, IndicatorScore
from ..scoring import clamp, grade_for, quantitative_points, quantize
from ..signals import evaluation_finished

OFFICE_ONLY = "只有编办人员可以发起和评分。"
OUT_OF_SCOPE = "该单位不在您的管理范围内。"
NOT_SELF_ASSESSING = "该单位的自评已提交，不能再修改自评。"
NOT_OPEN = "该评估已评分，不能再修改得分。"
NOT_SUBMITTED = "单位尚未提交自评，不能评分完成。"
NOT_APPLICABLE = "指标“%(indicator)s”不适用于该评估。"
GROUP_NOT_SCORED = "指标类别“%(indicator)s”的得分由其下级指标汇总，不能直接评分。"
REGISTRY_COMPUTED = "指标“%(indicator)s”由系统按登记数据计算，不能手工填写。"
VALUE_NEEDED = "定量指标“%(indicator)s”须填写数值。"
POINTS_NEEDED = "定性指标“%(indicator)s”须填写得分。"
POINTS_OUT_OF_RANGE = "指标“%(indicator)s”的得分应在 %(low)s 至 %(high)s 分之间。"
NOTE_NEEDED = "指标“%(indicator)s”未得满分，须说明扣分理由。"
MISSING_SCORES = "以下指标尚未评分：%(indicators)s。"
SELF_MISSING = "以下指标尚未自评：%(indicators)s。"
CATEGORY_OTHER_SCHEME = "考评类别不属于该指标体系。"
CATEGORY_NEEDED = "该指标体系分类考评，须选择考评类别。"


def is_system(user) -> bool:
    """The system account (commands, loaders): no scope and unable to log in."""
    return access.user_scope(user) is None and not getattr(user, "is_active", True)


def is_office(user) -> bool:
    return is_system(user) or access.role_of(user) in access.OFFICE_ROLES


def _in_scope(user, institution) -> bool:
    scope = access.user_scope(user)
    if scope is None:
        return is_system(user)
    if scope.role in access.REGION_ROLES:
        return institution.region_id in set(scope.region_ids())
    return institution.pk in set(scope.institution_ids())


def _check_office(user, institution) -> None:
    if not is_office(user):
        raise PermissionDenied(OFFICE_ONLY)
    if not _in_scope(user, institution):
        raise PermissionDenied(OUT_OF_SCOPE)


@transaction.atomic
def start_evaluation(*, scheme, institution, user, round=None, category=None) -> Evaluation:
    """发起: the unit's evaluation on ``scheme`` (in ``round`` if given), with an empty score for
    every indicator that applies. A scheme with a self-assessment stage starts at 单位自评."""
    _check_office(user, institution)
    if category is not None and category.scheme_id != scheme.pk:
        raise ValidationError({"category": CATEGORY_OTHER_SCHEME})
    if category is None and scheme.categories.exists():
        raise ValidationError({"category": CATEGORY_NEEDED})
    status = (
        EvaluationStatus.SELF_ASSESSING
        if RoundStage.SELF in scheme.procedure
        else EvaluationStatus.SUBMITTED
    )
    evaluation = save_tracked(
        Evaluation(
            scheme=scheme,
            round=round,
            institution=institution,
            category=category,
            status=status,
            started_by=user,
        ),
        actor=user,
        reason=f"发起{scheme.get_use_display()}",
    )
    leaves = evaluation.indicators().exclude(kind=IndicatorKind.GROUP)
    bulk_create_with_history(
        [IndicatorScore(evaluation=evaluation, indicator=indicator) for indicator in leaves],
        IndicatorScore,
        default_user=user,
        default_change_reason=f"发起{scheme.get_use_display()}",
    )
    # The unit sees from the start what the registry says of it.
    fill_registry_values(evaluation, timezone.localdate(), user=user)
    return evaluation


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("scheme", "institution")
        .get(pk=evaluation.pk)
    )


def _checked_points(indicator: Indicator, value, points, note: str) -> tuple:
    """The value and points to record for one indicator (rule 36)."""
    name = {"indicator": str(indicator)}
    if indicator.kind == IndicatorKind.QUANTITATIVE:
        if value is None:
            raise ValidationError({"value": VALUE_NEEDED % name})
        value = Decimal(value)
        return value, quantitative_points(indicator, value)
    if points is None:
        raise ValidationError({"points": POINTS_NEEDED % name})
    points = Decimal(points)
    if not indicator.min_points <= points <= indicator.max_points:
        raise ValidationError(
            {
                "points": POINTS_OUT_OF_RANGE
                % {**name, "low": indicator.min_points, "high": indicator.max_points}
            }
        )
    if points < indicator.max_points and not note.strip():
        raise ValidationError({"note": NOTE_NEEDED % name})
    return None, clamp(points, indicator.min_points, indicator.max_points)


@transaction.atomic
def record_score(
    *,
    evaluation,
    indicator,
    user,
    value=None,
    points=None,
    note="",
    self_assessment: bool | None = None,
) -> IndicatorScore:
    """评分: an office user records the score; the unit's clerk (or reviewer) records its
    self-assessment while 单位自评 lasts. A 定量 indicator's points follow from its value by
    thresholds or formula; a 定性 one takes points within its range, with a note when below
    full marks (rule 36). ``self_assessment=True`` lets the office enter a unit's self-assessment
    handed in on paper (代填)."""
    evaluation = _locked(evaluation)
    if not _in_scope(user, evaluation.institution):
        raise PermissionDenied(OUT_OF_SCOPE)
    office = is_office(user) and not self_assessment
    if office and not evaluation.is_open:
        raise ValidationError(NOT_OPEN)
    if not office and not evaluation.is_self_assessing:
        raise ValidationError(NOT_SELF_ASSESSING)
    if not office and not access.can(user, access.Action.CHANGE, Evaluation):
        raise PermissionDenied(OFFICE_ONLY)
    name = {"indicator": str(indicator)}
    if indicator.is_group:
        raise ValidationError(GROUP_NOT_SCORED % name)
    if indicator.is_registry:
        raise ValidationError(REGISTRY_COMPUTED % name)
    score = (
        IndicatorScore.objects.select_for_update(of=("self",))
        .filter(evaluation=evaluation, indicator=indicator)
        .first()
    )
    if score is None:
        if not evaluation.indicators().filter(pk=indicator.pk).exists():
            raise ValidationError(NOT_APPLICABLE % name)
        score = IndicatorScore(evaluation=evaluation, indicator=indicator)
    note = (note or "").strip()
    value, points = _checked_points(indicator, value, points, note)
    if office:
        score.value, score.points, score.note = value, points, note
        score.scored_by, score.scored_on = user, timezone.localdate()
        reason = f"评分：{indicator.name}"
    else:
        score.self_value, score.self_points, score.self_note = value, points, note
        reason = f"自评：{indicator.name}"
    return save_tracked(score, actor=user, reason=reason)


@transaction.atomic
def fill_registry_values(evaluation, today: datetime.date, *, user=None) -> None:
    """系统取数: the value and points of every registry-computed indicator of the evaluation, from
    the registry on ``today`` (rule 36) — for the self-assessment and the office's score alike."""
    from bianzhi.history import system_actor

    actor = user or system_actor()
    scores = IndicatorScore.objects.select_for_update(of=("self",)).filter(
        evaluation=evaluation, indicator__source="registry"
    )
    for score in scores.select_related("indicator", "evaluation__institution"):
        indicator = score.indicator
        value = metrics.compute(indicator.metric, score.evaluation.institution, today)
        points = quantitative_points(indicator, value)
        if (score.value, score.points) == (value, points):
            continue
        score.value = score.self_value = value
        score.points = score.self_points = points
        score.note = f"系统于 {today:%Y-%m-%d} 按登记数据计算"
        score.scored_on = today
        save_tracked(score, actor=actor, reason=f"系统取数：{indicator.name}")


def _missing(evaluation: Evaluation, field: str) -> list[str]:
    missing = evaluation.scores.filter(**{f"{field}__isnull": True}).select_related("indicator")
    return [str(score.indicator) for score in missing]


def _total(evaluation: Evaluation, field: str) -> Decimal:
    total = evaluation.scores.aggregate(total=Sum(field))["total"] or Decimal(0)
    # SQLite sums decimals as floats: back to cents.
    return quantize(Decimal(str(total)))


@transaction.atomic
def submit_self_assessment(*, evaluation, user, report: str = "") -> Evaluation:
    """提交自评: every indicator self-scored (registry ones by the system); the self total is
    kept beside the office's."""
    evaluation = _locked(evaluation)
    if not _in_scope(user, evaluation.institution):
        raise PermissionDenied(OUT_OF_SCOPE)
    if not evaluation.is_self_assessing:
        raise ValidationError(NOT_SELF_ASSESSING)
    fill_registry_values(evaluation, timezone.localdate(), user=user)
    missing = _missing(evaluation, "self_points")
    if missing:
        raise ValidationError(SELF_MISSING % {"indicators": "、".join(missing)})
    evaluation.self_total = _total(evaluation, "self_points")
    evaluation.self_report = (report or evaluation.self_report).strip()
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_on = timezone.localdate()
    return save_tracked(evaluation, actor=user, reason="提交自评")


@transaction.atomic
def finish_evaluation(*, evaluation, user, feedback: str | None = None) -> Evaluation:
    """评分完成: registry indicators filled, every indicator scored, the total summed and the
    grade set by the scheme's lines (the round's A quota and ranks come with ``grade_round``).
    Sends ``evaluation_finished``."""
    evaluation = _locked(evaluation)
    _check_office(user, evaluation.institution)
    if evaluation.status != EvaluationStatus.SUBMITTED:
        raise ValidationError(NOT_OPEN if not evaluation.is_open else NOT_SUBMITTED)
    fill_registry_values(evaluation, timezone.localdate(), user=user)
    missing = _missing(evaluation, "points")
    if missing:
        raise ValidationError(MISSING_SCORES % {"indicators": "、".join(missing)})
    scheme = evaluation.scheme
    evaluation.total = _total(evaluation, "points")
    evaluation.grade = grade_for(
        evaluation.total, a_min=scheme.grade_a_min, b_min=scheme.grade_b_min
    )
    if feedback is not None:
        evaluation.feedback = feedback.strip()
    evaluation.status = EvaluationStatus.FINISHED
    evaluation.finished_on = timezone.localdate()
    save_tracked(evaluation, actor=user, reason=f"评分完成：{evaluation.total} 分")
    evaluation_finished.send(sender=Evaluation, evaluation=evaluation)
    return evaluation
