"""Scoring a follow-up on the 问效 scheme (rule 41) with the indicator engine (assessments,
SchemeUse.FOLLOWUP): the office opens an evaluation on the region's current scheme, scores it on
the engine's score sheet, and finishing it concludes the follow-up (``evaluation_finished``)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.choices import SchemeUse
from assessments.models import Evaluation, Scheme
from assessments.scoresheet import score_sheet
from assessments.services import finish_evaluation, start_evaluation
from bianzhi.history import save_tracked, system_actor

from . import services
from .choices import FollowUpStatus
from .models import FollowUp

NOT_STARTED = "尚未开始评分。"


def current_scheme(follow_up: FollowUp) -> Scheme | None:
    """The 问效 scheme in force: the latest of the unit's region (or the region above it) for
    this year or before, its newest version (一年一调整)."""
    region = follow_up.institution.region
    regions = [region.pk] + ([region.parent_id] if region.parent_id else [])
    return (
        Scheme.objects.filter(
            use=SchemeUse.FOLLOWUP, region__in=regions, year__lte=timezone.localdate().year
        )
        .order_by("-year", "-version", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ScoringState:
    scheme: Scheme
    evaluation: Evaluation | None

    @property
    def started(self) -> bool:
        return self.evaluation is not None

    @property
    def sheet_url(self) -> str:
        return reverse("assessments:evaluation_score", args=[self.evaluation.pk])


def state_of(follow_up: FollowUp) -> ScoringState | None:
    if follow_up.evaluation_id:
        return ScoringState(follow_up.evaluation.scheme, follow_up.evaluation)
    scheme = current_scheme(follow_up)
    return ScoringState(scheme, None) if scheme else None


def has_scheme(follow_up: FollowUp) -> bool:
    return state_of(follow_up) is not None


def parts(follow_up: FollowUp) -> list:
    """The scheme's top-level parts (决策落实, 运行效果, 调整优化方向) with their points."""
    if not follow_up.evaluation_id:
        return []
    return [row for row in score_sheet(follow_up.evaluation) if row.depth == 0]


@transaction.atomic
def start(*, follow_up: FollowUp, actor) -> str:
    """开始评分: an evaluation of the unit on the current 问效 scheme (once), the follow-up
    becomes 评分中; returns the score sheet's address."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("institution__region", "evaluation")
        .get(pk=follow_up.pk)
    )
    if follow_up.status == FollowUpStatus.DONE:
        raise ValidationError(services.ALREADY_CONCLUDED)
    if follow_up.evaluation_id is None:
        scheme = current_scheme(follow_up)
        follow_up.evaluation = start_evaluation(
            scheme=scheme, institution=follow_up.institution, user=actor
        )
        follow_up.status = FollowUpStatus.SCORING
        save_tracked(follow_up, actor=actor, reason=f"开始跟踪问效评分（{scheme}）")
    return reverse("assessments:evaluation_score", args=[follow_up.evaluation_id])


def finish(*, follow_up: FollowUp, actor) -> FollowUp:
    """完成问效: the engine totals the scores (refusing while any is missing) and announces it;
    ``concluded_by_engine`` then concludes the follow-up."""
    if follow_up.evaluation_id is None:
        raise ValidationError(NOT_STARTED)
    finish_evaluation(evaluation=follow_up.evaluation, user=actor)
    return FollowUp.objects.get(pk=follow_up.pk)


def concluded_by_engine(sender, evaluation, **kwargs):
    """``evaluation_finished``: a 问效 evaluation's total concludes its follow-up (rule 41)."""
    if evaluation.scheme.use != SchemeUse.FOLLOWUP:
        return
    follow_up = FollowUp.objects.filter(evaluation=evaluation).first()
    if follow_up is None or follow_up.status == FollowUpStatus.DONE:
        return
    last = evaluation.history.select_related("history_user").first()
    actor = (last.history_user if last else None) or system_actor()
    services.followup_conclude(follow_up=follow_up, total=evaluation.total, actor=actor)
