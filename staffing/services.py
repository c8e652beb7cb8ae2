"""Writes to establishment quotas: adjustments (rule 4), permits (rule 2), leadership quotas and
region totals. Each locks what it checks and records actor, reason and document (rule 13)."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils import timezone

from bianzhi import notices
from bianzhi.history import apply_changes, save_tracked
from bianzhi.models import NoticeKind
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region

from . import occupancy
from .choices import PermitPurpose, PermitStatus
from .leadership_ceilings import check_leadership_ceiling
from .models import (
    Adjustment,
    AdjustmentLine,
    LeadershipQuota,
    QuotaLine,
    RegionTotal,
    UsagePermit,
    check_funding,
    check_type_allowed,
)
from .pool_lines import (  # noqa: F401 (POOL_SHORT is re-exported: tests and callers cite it here)
    POOL_SHORT,
    apply_to_pool,
    handed_out_beyond_units,
    pool_purpose_of,
)
from .push_down import check_push_down
from .selectors import (
    approved_lowest,
    approved_on,
    line_figures,
    line_schedule,
    scheduled_days,
    with_figures,
)

PERMIT_ISSUED_NOTICE = "已核发用编通知单 %(number)s：%(line)s %(count)d 名，有效期至 %(expires)s。"
NO_LINES = "编制调整至少要有一条明细。"
ZERO_DELTA = "调整数不能为 0。"
INSTITUTION_ABOLISHED = "“%(name)s”已撤销，不能调整其编制。"
INSTITUTION_OUTSIDE_REGION = "“%(name)s”不属于%(region)s，不能在本区划的调整中调整其编制。"
BELOW_ZERO = (
    "%(target)s%(type)s核定 %(before)d 名，调整 %(delta)+d 名后为负数，不能调整（规则 4）。"
)
BELOW_OCCUPANCY = (
    "%(target)s%(type)s实有 %(occupied)d 人，调整后核定 %(after)d 名将低于实有人数；"
    "如确需核减（如机构合并），请填写超编原因，该单位将显示为超编直至自然减员消化（规则 4）。"
)
BELOW_RESERVED = (
    "%(target)s%(type)s%(when)s实有 %(occupied)d 人，有效用编通知单已核准未使用 %(reserved)d 名"
    "（%(permits)s），调整后核定 %(after)d 名低于二者之和，这些通知单将无法使用；"
    "请在本次调整中一并注销这些通知单，或先核减其核准数（规则 16）。"
)
PERMIT_NOT_OF_ADJUSTMENT = "用编通知单“%(number)s”不属于本次核减的编制，不能在本次调整中注销。"
TOTAL_EXCEEDED = (
    "%(region)s%(type)s控制总数为 %(total)d 名，调整后各单位核定数、周转池与人才专项编制合计 %(sum)d 名，"
    "超出 %(excess)d 名（规则 4）。"
)
PERMIT_SHORT = (
    "%(line)s可用编制不足（规则 2）：核定 %(approved)d 名，实有 %(occupied)d 人，"
    "已核准未使用 %(reserved)d 名，可用 %(available)d 名，不能核准 %(count)d 名。"
)
PERMIT_NOT_OPEN = "用编通知单“%(number)s”状态为“%(status)s”，不能再注销或过期。"
PERMIT_EXPIRY_BEFORE_ISSUE = "有效期至不能早于核准日期。"
LEADERSHIP_BELOW_HOLDERS = (
    "%(post)s现有占职数在任 %(filled)d 人，核定职数不能调整为 %(approved)d（规则 5）。"
)


@dataclass(frozen=True)
class LineChange:
    """One line of an adjustment: ``institution=None`` means one of the region's pools, the
    one of ``pool_purpose`` (统筹编制 when left blank, rule 26)."""

    establishment_type: str
    delta: int
    institution: Institution | None = None
    funding_form: str = ""
    pool_purpose: str = ""


def _target_label(institution: Institution | None) -> str:
    return f"“{institution.full_name}”" if institution else "编制周转池"


def _type_label(establishment_type: str, funding_form: str = "") -> str:
    line = QuotaLine(establishment_type=establishment_type, funding_form=funding_form)
    return line.type_label


def _checked_line(change: LineChange, region: Region) -> LineChange:
    """The change with its institution re-read and locked: a copy read earlier may predate an
    abolition."""
    if change.delta == 0:
        raise ValidationError(ZERO_DELTA)
    if change.institution is None:
        return change
    institution = Institution.objects.select_for_update().get(pk=change.institution.pk)
    if not institution.is_active:
        raise ValidationError(INSTITUTION_ABOLISHED % {"name": institution.full_name})
    if institution.region_id not in region.subtree_ids():
        raise ValidationError(
            INSTITUTION_OUTSIDE_REGION % {"name": institution.full_name, "region": region.name}
        )
    check_type_allowed(institution, change.establishment_type)
    check_funding(change.establishment_type, change.funding_form)
    return dataclasses.replace(change, institution=institution)


def _when(day: datetime.date, today: datetime.date) -> str:
    return f"于 {day:%Y-%m-%d} 生效时预计" if day > today else ""


def _check_cut(line, change, schedule, check_days, adjustment, today) -> None:
    """Rules 4 and 16 for a cut: on every day from when it takes effect (and each later
    scheduled change of the line), H after the cut against the people and the reservations
    expected that day — the records in establishment now, the permits still open then."""
    target, label = _target_label(change.institution), line.type_label
    occupied = occupancy.active_records().filter(quota_line=line).count()
    for day in check_days:
        after = approved_on(schedule, day) + change.delta
        if after < occupied and not adjustment.over_establishment_reason:
            raise ValidationError(
                BELOW_OCCUPANCY
                % {"target": target, "type": label, "occupied": occupied, "after": after}
            )
        reserving = [
            permit
            for permit in with_remaining(
                UsagePermit.objects.filter(
                    quota_line=line, status=PermitStatus.OPEN, special_quota__isnull=True
                )
            )
            if permit.issued_on <= day <= permit.expires_on and permit.remaining > 0
        ]
        reserved = sum(permit.remaining for permit in reserving)
        if reserved and after < occupied + reserved:
            raise ValidationError(
                BELOW_RESERVED
                % {
                    "target": target,
                    "type": label,
                    "when": _when(day, today),
                    "occupied": occupied,
                    "reserved": reserved,
                    "permits": "、".join(permit.number for permit in reserving),
                    "after": after,
                }
            )


def with_remaining(permits):
    """Permits annotated with their unused slots (count − records citing them)."""
    return permits.annotate(remaining=F("count") - Count(occupancy.PERMIT_RECORDS)).order_by(
        "issued_on", "pk"
    )


def _apply_to_quota_line(change, adjustment, actor, reason) -> AdjustmentLine:
    """One unit line: H in force on the effective day moves by ``delta`` (rule 15). The stored
    ``approved`` (today's figure) moves only if the adjustment is in force today."""
    key = {
        "institution": change.institution,
        "establishment_type": change.establishment_type,
        "funding_form": change.funding_form,
    }
    today = timezone.localdate()
    effective = adjustment.effective_on
    # Created unsaved, so the new line's one history record is the attributed save below.
    line = QuotaLine.objects.select_for_update().filter(**key).first() or QuotaLine(**key)
    schedule = line_schedule(line)
    # 调整前/调整后 as recorded: after every adjustment recorded so far (scheduled ones too),
    # so the lines of one quota chain in the order they were applied.
    before = sum(delta for _, delta in schedule)
    after = before + change.delta
    label = line.type_label
    # Never below 0 on any day from the effective day on (later scheduled changes included).
    if approved_lowest(schedule, effective) + change.delta < 0:
        raise ValidationError(
            BELOW_ZERO
            % {
                "target": _target_label(change.institution),
                "type": label,
                "before": before,
                "delta": change.delta,
            }
        )
    occupied = occupancy.active_records().filter(quota_line=line).count() if line.pk else 0
    if change.delta < 0 and line.pk:
        first = max(effective, today)
        check_days = [first, *scheduled_days(line, after=first)]
        _check_cut(line, change, schedule, check_days, adjustment, today)
    recorded = _record_line(adjustment, change, before, after, actor, reason)
    in_force = approved_on([*schedule, (effective, change.delta)], today)
    if change.delta < 0 and approved_on(schedule, max(effective, today)) + change.delta < occupied:
        line.over_establishment_reason = adjustment.over_establishment_reason
        line.over_establishment_measures = adjustment.over_establishment_measures
        line.over_establishment_deadline = adjustment.over_establishment_deadline
    elif in_force >= occupied:
        line.over_establishment_reason = ""
        line.over_establishment_measures = ""
        line.over_establishment_deadline = None
    line.approved = in_force
    save_tracked(line, actor=actor, reason=reason, document=adjustment.document)
    return recorded


def _record_line(adjustment, change, before, after, actor, reason) -> AdjustmentLine:
    return save_tracked(
        AdjustmentLine(
            adjustment=adjustment,
            institution=change.institution,
            establishment_type=change.establishment_type,
            funding_form=change.funding_form if change.institution else "",
            pool_purpose="" if change.institution else pool_purpose_of(change),
            delta=change.delta,
            approved_before=before,
            approved_after=after,
        ),
        actor=actor,
        reason=reason,
        document=adjustment.document,
    )


def region_approved(
    region: Region, establishment_type: str, on: datetime.date | None = None
) -> int:
    """What a region has handed out of one type on ``on`` (today by default): its units'
    quotas in force that day (rule 15), its pools and its talent special quotas (rule 27)."""
    on = on or timezone.localdate()
    units = (
        AdjustmentLine.objects.filter(
            institution__region=region,
            establishment_type=establishment_type,
            adjustment__effective_on__lte=on,
        ).aggregate(n=Sum("delta"))["n"]
        or 0
    )
    return units + handed_out_beyond_units(region, establishment_type, on)


def _check_days(region: Region, types: set[str], since: datetime.date) -> list[datetime.date]:
    """Today, ``since`` and every later day an adjustment of the region's units takes effect:
    the days on which its quotas in force change."""
    today = timezone.localdate()
    later = AdjustmentLine.objects.filter(
        institution__region=region,
        establishment_type__in=types,
        adjustment__effective_on__gt=min(since, today),
    ).values_list("adjustment__effective_on", flat=True)
    return sorted({today, since, *later})


def _check_region_totals(region: Region, types: set[str], since=None) -> None:
    days = _check_days(region, types, since or timezone.localdate())
    for total in RegionTotal.objects.filter(region=region, establishment_type__in=types):
        handed_out = max(region_approved(region, total.establishment_type, day) for day in days)
        if handed_out > total.total:
            raise ValidationError(
                TOTAL_EXCEEDED
                % {
                    "region": region.name,
                    "type": total.get_establishment_type_display(),
                    "total": total.total,
                    "sum": handed_out,
                    "excess": handed_out - total.total,
                }
            )


@transaction.atomic
def adjustment_apply(
    *,
    region: Region,
    kind: str,
    summary: str,
    document: ApprovalDocument,
    effective_on: datetime.date,
    lines: list[LineChange],
    actor,
    over_establishment_reason: str = "",
    over_establishment_measures: str = "",
    over_establishment_deadline: datetime.date | None = None,
    permits_to_cancel: list[UsagePermit] = (),
    push_down: str = "",
) -> Adjustment:
    """Apply an establishment adjustment (编制调整事项, rules 4, 15 and 16).

    Never below 0; never above the region's total control (units plus pool); a unit's quota
    below its occupancy only with an over-establishment reason; never below the people plus
    the open permits' unused slots, unless those permits are cancelled here
    (``permits_to_cancel``). A future-dated adjustment is recorded now and counts from its day
    (待生效 until then), checked against what is expected on that day. All lines or none.
    ``push_down`` marks a 划转 to township units as 编制下沉 (rule 23).
    """
    if not lines:
        raise ValidationError(NO_LINES)
    lines = [_checked_line(change, region) for change in lines]
    check_push_down(
        kind=kind,
        mode=push_down,
        receivers=[change.institution for change in lines if change.delta > 0],
    )
    cut = {
        (change.institution.pk, change.establishment_type, change.funding_form)
        for change in lines
        if change.institution is not None and change.delta < 0
    }
    for permit in permits_to_cancel:
        line = permit.quota_line
        if (line.institution_id, line.establishment_type, line.funding_form) not in cut:
            raise ValidationError(PERMIT_NOT_OF_ADJUSTMENT % {"number": permit.number})
        _close_permit(permit, PermitStatus.CANCELLED, timezone.localdate(), actor, summary)
    types = {change.establishment_type for change in lines}
    # Every region whose units or pool the adjustment touches keeps its own total (rule 4).
    regions = {region} | {change.institution.region for change in lines if change.institution}
    # Serialise adjustments of the same regions and types: the totals check reads their sum.
    list(
        RegionTotal.objects.select_for_update().filter(
            region__in=regions, establishment_type__in=types
        )
    )
    adjustment = save_tracked(
        Adjustment(
            region=region,
            kind=kind,
            summary=summary,
            document=document,
            effective_on=effective_on,
            over_establishment_reason=over_establishment_reason,
            over_establishment_measures=over_establishment_measures,
            over_establishment_deadline=over_establishment_deadline,
            push_down=push_down,
            applied_by=actor,
        ),
        actor=actor,
        reason=summary,
        document=document,
    )
    for change in lines:
        if change.institution is None:
            apply_to_pool(change, adjustment, region, actor, summary, _record_line)
        else:
            _apply_to_quota_line(change, adjustment, actor, summary)
    for touched in sorted(regions, key=lambda r: r.code):
        _check_region_totals(touched, types, effective_on)
    return adjustment


@transaction.atomic
def region_total_set(
    *, region: Region, establishment_type: str, total: int, document, actor, reason: str
) -> RegionTotal:
    """Record the total the upper level approved (总量控制); it may not fall below what is out."""
    current = (
        RegionTotal.objects.select_for_update()
        .filter(region=region, establishment_type=establishment_type)
        .first()
    )
    record = current or RegionTotal(region=region, establishment_type=establishment_type)
    record.total = total
    record.document = document
    save_tracked(record, actor=actor, reason=reason, document=document)
    _check_region_totals(region, {establishment_type})
    return record


def next_permit_number(year: int) -> str:
    """The next serial of the year. The prefix is one setting for the deployment, so the serial
    runs across all its regions; callers hold the numbering lock."""
    taken = UsagePermit.objects.filter(issued_on__year=year).count()
    return settings.BIANZHI["PERMIT_NUMBER_FORMAT"].format(
        prefix=settings.BIANZHI["PERMIT_NUMBER_PREFIX"], year=year, serial=taken + 1
    )


def _lock_permit_numbering(region: Region) -> None:
    """Lock the root of the region tree: every permit number of the deployment waits here."""
    root = region
    while root.parent_id:
        root = root.parent
    Region.objects.select_for_update().get(pk=root.pk)


@transaction.atomic
def permit_issue(
    *,
    quota_line: QuotaLine,
    count: int,
    purpose: str = PermitPurpose.EXAMINATION,
    issued_on: datetime.date,
    expires_on: datetime.date,
    actor,
    document: ApprovalDocument | None = None,
    number: str = "",
    notes: str = "",
    notify_unit: bool = True,
) -> UsagePermit:
    """Issue a usage permit (核准使用编制, rule 2): only if available = H − A − R ≥ count.

    An over-established or full unit gets none: it can fill a slot only after someone has left.
    The unit's clerks are told (站内消息), unless ``notify_unit`` is off because the caller tells
    them itself (the approval of the unit's 用编申请 names the permit in its own notice).
    """
    quota_line = QuotaLine.objects.select_for_update().get(pk=quota_line.pk)
    institution = quota_line.institution
    today = timezone.localdate()
    if not institution.is_active:
        raise ValidationError(INSTITUTION_ABOLISHED % {"name": institution.full_name})
    if expires_on < issued_on:
        raise ValidationError({"expires_on": PERMIT_EXPIRY_BEFORE_ISSUE})
    # H: the lowest in force on the days the permit can still be used, from today (or its
    # issue day, if later) to its expiry (rule 15); a back-dated permit against today's.
    figures = line_figures(
        quota_line, on=issued_on, until=expires_on, approved_from=max(issued_on, today)
    )
    if count > figures.available:
        raise ValidationError(
            PERMIT_SHORT
            % {
                "line": f"“{institution.full_name}”{quota_line.type_label}",
                "approved": figures.approved,
                "occupied": figures.occupied,
                "reserved": figures.reserved,
                "available": max(figures.available, 0),
                "count": count,
            }
        )
    if not number:
        _lock_permit_numbering(institution.region)
        number = next_permit_number(issued_on.year)
    permit = UsagePermit(
        number=number,
        quota_line=quota_line,
        count=count,
        purpose=purpose,
        issued_on=issued_on,
        expires_on=expires_on,
        document=document,
        notes=notes,
    )
    save_tracked(permit, actor=actor, reason="核准使用编制", document=document or number)
    if notify_unit:
        notices.notify(
            notices.unit_clerks(institution),
            kind=NoticeKind.PERMIT,
            text=PERMIT_ISSUED_NOTICE
            % {
                "number": permit.number,
                "line": quota_line.type_label,
                "count": count,
                "expires": expires_on.isoformat(),
            },
            url=reverse("staffing:permit_detail", args=[permit.pk]),
        )
    return permit


def _close_permit(permit: UsagePermit, status: str, on, actor, reason) -> UsagePermit:
    permit = UsagePermit.objects.select_for_update().get(pk=permit.pk)
    if permit.status != PermitStatus.OPEN:
        raise ValidationError(
            PERMIT_NOT_OPEN % {"number": permit.number, "status": PermitStatus(permit.status).label}
        )
    permit.status = status
    permit.closed_on = on
    return save_tracked(permit, actor=actor, reason=reason, document=permit.number)


@transaction.atomic
def permit_cancel(*, permit: UsagePermit, actor, reason: str) -> UsagePermit:
    """Cancel a permit: its unused slots stop being reserved; slots already used stay used."""
    return _close_permit(permit, PermitStatus.CANCELLED, timezone.localdate(), actor, reason)


def permits_expire(*, today: datetime.date, actor) -> int:
    """Mark open permits past their expiry date as expired; return how many."""
    expired = 0
    for permit in UsagePermit.objects.filter(status=PermitStatus.OPEN, expires_on__lt=today):
        with transaction.atomic():
            _close_permit(permit, PermitStatus.EXPIRED, today, actor, "用编通知单到期")
        expired += 1
    return expired


@transaction.atomic
def leadership_quota_set(
    *,
    institution: Institution,
    post_kind: str,
    approved: int,
    document: ApprovalDocument,
    actor,
    reason: str,
    department: InternalDepartment | None = None,
    post_title: str = "",
) -> LeadershipQuota:
    """Approve or change a leadership quota (领导职数); never below its counting holders, and
    above the ceiling of the unit's level only by a document from above (``leadership_ceilings``)."""
    quota = (
        LeadershipQuota.objects.select_for_update()
        .filter(
            institution=institution,
            department=department,
            post_kind=post_kind,
            post_title=post_title,
        )
        .first()
    )
    if quota is None:
        quota = LeadershipQuota(
            institution=institution,
            department=department,
            post_kind=post_kind,
            post_title=post_title,
            approved=approved,
            document=document,
        )
    else:
        filled = occupancy.counting_appointments().filter(quota=quota).count()
        if approved < filled:
            raise ValidationError(
                LEADERSHIP_BELOW_HOLDERS % {"post": quota, "filled": filled, "approved": approved}
            )
        if not apply_changes(quota, {"approved": approved, "document": document}):
            return quota
    check_leadership_ceiling(quota)
    return save_tracked(quota, actor=actor, reason=reason, document=document)


QUOTA_LEFT = "该机构仍核定 %(lines)s，撤销前须将编制全部调出或收回（规则 8）。"


def quota_left_on_abolition(institution: Institution) -> list[str]:
    """Rule 8, for orgs.services.institution_abolish: no quota may be left."""
    left = [
        f"{line.type_label} {line.approved} 名"
        for line in institution.quota_lines.filter(approved__gt=0)
    ]
    return [QUOTA_LEFT % {"lines": "、".join(left)}] if left else []


def quotas_bring_into_force(*, today: datetime.date, actor) -> int:
    """Copy the quota in force today into ``QuotaLine.approved`` where a scheduled adjustment
    has reached its day (rule 15); return how many lines moved. The figures never read the copy
    (selectors compute H from the adjustment lines), so a late run leaves no figure wrong."""
    moved = 0
    lines = with_figures(QuotaLine.objects.all(), on=today).exclude(approved=F("in_force"))
    for line in lines.only("pk"):
        with transaction.atomic():
            line = QuotaLine.objects.select_for_update().get(pk=line.pk)
            line.approved = approved_on(line_schedule(line), today)
            save_tracked(line, actor=actor, reason="编制调整生效")
        moved += 1
    return moved
