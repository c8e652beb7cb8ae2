"""Leadership appointments: 任职 (rules 5 and 18) and 免职. Each locks what it checks and records actor,
reason and document."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.history import save_tracked
from orgs.models import ApprovalDocument
from staffing.models import LeadershipQuota

from ..models import LeadershipAppointment, Person
from ..rules import (  # noqa: F401 (the messages are re-exported by ``people.services``)
    DUAL_IDENTITY_NEEDS_DOCUMENT,
    LEADERSHIP_NEEDS_CIVIL_SERVICE,
    active_record_of,
    check_leadership_post,
)
from .records import check_not_future

APPOINTEE_NOT_ACTIVE = "%(name)s 当前没有在编记录，不能任职（先入编后任职）。"
OVER_LEADERSHIP_QUOTA = (
    "%(post)s核定 %(approved)d 名，已配 %(filled)d 名，再任职将超职数配备（规则 5）；"
    "确需超配须依据批准文件，并列入违规清单。"
)
APPOINTMENT_ENDED = "该任职已于 %(date)s 免职。"
END_BEFORE_START = "免职时间不能早于任职时间 %(date)s。"


@transaction.atomic
def appointment_start(
    *,
    person: Person,
    quota: LeadershipQuota,
    title: str,
    started_on: datetime.date,
    document: ApprovalDocument,
    actor,
    counts_against_quota: bool = True,
    exemption_document: ApprovalDocument | None = None,
    over_quota_document: ApprovalDocument | None = None,
    civil_service_document: ApprovalDocument | None = None,
    dual_identity_document: ApprovalDocument | None = None,
    reason: str = "任职",
) -> LeadershipAppointment:
    """Appoint a person to a leadership post (rule 5): holders counting against the quota may
    not exceed it, unless a document allows it (then listed as a violation).

    Rule 18: an organ or 参公 post needs civil-servant status (or ``civil_service_document``); a
    post outside the unit of the holder's active record is 双重身份, allowed only with
    ``dual_identity_document`` and listed by ``selectors.dual_identity_appointments``."""
    check_not_future(started_on, "任职时间")
    quota = (
        LeadershipQuota.objects.select_for_update().select_related("institution").get(pk=quota.pk)
    )
    person = Person.objects.select_for_update().get(pk=person.pk)
    record = active_record_of(person)
    if record is None:
        raise ValidationError(APPOINTEE_NOT_ACTIVE % {"name": person.name})
    check_leadership_post(
        institution=quota.institution,
        home=record.institution,
        registered=person.civil_servant_registered,
        name=person.name,
        civil_service_documented=civil_service_document is not None,
        dual_identity_documented=dual_identity_document is not None,
    )
    if counts_against_quota:
        filled = quota.appointments.filter(ended_on__isnull=True, counts_against_quota=True).count()
        if filled >= quota.approved and over_quota_document is None:
            raise ValidationError(
                OVER_LEADERSHIP_QUOTA
                % {"post": quota, "approved": quota.approved, "filled": filled}
            )
    appointment = LeadershipAppointment(
        person=person,
        quota=quota,
        title=title,
        started_on=started_on,
        start_document=document,
        counts_against_quota=counts_against_quota,
        exemption_document=exemption_document,
        over_quota_document=over_quota_document if counts_against_quota else None,
        civil_service_document=civil_service_document,
        dual_identity_document=(
            dual_identity_document if quota.institution_id != record.institution.pk else None
        ),
    )
    return save_tracked(appointment, actor=actor, reason=reason, document=document)


@transaction.atomic
def appointment_end(
    *,
    appointment: LeadershipAppointment,
    ended_on: datetime.date,
    document: ApprovalDocument,
    actor,
    reason: str = "免职",
) -> LeadershipAppointment:
    check_not_future(ended_on, "免职时间")
    appointment = LeadershipAppointment.objects.select_for_update().get(pk=appointment.pk)
    if not appointment.is_current:
        raise ValidationError(APPOINTMENT_ENDED % {"date": appointment.ended_on.isoformat()})
    if ended_on < appointment.started_on:
        raise ValidationError(END_BEFORE_START % {"date": appointment.started_on.isoformat()})
    appointment.ended_on = ended_on
    appointment.end_document = document
    return save_tracked(appointment, actor=actor, reason=reason, document=document)
