"""Rule 40: every approved institution or quota matter gets follow-ups due 6 months and 1 year
after approval. The daily command and the hooks call ``followups_schedule``; it creates only the
follow-ups still missing, so running it again changes nothing."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from bianzhi.history import save_tracked, system_actor
from orgs.choices import Status
from orgs.models import Institution
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, AdjustmentLine

from .choices import STAGE_MONTHS, MatterKind, Stage
from .models import FollowUp

# Quota matters the office decides on their merits; pool loans, returns and reclaims are
# routine movements under rules 25–27, and 核定编制 is the initial approval a new unit's own
# follow-up covers.
FOLLOWED_KINDS = frozenset(
    {
        AdjustmentKind.INCREASE,
        AdjustmentKind.DECREASE,
        AdjustmentKind.TRANSFER,
        AdjustmentKind.ALLOCATE,
        AdjustmentKind.SPECIAL_GRANT,
        AdjustmentKind.OTHER,
    }
)
SCHEDULED = "安排跟踪问效（规则 40）"


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lookback_start(today: datetime.date) -> datetime.date:
    """Matters approved before this day are not followed up any more: their last follow-up is
    long past (``FOLLOWUP_LOOKBACK_MONTHS``, default 18)."""
    return months_after(today, -settings.BIANZHI.get("FOLLOWUP_LOOKBACK_MONTHS", 18))


@dataclass
class ScheduleResult:
    created: list[FollowUp] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"新安排跟踪问效 {len(self.created)} 项。"


def followed_institutions(adjustment: Adjustment) -> list[Institution]:
    """The units an adjustment is followed up at: those it gave quota to (a transfer's receiving
    side), or, for a cut, those it took quota from. Pool lines name no unit."""
    lines = [line for line in adjustment.lines.all() if line.institution_id]
    gaining = [line.institution for line in lines if line.delta > 0]
    chosen = gaining or [line.institution for line in lines]
    unique = {institution.pk: institution for institution in chosen}
    return [unique[pk] for pk in sorted(unique)]


def _adjustment_label(adjustment: Adjustment) -> str:
    return f"{adjustment.document.number} {adjustment.summary}"[:250]


def _new(kind, institution, matter, approved_on, stage, adjustment=None) -> FollowUp:
    return FollowUp(
        matter_kind=kind,
        adjustment=adjustment,
        institution=institution,
        matter=matter,
        approved_on=approved_on,
        stage=stage,
        due_on=months_after(approved_on, STAGE_MONTHS[stage]),
    )


def _adjustments_due(today, adjustments):
    lines = AdjustmentLine.objects.select_related("institution")
    return (
        adjustments.filter(
            kind__in=FOLLOWED_KINDS,
            document__issued_on__gte=lookback_start(today),
            document__issued_on__lte=today,
        )
        .select_related("document")
        .prefetch_related(Prefetch("lines", queryset=lines))
    )


@transaction.atomic
def followups_schedule(
    *,
    today: datetime.date,
    actor=None,
    adjustments=None,
    institutions=None,
) -> ScheduleResult:
    """安排跟踪问效 (rule 40): for each followed adjustment (approved, i.e. its document issued,
    within the look-back) and each new unit (established within it), one follow-up per unit and
    stage, due 6 months and 1 year after approval. Idempotent: what exists is left as it is."""
    actor = actor or system_actor()
    result = ScheduleResult()
    adjustments = Adjustment.objects.all() if adjustments is None else adjustments
    institutions = Institution.objects.all() if institutions is None else institutions
    candidates = []
    for adjustment in _adjustments_due(today, adjustments):
        for institution in followed_institutions(adjustment):
            for stage in Stage:
                candidates.append(
                    _new(
                        MatterKind.ADJUSTMENT,
                        institution,
                        _adjustment_label(adjustment),
                        adjustment.document.issued_on,
                        stage,
                        adjustment,
                    )
                )
    new_units = institutions.filter(
        status=Status.ACTIVE,
        established_on__gte=lookback_start(today),
        established_on__lte=today,
    ).select_related("establishing_document")
    for unit in new_units:
        document = unit.establishing_document
        matter = f"新设{unit.full_name}" + (f"（{document.number}）" if document else "")
        for stage in Stage:
            candidates.append(
                _new(MatterKind.NEW_UNIT, unit, matter[:250], unit.established_on, stage)
            )
    existing = _existing_keys(candidates)
    for follow_up in candidates:
        if _key(follow_up) in existing:
            continue
        existing.add(_key(follow_up))
        result.created.append(save_tracked(follow_up, actor=actor, reason=SCHEDULED))
    return result


def _key(follow_up: FollowUp) -> tuple:
    return (
        follow_up.matter_kind,
        follow_up.adjustment_id,
        follow_up.institution_id,
        follow_up.stage,
    )


def _existing_keys(candidates: list[FollowUp]) -> set[tuple]:
    if not candidates:
        return set()
    adjustment_ids = {c.adjustment_id for c in candidates if c.adjustment_id}
    unit_ids = {c.institution_id for c in candidates if c.matter_kind == MatterKind.NEW_UNIT}
    existing = FollowUp.objects.filter(adjustment_id__in=adjustment_ids) | FollowUp.objects.filter(
        matter_kind=MatterKind.NEW_UNIT, institution_id__in=unit_ids
    )
    return set(existing.values_list("matter_kind", "adjustment_id", "institution_id", "stage"))


def schedule_after_commit(*, adjustment_id=None, institution_id=None) -> None:
    """The hook where approvals are recorded: once the approving transaction commits, schedule
    that matter's follow-ups (the daily command catches any the hook missed)."""

    def run():
        followups_schedule(
            today=timezone.localdate(),
            adjustments=Adjustment.objects.filter(pk=adjustment_id or 0),
            institutions=Institution.objects.filter(pk=institution_id or 0),
        )

    transaction.on_commit(run)
