"""Finding the vacancies to reclaim (rule 25): after an exit or transfer out, and by a periodic
scan for standing vacancies (vacant for ``RECLAIM_VACANT_MONTHS``, or beyond
``RECLAIM_VACANT_SHARE`` of the line).

Every figure comes from grouped queries over the lines scanned (H, A and R today, H and A on the
day N months back, the last exit and the last increase of each line): the number of queries does
not depend on the number of units. Proposals are written in bulk, each with its history record.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bianzhi.history import system_actor
from orgs.choices import Status
from staffing import occupancy
from staffing.models import AdjustmentLine, QuotaLine
from staffing.selectors import _grouped_figures, in_force_by_key

from .choices import DECIDED_STATES, ReclaimState, ReclaimTrigger
from .models import ReclaimProposal

PROPOSED = "系统发现空编，建议收回"
RECOUNTED = "重新检查：可用空编数变化"
LAPSED = "重新检查：空编已使用或已预留，建议自动消除"


def setting(name: str):
    return settings.BIANZHI[name]


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


@dataclass
class ScanResult:
    created: list[ReclaimProposal] = field(default_factory=list)
    updated: list[ReclaimProposal] = field(default_factory=list)
    lapsed: list[ReclaimProposal] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"新增空编收回建议 {len(self.created)} 条，更新 {len(self.updated)} 条，"
            f"空编已消除 {len(self.lapsed)} 条。"
        )


@dataclass(frozen=True)
class LineState:
    """What the scan knows of one line (all from grouped queries)."""

    pk: int
    approved: int  # H today
    available: int  # H − A − R today
    vacancy_then: int  # H − A on the day RECLAIM_VACANT_MONTHS back
    last_exit: datetime.date | None
    last_exit_then: datetime.date | None
    last_increase: datetime.date | None
    last_increase_then: datetime.date | None


def _latest(*days):
    known = [day for day in days if day is not None]
    return max(known) if known else None


def _line_states(lines: QuerySet, *, today: datetime.date, then: datetime.date) -> list[LineState]:
    pks = lines.order_by().values("pk")
    occupied, reserved = _grouped_figures(lines, on=today)
    in_force = in_force_by_key(lines, on=today)
    in_force_then = in_force_by_key(lines, on=then)
    occupied_then = dict(
        occupancy.records()
        .filter(quota_line__in=pks, entry_on__lte=then)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=then))
        .order_by()
        .values_list("quota_line")
        .annotate(n=Count("pk"))
    )
    exits = {
        pk: (last, last_then)
        for pk, last, last_then in occupancy.records()
        .filter(quota_line__in=pks, ended_on__isnull=False, ended_on__lte=today)
        .order_by()
        .values_list("quota_line")
        .annotate(last=Max("ended_on"), last_then=Max("ended_on", filter=Q(ended_on__lte=then)))
    }
    increases = {
        key[:3]: key[3:]
        for key in AdjustmentLine.objects.filter(
            institution__in=lines.order_by().values("institution_id"),
            delta__gt=0,
            adjustment__effective_on__lte=today,
        )
        .order_by()
        .values_list("institution_id", "establishment_type", "funding_form")
        .annotate(
            last=Max("adjustment__effective_on"),
            last_then=Max("adjustment__effective_on", filter=Q(adjustment__effective_on__lte=then)),
        )
    }
    states = []
    for pk, *key in lines.order_by().values_list(
        "pk", "institution_id", "establishment_type", "funding_form"
    ):
        key = tuple(key)
        approved = in_force.get(key, 0)
        last_exit, last_exit_then = exits.get(pk, (None, None))
        last_increase, last_increase_then = increases.get(key, (None, None))
        states.append(
            LineState(
                pk=pk,
                approved=approved,
                available=approved - occupied.get(pk, 0) - reserved.get(pk, 0),
                vacancy_then=in_force_then.get(key, 0) - occupied_then.get(pk, 0),
                last_exit=last_exit,
                last_exit_then=last_exit_then,
                last_increase=last_increase,
                last_increase_then=last_increase_then,
            )
        )
    return states


def _respected(pks, today: datetime.date) -> dict[int, int]:
    """{line pk: places the office's latest decision left with the unit}, for decisions still
    respected (made within ``RECLAIM_KEEP_MONTHS``): a kept vacancy, or what a partial reclaim
    left. The line is proposed again only if its vacancy grows beyond that."""
    cutoff = months_before(today, setting("RECLAIM_KEEP_MONTHS"))
    left: dict[int, int] = {}
    for pk, vacancy, reclaimed in (
        ReclaimProposal.objects.filter(
            quota_line__in=pks, state__in=DECIDED_STATES, decided_on__gt=cutoff
        )
        .order_by("quota_line", "-decided_on", "-pk")
        .values_list("quota_line", "vacancy", "reclaimed")
    ):
        left.setdefault(pk, vacancy - (reclaimed or 0))
    return left


def _trigger(state: LineState, *, today, exited_on) -> tuple[str, datetime.date | None] | None:
    """Why the line's available vacancy is proposed, and since when it has been vacant; None if
    it is not (yet). An exit just registered names itself; otherwise a standing vacancy first."""
    if exited_on is not None:
        return ReclaimTrigger.EXIT, exited_on
    if state.vacancy_then > 0:
        # Vacant already on the day N months back: since the last exit or increase before it.
        return ReclaimTrigger.STANDING, _latest(state.last_exit_then, state.last_increase_then)
    if state.approved > 0 and state.available > setting("RECLAIM_VACANT_SHARE") * state.approved:
        return ReclaimTrigger.SHARE, _latest(state.last_exit, state.last_increase)
    recent = today - datetime.timedelta(days=setting("RECLAIM_EXIT_DAYS"))
    if state.last_exit is not None and state.last_exit >= recent:
        return ReclaimTrigger.EXIT, state.last_exit
    return None


def _checked(proposals: list[ReclaimProposal]) -> list[ReclaimProposal]:
    # The foreign keys were read by the scan's own queries; checking them again would cost a
    # query per row, and the one-pending-per-line constraint is the database's.
    for proposal in proposals:
        proposal.full_clean(
            exclude=["quota_line", "adjustment", "decided_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    return proposals


def reclaims_scan(
    *,
    today: datetime.date | None = None,
    actor=None,
    lines: QuerySet | None = None,
    exits: dict[int, datetime.date] | None = None,
    progress=None,
) -> ScanResult:
    """Propose reclaiming every available vacancy (H − A − R > 0) of ``lines`` (every quota
    line by default) that an exit just left, that stood N months, or that exceeds M of the line
    (rule 25). Idempotent: one pending proposal per line, whose count a rescan updates, and
    which lapses (已消除) once the vacancy is filled or reserved; a kept vacancy is respected
    (``_respected``). ``exits`` names lines an exit has just left vacant, with its date;
    ``progress(steps_done)`` is told when the figures are counted.

    The figures are counted before the transaction that locks the pending proposals and writes,
    so a long count holds no lock and its progress can be seen: a vacancy that changes in
    between is recounted by the next scan, and a decision reads the line's figures anew."""
    progress = progress or (lambda done: None)
    today = today or timezone.localdate()
    actor = actor or system_actor()
    exits = exits or {}
    then = months_before(today, setting("RECLAIM_VACANT_MONTHS"))
    scanned = lines if lines is not None else QuotaLine.objects.all()
    pks = scanned.order_by().values("pk")
    # Proposals an exit makes while the figures are counted were counted after them: kept as made.
    known = ReclaimProposal.objects.aggregate(last=Max("pk"))["last"] or 0
    states = {
        state.pk: state
        for state in _line_states(
            scanned.filter(institution__status=Status.ACTIVE), today=today, then=then
        )
    }
    progress(1)
    with transaction.atomic():
        pending = {
            proposal.quota_line_id: proposal
            for proposal in ReclaimProposal.objects.select_for_update().filter(
                quota_line__in=pks, state=ReclaimState.PENDING
            )
        }
        left = _respected(pks, today)
        result = ScanResult()
        for pk, proposal in pending.items():
            state = states.get(pk)
            if proposal.pk > known:
                continue
            if state is None or state.available <= 0:
                proposal.state = ReclaimState.LAPSED
                proposal.decided_on = today
                result.lapsed.append(proposal)
            elif state.available != proposal.vacancy:
                proposal.vacancy = state.available
                result.updated.append(proposal)
        for pk, state in states.items():
            if pk in pending or state.available <= 0 or state.available <= left.get(pk, 0):
                continue
            found = _trigger(state, today=today, exited_on=exits.get(pk))
            if found is None:
                continue
            trigger, since = found
            result.created.append(
                ReclaimProposal(
                    quota_line_id=pk,
                    trigger=trigger,
                    vacancy=state.available,
                    vacant_since=since,
                    detected_on=today,
                )
            )
        if result.created:
            bulk_create_with_history(
                _checked(result.created),
                ReclaimProposal,
                default_user=actor,
                default_change_reason=PROPOSED,
            )
        for proposals, fields, reason in (
            (result.updated, ["vacancy"], RECOUNTED),
            (result.lapsed, ["state", "decided_on"], LAPSED),
        ):
            if proposals:
                bulk_update_with_history(
                    _checked(proposals),
                    ReclaimProposal,
                    fields,
                    default_user=actor,
                    default_change_reason=reason,
                )
    return result


def propose_after_exit(*, record, actor) -> None:
    """people's record-end hook: an exit or transfer out that leaves an available vacancy is
    proposed for reclaiming at once (rule 25), in the exit's own transaction.

    Two exits from one line wait for each other on the line's lock. A daily scan writing the same
    line's proposal at that moment makes this insert collide with it: the exit still goes
    through, the scan's proposal stands, and the next scan brings its count up to date."""
    line = QuotaLine.objects.select_for_update().filter(pk=record.quota_line_id)
    list(line.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            reclaims_scan(actor=actor, lines=line, exits={record.quota_line_id: record.ended_on})
    except IntegrityError:
        pass
