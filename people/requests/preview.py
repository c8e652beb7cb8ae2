"""The figures before → after a request's approval and every rule it would break: the approval
run on the registry and rolled back. ``apply_items`` is the approval's own loop."""

import datetime
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from bianzhi import privacy
from orgs.models import ApprovalDocument
from staffing.models import QuotaLine, UsagePermit

from .. import selectors
from ..choices import RequestState
from ..models import ChangeRequest, ChangeRequestItem
from ..rules import ACTIVE_ELSEWHERE, ALREADY_ACTIVE_CODE
from .approval import Approval
from .registry import spec_for

REFUSED_ITEM = "%(name)s：%(message)s"


HELD_BY_OTHERS = (
    "用编通知单“%(number)s”尚余 %(left)d 名，其中 %(held)d 名已由其他已报送的申报（%(requests)s）"
    "申报使用，本申报另需 %(wanted)d 名：先核准的申报先用，本申报核准时可能被拒绝（规则 16）。"
)
OTHER_REQUEST = "%(number)s %(institution)s"
PENDING_DECISION = (RequestState.SUBMITTED, RequestState.REVIEWED)


@dataclass
class RequestPreview:
    comparisons: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # The same refusals as a unit reads them: naming no other unit (rule 14).
    unit_errors: list[str] = field(default_factory=list)
    # Places this request needs that other submitted requests claim too (rule 16).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, user) -> list[str]:
        return self.errors if privacy.sees_refusals_in_full(user) else self.unit_errors

    def as_seen_by(self, user) -> "RequestPreview":
        return replace(self, errors=self.errors_for(user))

    @property
    def needs_confirmation(self) -> bool:
        """Passing it on (审核) or approving it needs the decider's explicit confirmation."""
        return bool(self.errors or self.warnings)


class _RollBack(Exception):
    pass


def measure_item(item: ChangeRequestItem, on: datetime.date) -> selectors.Measurement:
    """The figures ``item`` changes: the quota lines of its record and of its data, the permit
    its data names, and whatever else its kind touches."""
    data = item.data
    measurement: selectors.Measurement = {}
    lines = []
    if item.record_id:
        lines.append(item.record.quota_line)
    if data.get("quota_line"):
        lines.append(QuotaLine.objects.select_related("institution").get(pk=data["quota_line"]))
    for line in lines:
        measurement.update(selectors.line_measurement(line, on=on))
    if data.get("permit"):
        measurement.update(selectors.permit_measurement(UsagePermit.objects.get(pk=data["permit"])))
    measure = spec_for(item.effective_kind).measure
    if measure is not None:
        measurement.update(measure(item, on))
    return measurement


def _measure(items, on) -> selectors.Measurement:
    measurement: selectors.Measurement = {}
    for item in items:
        measurement.update(measure_item(item, on))
    return measurement


def request_preview(request: ChangeRequest, *, on: datetime.date | None = None) -> RequestPreview:
    """Run the approval on a copy of the registry and roll it back: what it would change, and
    what it would be refused for (each item's own refusal, by name)."""
    on = on or timezone.localdate()
    items = list(
        request.items.select_related(
            "person", "record__person", "record__quota_line__institution", "appointment__quota"
        )
    )
    preview = RequestPreview()
    before = _measure(items, on)
    try:
        with transaction.atomic():
            document = request.document or _placeholder_document(request, on)
            approval = Approval(
                actor=request.created_by, document=document, on=on, reason="预览（不保存）"
            )
            preview.errors = apply_items(
                request, items, approval, collect=True, unit_errors=preview.unit_errors
            )
            after = _measure(items, on)
            raise _RollBack
    except _RollBack:
        pass
    preview.comparisons = selectors.compare(before, after)
    preview.warnings = held_by_other_requests(request, items)
    return preview


def held_by_other_requests(request: ChangeRequest, items) -> list[str]:
    """For each permit the items use: a warning naming the other submitted (or reviewed)
    requests that claim its places too, when together they want more than it has left."""
    wanted: dict[int, int] = {}
    for item in items:
        if item.data.get("permit"):
            wanted[item.data["permit"]] = wanted.get(item.data["permit"], 0) + 1
    if not wanted:
        return []
    permits = UsagePermit.objects.filter(pk__in=wanted).annotate(used=Count("records"))
    claims = (
        ChangeRequestItem.objects.filter(request__state__in=PENDING_DECISION)
        .exclude(request=request)
        .filter(data__permit__in=list(wanted))
        .select_related("request__institution")
        .order_by("request_id", "pk")
    )
    held: dict[int, list[ChangeRequestItem]] = {}
    for claim in claims:
        held.setdefault(claim.data["permit"], []).append(claim)
    warnings = []
    for permit in permits.order_by("pk"):
        others = held.get(permit.pk, [])
        left = permit.count - permit.used
        if not others or len(others) + wanted[permit.pk] <= left:
            continue
        named = dict.fromkeys(
            OTHER_REQUEST
            % {"number": o.request.number, "institution": o.request.institution.full_name}
            for o in others
        )
        warnings.append(
            HELD_BY_OTHERS
            % {
                "number": permit.number,
                "left": left,
                "held": len(others),
                "requests": "、".join(named),
                "wanted": wanted[permit.pk],
            }
        )
    return warnings


def _placeholder_document(request, on) -> ApprovalDocument:
    """A document standing in for the office's, inside the rolled-back preview only."""
    document = ApprovalDocument(
        number=f"预览-{request.pk}",
        title="预览",
        issuer="预览",
        issued_on=on,
        region=request.institution.region,
    )
    document.save()
    return document


def _application_order(item: ChangeRequestItem) -> int:
    """In a roster batch the exits go first and the entries last: 先出后进 (rule 2)."""
    return spec_for(item.kind).application_order if item.kind else 0


def apply_items(
    request, items, approval: Approval, *, collect: bool, unit_errors: list | None = None
) -> list[str]:
    """Apply every item in order, each behind its own savepoint; return the refusals by name
    (``collect``) or raise the first. ``unit_errors`` collects them as a unit reads them."""
    errors = []
    for item in sorted(items, key=_application_order):
        try:
            with transaction.atomic():
                spec_for(item.effective_kind).apply(item, request, approval)
        except ValidationError as error:
            if not collect:
                raise
            name = item.person_name or request.institution.full_name
            for message, code in _refusals(error):
                errors.append(REFUSED_ITEM % {"name": name, "message": message})
                if unit_errors is not None:
                    if code == ALREADY_ACTIVE_CODE:
                        message = ACTIVE_ELSEWHERE
                    unit_errors.append(REFUSED_ITEM % {"name": name, "message": message})
    return errors


def _refusals(error: ValidationError) -> list[tuple[str, str | None]]:
    """Each message of ``error`` with its code."""
    if hasattr(error, "error_dict"):
        return [(message, None) for message in error.messages]
    return [(next(iter(single)), single.code) for single in error.error_list]
