"""Reads of the certificates app: changes since issue (from approved change requests and
adjustments of the unit), certificates with pending changes, units not yet reviewed this year, and
what a printed certificate shows."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bianzhi.privacy import FULL, IdPolicy
from orgs.choices import Status
from people.choices import RequestState
from people.models import ChangeRequest
from people.requests.registry import kinds_not_changing_registry
from staffing.models import Adjustment, AdjustmentLine

from .choices import COPIES, CertificateStatus, ChangeSource
from .models import AnnualReview, Certificate, ChangeEntry, Objection, Publicity


@dataclass(frozen=True)
class PendingChange:
    source: str
    pk: int
    changed_on: datetime.date
    document_number: str
    summary: str
    at: datetime.datetime
    entered: bool = False

    @property
    def source_label(self) -> str:
        return ChangeSource(self.source).label


def _approved_requests(institution_ref, since_ref) -> QuerySet:
    """The unit's approved requests after the issue, of the kinds that change the registry (a
    用编申请 changes neither institution, quota nor people: no change page)."""
    return ChangeRequest.objects.filter(
        institution=institution_ref, state=RequestState.APPROVED, decided_at__gt=since_ref
    ).exclude(kind__in=kinds_not_changing_registry())


def _adjustment_lines(institution_ref, since_ref) -> QuerySet:
    return AdjustmentLine.objects.filter(
        institution=institution_ref, adjustment__applied_at__gt=since_ref
    )


def with_pending_changes(certificates: QuerySet) -> QuerySet:
    """Annotate ``has_changes``: a valid certificate whose unit had an approved change request or
    an adjustment after the issue, so its change pages have content until it is reissued. Two
    subqueries, whatever the number of rows."""
    institution, since = OuterRef("institution"), OuterRef("issued_at")
    return certificates.annotate(
        has_changes=Q(status=CertificateStatus.VALID)
        & (
            Exists(_approved_requests(institution, since))
            | Exists(_adjustment_lines(institution, since))
        )
    )


def _request_summary(request: ChangeRequest) -> str:
    names = [item.person_name for item in request.items.all() if item.person_name]
    who = "、".join(names[:10]) + (f" 等 {len(names)} 人" if len(names) > 10 else "")
    return f"{request.get_kind_display()}：{who}" if who else request.get_kind_display()


def _adjustment_summary(adjustment: Adjustment, institution_id: int) -> str:
    lines = "；".join(
        f"{line.get_establishment_type_display()}"
        f"{'（' + line.get_funding_form_display() + '）' if line.funding_form else ''}"
        f" {line.delta:+d}（{line.approved_before}→{line.approved_after}）"
        for line in adjustment.lines.all()
        if line.institution_id == institution_id
    )
    return f"{adjustment.summary}：{lines}" if lines else adjustment.summary


def changes_since_issue(certificate: Certificate) -> list[PendingChange]:
    """Every approved change request and adjustment of the unit after the issue, oldest first,
    each marked whether it is already on the change pages."""
    institution_id = certificate.institution_id
    entered_requests, entered_adjustments = set(), set()
    if certificate.pk:
        for request_id, adjustment_id in certificate.changes.values_list(
            "change_request_id", "adjustment_id"
        ):
            entered_requests.add(request_id)
            entered_adjustments.add(adjustment_id)
    changes = []
    requests = (
        _approved_requests(institution_id, certificate.issued_at)
        .select_related("document")
        .prefetch_related("items")
    )
    for request in requests:
        changes.append(
            PendingChange(
                source=ChangeSource.REQUEST,
                pk=request.pk,
                changed_on=timezone.localdate(request.decided_at),
                document_number=request.document.number
                if request.document_id
                else request.evidence_number or f"申报 {request.number}",
                summary=_request_summary(request),
                at=request.decided_at,
                entered=request.pk in entered_requests,
            )
        )
    adjustments = (
        Adjustment.objects.filter(
            pk__in=_adjustment_lines(institution_id, certificate.issued_at).values("adjustment_id")
        )
        .select_related("document")
        .prefetch_related("lines")
    )
    for adjustment in adjustments:
        changes.append(
            PendingChange(
                source=ChangeSource.ADJUSTMENT,
                pk=adjustment.pk,
                changed_on=adjustment.effective_on,
                document_number=adjustment.document.number,
                summary=_adjustment_summary(adjustment, institution_id),
                at=adjustment.applied_at,
                entered=adjustment.pk in entered_adjustments,
            )
        )
    return sorted(changes, key=lambda change: (change.at, change.source, change.pk))


def unentered_changes(certificate: Certificate) -> list[PendingChange]:
    return [change for change in changes_since_issue(certificate) if not change.entered]


def awaiting_issue(publicities: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """待发证: the latest publicity of an active unit without a valid certificate, ended by
    ``today`` with no unresolved objection and no certificate issued from it yet, what
    ``services.certificate_issue`` asks (rule 20; whether the roster is still the one publicised
    is checked when issuing)."""
    today = today or timezone.localdate()
    later = Publicity.objects.filter(institution=OuterRef("institution")).filter(
        Q(started_on__gt=OuterRef("started_on"))
        | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk"))
    )
    open_objection = Objection.objects.filter(publicity=OuterRef("pk"), resolved_on__isnull=True)
    certified = Certificate.objects.filter(
        Q(publicity=OuterRef("pk"))
        | Q(institution=OuterRef("institution"), status=CertificateStatus.VALID)
    )
    return publicities.filter(ends_on__lt=today, institution__status=Status.ACTIVE).exclude(
        Exists(later) | Exists(open_objection) | Exists(certified)
    )


def not_reviewed(certificates: QuerySet, year: int | None = None) -> QuerySet:
    """Valid certificates issued by ``year`` (this year by default) without its annual review."""
    year = year or timezone.localdate().year
    reviewed = AnnualReview.objects.filter(certificate=OuterRef("pk"), year=year)
    return certificates.filter(status=CertificateStatus.VALID, year__lte=year).exclude(
        Exists(reviewed)
    )


def print_context(
    certificate: Certificate, *, policy: IdPolicy = FULL, as_issued: bool = False
) -> dict:
    """What the printed certificate shows: the frozen snapshot, the change pages and the annual
    reviews, in two copies, each with the short code and QR code of the verification page. The
    issued certificate prints full ID numbers; for a user who may not see them (``policy``) the
    roster is masked, with the birth year only (rule 14). ``as_issued``: the change and review
    pages blank, as the stored PDF froze them."""
    from .printing import qr_svg, verification_url
    from .sealing import unseal

    url = verification_url(certificate.code)
    recorded = certificate.pk and not as_issued
    changes = list(certificate.changes.all()) if recorded else []
    reviews = list(certificate.reviews.all()) if recorded else []
    return {
        "certificate": certificate,
        "snapshot": policy.scrub(unseal(certificate.snapshot)),
        "copies": COPIES,
        "changes": changes,
        "change_blank_rows": range(max(12 - len(changes), 3)),
        "reviews": reviews,
        "review_blank_rows": range(max(6 - len(reviews), 2)),
        "verify_url": url,
        "qr": qr_svg(url),
    }


def entries_of(certificate: Certificate) -> QuerySet:
    return ChangeEntry.objects.filter(certificate=certificate).select_related("entered_by")


def not_in_pdf(certificate: Certificate) -> dict:
    """What was recorded after the issue and so is not in the stored PDF (frozen as issued):
    the print page says so."""
    if not certificate.pk:
        return {"changes": 0, "reviews": 0}
    return {"changes": certificate.changes.count(), "reviews": certificate.reviews.count()}
