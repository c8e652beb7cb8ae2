"""Writes of the certificates app: publicity, objections, issue, reissue, withdrawal, change
pages and annual review. Each runs in one transaction, locks what it checks and records history
with actor and reason (rule 13)."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from attachments.services import attachment_add
from bianzhi.history import save_tracked
from orgs.models import Institution, Region

from . import printing, selectors
from .choices import CertificateStatus, ChangeSource
from .models import AnnualReview, Certificate, ChangeEntry, Objection, Publicity
from .rendering import pdf_queue
from .sealing import seal
from .snapshot import roster_changes, unit_snapshot

INSTITUTION_ABOLISHED = "“%(name)s”已撤销，不能公示或发证。"
PUBLICITY_RUNNING = "“%(name)s”正在公示（至 %(ends)s），不能再开始新的公示。"
PUBLICITY_NOT_STARTED_IN_FUTURE = "公示开始日期不能晚于今天。"
PUBLICITY_STARTED_BEFORE_REGISTERED = (
    "公示开始日期不能早于登记公示的日期（%(registered)s）：公示自登记之日起算，"
    "不能补登已过去的日期（规则 20）。"
)
REGISTERED_IN_FUTURE = "公示的登记时间不能晚于现在。"
OBJECTION_AFTER_PUBLICITY = "异议须在公示期内（%(start)s 至 %(end)s）提出。"
PUBLICITY_TERMINATED = "该公示已于 %(on)s 终止，不能再登记异议；请在重新公示时提出。"
PUBLICITY_TERMINATED_REPUBLICISE = "“%(name)s”的最近一次公示已于 %(on)s 终止，请重新公示。"
OBJECTION_ALREADY_RESOLVED = "该异议已经处理。"
OBJECTION_RESOLUTION_REQUIRED = "请填写异议的处理结果。"
NO_PUBLICITY = "“%(name)s”尚未公示，须先公示 %(days)d 天且无未处理的异议才能发证。"
PUBLICITY_NOT_ENDED = "“%(name)s”的公示期至 %(ends)s 结束，公示期满后才能发证。"
PUBLICITY_USED = "“%(name)s”的最近一次公示已用于发证，请重新公示。"
ROSTER_CHANGED_SINCE_PUBLICITY = (
    "“%(name)s”的人员名册自 %(started)s 开始公示以来已有变化（%(changes)s），"
    "证书须与公示的名册一致，请重新公示（规则 20）。"
)
ROSTER_ADDED = "新增：%s"
ROSTER_REMOVED = "减少：%s"
ROSTER_ALTERED = "信息变化：%s"
OPEN_OBJECTION = "“%(name)s”的公示尚有 %(count)d 件异议未处理，处理完毕后才能发证。"
ALREADY_CERTIFIED = "“%(name)s”已持有有效的机构编制管理证（%(number)s），如有变更请换发。"
NOT_VALID = "证书“%(number)s”状态为“%(status)s”，不能再换发、收回或登记。"
WITHDRAWAL_NEEDS_REASON = "请填写收回原因。"
NOTHING_TO_ENTER = "自发证以来没有未登记的变更。"
REVIEW_YEAR_INVALID = "年审年度须在发证年度与今年之间。"
REVIEW_ON_INVALID_CERTIFICATE = "只能对有效的证书进行年审。"
DATE_IN_FUTURE = "日期不能晚于今天。"

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def _locked_institution(institution: Institution) -> Institution:
    current = Institution.objects.select_for_update().get(pk=institution.pk)
    if not current.is_active:
        raise ValidationError(INSTITUTION_ABOLISHED % {"name": current.full_name})
    return current


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE})


# --- publicity --------------------------------------------------------------------------------


@transaction.atomic
def publicity_start(
    *,
    institution: Institution,
    actor,
    started_on: datetime.date | None = None,
    reason: str = "开始公示",
    registered_at: datetime.datetime | None = None,
) -> Publicity:
    """公示: freeze the roster and figures as published, for PUBLICITY_DAYS days from
    ``started_on``. ID numbers are frozen masked: a notice never shows them (rule 14).

    Rule 20: a publicity starts on the day it is registered, so ``started_on`` is today (a
    later day is refused too, as the snapshot is frozen now). ``registered_at`` is only for
    loaders that record a publicity held on a past day — the demo county, and paper records
    entered afterwards: the publicity is then recorded as registered at that moment and starts
    on that day or later. Pages never pass it."""
    institution = _locked_institution(institution)
    now = timezone.now()
    today = timezone.localdate(now)
    registered_at = registered_at or now
    if registered_at > now:
        raise ValidationError(REGISTERED_IN_FUTURE)
    registered_on = timezone.localdate(registered_at)
    started_on = started_on or registered_on
    if started_on > today:
        raise ValidationError({"started_on": PUBLICITY_NOT_STARTED_IN_FUTURE})
    if started_on < registered_on:
        raise ValidationError(
            {"started_on": PUBLICITY_STARTED_BEFORE_REGISTERED % {"registered": registered_on}}
        )
    running = (
        institution.publicities.filter(ends_on__gte=today, terminated_on__isnull=True)
        .order_by("-ends_on")
        .first()
    )
    if running is not None:
        raise ValidationError(
            PUBLICITY_RUNNING % {"name": institution.full_name, "ends": running.ends_on}
        )
    latest = institution.publicities.order_by("-started_on", "-pk").first()
    days = settings.BIANZHI["PUBLICITY_DAYS"]
    publicity = Publicity(
        institution=institution,
        started_on=started_on,
        ends_on=started_on + datetime.timedelta(days=days - 1),
        snapshot=unit_snapshot(institution, full_id_numbers=False),
        started_by=actor,
        created_at=registered_at,
        # 重新公示: the publicity a justified objection terminated is followed by this one.
        previous=latest if latest is not None and latest.is_terminated else None,
    )
    return save_tracked(publicity, actor=actor, reason=reason)


@transaction.atomic
def objection_record(
    *,
    publicity: Publicity,
    content: str,
    actor,
    raised_on: datetime.date | None = None,
    raised_by: str = "",
    reason: str = "登记公示异议",
    attachment=None,
) -> Objection:
    """登记异议, with the file that came with it (``attachment``, an upload) if any."""
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.is_terminated:
        raise ValidationError(PUBLICITY_TERMINATED % {"on": publicity.terminated_on})
    raised_on = raised_on or timezone.localdate()
    _not_in_future(raised_on, "raised_on")
    if not publicity.started_on <= raised_on <= publicity.ends_on:
        raise ValidationError(
            {
                "raised_on": OBJECTION_AFTER_PUBLICITY
                % {"start": publicity.started_on, "end": publicity.ends_on}
            }
        )
    objection = Objection(
        publicity=publicity, raised_on=raised_on, raised_by=raised_by, content=content
    )
    save_tracked(objection, actor=actor, reason=reason)
    if attachment is not None:
        attachment_add(owner=objection, upload=attachment, actor=actor)
    return objection


@transaction.atomic
def objection_resolve(
    *,
    objection: Objection,
    resolution: str,
    actor,
    resolved_on: datetime.date | None = None,
    reason: str = "处理公示异议",
) -> Objection:
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not objection.is_open:
        raise ValidationError(OBJECTION_ALREADY_RESOLVED)
    if not resolution.strip():
        raise ValidationError({"resolution": OBJECTION_RESOLUTION_REQUIRED})
    resolved_on = resolved_on or timezone.localdate()
    _not_in_future(resolved_on, "resolved_on")
    objection.resolved_on = resolved_on
    objection.resolution = resolution.strip()
    objection.resolved_by = actor
    return save_tracked(objection, actor=actor, reason=reason)


# --- issue, reissue, withdrawal ---------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Certificate.objects.filter(code=code).exists():
            return code


def _next_serial(region: Region, year: int) -> tuple[int, str]:
    """Callers hold the lock on the region row, so two issues cannot take the same serial."""
    last = (
        Certificate.objects.filter(region=region, year=year)
        .order_by("-serial")
        .values_list("serial", flat=True)
        .first()
    )
    serial = (last or 0) + 1
    number = settings.BIANZHI["CERTIFICATE_NUMBER_FORMAT"].format(
        prefix=settings.BIANZHI["CERTIFICATE_NUMBER_PREFIX"], year=year, serial=serial
    )
    return serial, number


def _check_publicity(institution: Institution, today: datetime.date) -> Publicity:
    name = institution.full_name
    publicity = institution.publicities.order_by("-started_on", "-pk").first()
    if publicity is None:
        raise ValidationError(
            NO_PUBLICITY % {"name": name, "days": settings.BIANZHI["PUBLICITY_DAYS"]}
        )
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.is_terminated:
        raise ValidationError(
            PUBLICITY_TERMINATED_REPUBLICISE % {"name": name, "on": publicity.terminated_on}
        )
    if not publicity.has_ended(today):
        raise ValidationError(PUBLICITY_NOT_ENDED % {"name": name, "ends": publicity.ends_on})
    open_count = publicity.objections.filter(resolved_on__isnull=True).count()
    if open_count:
        raise ValidationError(OPEN_OBJECTION % {"name": name, "count": open_count})
    if publicity.certificates.exists():
        raise ValidationError(PUBLICITY_USED % {"name": name})
    return publicity


def _check_roster_as_publicised(
    institution: Institution, publicity: Publicity, snapshot: dict
) -> None:
    """Rule 20: the certificate prints exactly the publicised roster. ``snapshot`` is what the
    certificate is about to print; any person added, removed or changed since the publicity
    began refuses the issue, naming them."""
    changes = roster_changes(publicity.snapshot.get("roster", []), snapshot.get("roster", []))
    if changes.unchanged:
        return
    parts = [
        template % "、".join(names)
        for template, names in (
            (ROSTER_ADDED, changes.added),
            (ROSTER_REMOVED, changes.removed),
            (ROSTER_ALTERED, changes.altered),
        )
        if names
    ]
    raise ValidationError(
        ROSTER_CHANGED_SINCE_PUBLICITY
        % {
            "name": institution.full_name,
            "started": publicity.started_on,
            "changes": "；".join(parts),
        }
    )


def _issue(
    *,
    institution: Institution,
    actor,
    reason: str,
    publicity: Publicity | None,
    previous: Certificate | None,
    store_pdf: bool,
) -> Certificate:
    problem = printing.verify_base_problem()
    if problem:
        raise ValidationError(problem)
    region = Region.objects.select_for_update().get(pk=institution.region_id)
    snapshot = unit_snapshot(institution, full_id_numbers=True)
    if publicity is not None:
        _check_roster_as_publicised(institution, publicity, snapshot)
    now = timezone.now()
    today = timezone.localdate(now)
    serial, number = _next_serial(region, today.year)
    last_edition = (
        institution.certificates.order_by("-edition").values_list("edition", flat=True).first()
    )
    certificate = Certificate(
        institution=institution,
        region=region,
        year=today.year,
        serial=serial,
        number=number,
        edition=(last_edition or 0) + 1,
        issued_on=today,
        issued_at=now,
        issuing_office=settings.BIANZHI["OFFICE_NAME"],
        snapshot=seal(snapshot),
        publicity=publicity,
        previous=previous,
        code=_new_code(),
        issued_by=actor,
    )
    certificate.full_clean()
    certificate = save_tracked(certificate, actor=actor, reason=reason)
    if store_pdf:
        # Rendered by the task worker once the snapshot has committed, outside the lock.
        pdf_queue(certificate)
        certificate.refresh_from_db()
    return certificate


@transaction.atomic
def certificate_issue(
    *,
    institution: Institution,
    actor,
    reason: str = "核发机构编制管理证",
    store_pdf: bool = True,
) -> Certificate:
    """Issue the first (or, after a withdrawal, a new) certificate: only after a publicity that
    has ended with no unresolved objection, and only while the roster is still the one
    publicised (rule 20). The snapshot is frozen now; the PDF is rendered from it by the task
    worker once the issue has committed."""
    institution = _locked_institution(institution)
    current = institution.certificates.filter(status=CertificateStatus.VALID).first()
    if current is not None:
        raise ValidationError(
            ALREADY_CERTIFIED % {"name": institution.full_name, "number": current.number}
        )
    publicity = _check_publicity(institution, timezone.localdate())
    return _issue(
        institution=institution,
        actor=actor,
        reason=reason,
        publicity=publicity,
        previous=None,
        store_pdf=store_pdf,
    )


def _locked_valid(certificate: Certificate) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.is_valid:
        raise ValidationError(
            NOT_VALID % {"number": certificate.number, "status": certificate.get_status_display()}
        )
    return certificate


def _end(certificate, status, *, actor, reason, document=None) -> Certificate:
    certificate.status = status
    certificate.ended_on = timezone.localdate()
    certificate.end_reason = reason
    certificate.end_document = document
    return save_tracked(certificate, actor=actor, reason=reason, document=document)


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, actor, reason: str = "换发机构编制管理证", store_pdf: bool = True
) -> Certificate:
    """换发: a new edition from today's registry (its change pages start empty); the old edition
    is marked replaced and its verification page says so."""
    certificate = _locked_valid(certificate)
    institution = _locked_institution(certificate.institution)
    _end(certificate, CertificateStatus.REPLACED, actor=actor, reason=reason)
    return _issue(
        institution=institution,
        actor=actor,
        reason=reason,
        publicity=None,
        previous=certificate,
        store_pdf=store_pdf,
    )


@transaction.atomic
def certificate_withdraw(
    *, certificate: Certificate, actor, reason: str, document=None
) -> Certificate:
    """收回: the unit was abolished or merged, or the office withdraws the certificate."""
    if not reason.strip():
        raise ValidationError({"reason": WITHDRAWAL_NEEDS_REASON})
    certificate = _locked_valid(certificate)
    return _end(
        certificate, CertificateStatus.WITHDRAWN, actor=actor, reason=reason, document=document
    )


def withdraw_on_abolition(*, institution, document, abolished_on, actor, reason) -> None:
    """Called by orgs.services.institution_abolish (registered in CertificatesConfig.ready)."""
    for certificate in Certificate.objects.filter(
        institution=institution, status=CertificateStatus.VALID
    ):
        certificate_withdraw(
            certificate=certificate,
            actor=actor,
            reason=f"机构撤销（并），收回证书：{reason}",
            document=document,
        )


# --- change pages -----------------------------------------------------------------------------


@transaction.atomic
def changes_enter(*, certificate: Certificate, actor, reason: str = "登记变更") -> list:
    """变更登记: put every approved change since the issue that is not yet on the change pages
    onto them, with its date, document number and what changed, frozen as entered."""
    certificate = _locked_valid(certificate)
    pending = selectors.unentered_changes(certificate)
    if not pending:
        raise ValidationError(NOTHING_TO_ENTER)
    entries = []
    for change in pending:
        entry = ChangeEntry(
            certificate=certificate,
            source=change.source,
            change_request_id=change.pk if change.source == ChangeSource.REQUEST else None,
            adjustment_id=change.pk if change.source == ChangeSource.ADJUSTMENT else None,
            changed_on=change.changed_on,
            document_number=change.document_number,
            summary=change.summary,
            entered_by=actor,
        )
        entries.append(save_tracked(entry, actor=actor, reason=reason))
    return entries


# --- annual review ----------------------------------------------------------------------------


@transaction.atomic
def annual_review_record(
    *,
    certificate: Certificate,
    result: str,
    actor,
    year: int | None = None,
    reviewed_on: datetime.date | None = None,
    remarks: str = "",
    reason: str = "年审",
) -> AnnualReview:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.is_valid:
        raise ValidationError(REVIEW_ON_INVALID_CERTIFICATE)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    _not_in_future(reviewed_on, "reviewed_on")
    year = year or reviewed_on.year
    if not certificate.issued_on.year <= year <= today.year:
        raise ValidationError({"year": REVIEW_YEAR_INVALID})
    review = AnnualReview(
        certificate=certificate,
        year=year,
        result=result,
        reviewed_on=reviewed_on,
        remarks=remarks,
        reviewed_by=actor,
    )
    return save_tracked(review, actor=actor, reason=reason)
