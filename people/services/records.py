"""Writes to named personnel: registration, entry (入编), exit (出编) and transfer (调动). Each
locks what it checks and records actor, reason and document."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import apply_changes, save_tracked
from orgs.models import ApprovalDocument, InternalDepartment
from staffing import pools, special_quotas
from staffing.choices import PermitStatus
from staffing.models import QuotaLine, UsagePermit
from staffing.selectors import placement_figures

from ..choices import EndReason, RecordStatus
from ..dates import check_not_future
from ..models import EstablishmentRecord, LeadershipAppointment, Person
from ..rules import (  # noqa: F401 (the messages are re-exported by ``people.services``)
    ALREADY_ACTIVE,
    CIVIL_SERVANT_REQUIRED,
    EXAM_PERMIT_NEEDS_EXAM,
    PAST_RETIREMENT_ON_ENTRY,
    REGISTRATION_NEEDED_BY_APPOINTMENT,
    REGISTRATION_NEEDED_BY_POST,
    UNDER_ENTRY_AGE,
    WORKER_NEEDS_WORKER_SLOT,
    WORKER_SLOT_NEEDS_WORKER,
    check_entry_age,
    check_entry_allowed,
    check_entry_way,
    check_id_number_free,
    check_no_active_record,
    check_post_fits,
    check_registration_revocable,
)

ENTRY_NEEDS_PERMIT = (
    "入编须使用本单位同类编制有剩余名额的用编通知单（规则 3）。%(line)s核定 %(approved)d 名，"
    "实有 %(occupied)d 人，已核准未使用 %(reserved)d 名。"
)
PERMIT_USED_UP = (
    "用编通知单“%(number)s”核准 %(count)d 名，已使用 %(used)d 名，没有剩余名额（规则 3）。"
)
PERMIT_NOT_OPEN_ON = (
    "用编通知单“%(number)s”在 %(date)s 不在有效期内或已注销（有效期 %(issued)s 至 %(expires)s）。"
)
PERMIT_OTHER_LINE = "用编通知单“%(number)s”核准的是%(permit_line)s，不能用于%(line)s（规则 3）。"
NO_VACANCY = "%(line)s核定 %(approved)d 名，实有 %(occupied)d 人，已无空编，须先出后进（规则 2）。"
NO_UNRESERVED_VACANCY = (
    "%(line)s核定 %(approved)d 名，实有 %(occupied)d 人，已核准未使用的用编通知单预留 "
    "%(reserved)d 名，已无可用空编（规则 16）。"
)
DEPARTMENT_OF_OTHER_INSTITUTION = "所选内设机构不属于“%(institution)s”。"
EXIT_BEFORE_ENTRY = "出编时间 %(ended)s 不能早于入编时间 %(entry)s。"
RECORD_NOT_ACTIVE = "%(name)s 的这条占编记录已结束，不能再办理。"
TRANSFER_TO_SAME_UNIT = "调动须调往其他单位；本单位内岗位变化请办理信息更正。"
LOCKED_FIELDS = frozenset({"name", "id_number", "birth_date", "work_started_on"})

# Other apps act when a record has ended (出编 or 调出), in the same transaction (e.g. reclaims
# proposes reclaiming the vacancy it leaves, rule 25). Each is called with keyword arguments
# record and actor.
record_end_hooks: list = []


def _line_label(line: QuotaLine) -> str:
    return f"“{line.institution.full_name}”{line.type_label}"


@transaction.atomic
def person_register(*, actor, region, reason: str = "登记实名人员", **fields) -> Person:
    """Register a person (rule 11: the ID number is checked, birth date and sex derived; rule 7:
    an ID number is registered once)."""
    check_id_number_free(fields.get("id_number", ""))
    return save_tracked(Person(region=region, **fields), actor=actor, reason=reason)


@transaction.atomic
def person_update(*, person: Person, actor, reason: str, changes: dict, document=None) -> Person:
    """Change a person's details. Revoking civil-servant registration is refused while a post
    needs it (rules 6 and 18): the post is changed or left first."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.civil_servant_registered and changes.get("civil_servant_registered") is False:
        check_registration_revocable(person)
    if apply_changes(person, changes):
        save_tracked(person, actor=actor, reason=reason, document=document)
    return person


def _check_post_fits(person: Person, line: QuotaLine, post_category: str) -> None:
    check_post_fits(
        institution=line.institution,
        establishment_type=line.establishment_type,
        post_category=post_category,
        civil_servant_registered=person.civil_servant_registered,
        name=person.name,
    )


def _check_department(department: InternalDepartment | None, line: QuotaLine) -> None:
    if department is not None and department.institution_id != line.institution_id:
        raise ValidationError(
            {"department": DEPARTMENT_OF_OTHER_INSTITUTION % {"institution": line.institution}}
        )


def _usable_permit(permit: UsagePermit | None, line: QuotaLine, on: datetime.date) -> UsagePermit:
    """Rule 3: an open permit of the same quota line with an unused slot, locked."""
    if permit is None:
        figures = placement_figures(line, on=on)
        raise ValidationError(
            ENTRY_NEEDS_PERMIT
            % {
                "line": _line_label(line),
                "approved": figures.approved,
                "occupied": figures.occupied,
                "reserved": figures.reserved,
            }
        )
    permit = UsagePermit.objects.select_for_update().get(pk=permit.pk)
    if permit.quota_line_id != line.pk:
        raise ValidationError(
            PERMIT_OTHER_LINE
            % {
                "number": permit.number,
                "permit_line": _line_label(permit.quota_line),
                "line": _line_label(line),
            }
        )
    if permit.status != PermitStatus.OPEN or not permit.issued_on <= on <= permit.expires_on:
        raise ValidationError(
            PERMIT_NOT_OPEN_ON
            % {
                "number": permit.number,
                "date": on.isoformat(),
                "issued": permit.issued_on.isoformat(),
                "expires": permit.expires_on.isoformat(),
            }
        )
    used = permit.records.count()
    if used >= permit.count:
        raise ValidationError(
            PERMIT_USED_UP % {"number": permit.number, "count": permit.count, "used": used}
        )
    check_place_on_line(line, on, permit=permit)
    return permit


def check_place_on_line(
    line: QuotaLine, on: datetime.date | None = None, *, permit: UsagePermit | None = None
) -> None:
    """The one occupancy check of every path that places a person on ``line`` (entry, transfer,
    correction, import; rule 16): the slots in force on ``on`` less the people in them and the
    slots reserved by open permits. A place under ``permit`` is one of its own reservations, so
    only the people are counted against it; without a permit the reservations count too. H is
    the lowest in force from ``on`` to today (rule 15). A permit of a talent special quota places
    the person on that special quota's own slots instead (rule 27)."""
    if permit is not None and permit.special_quota_id:
        special_quotas.check_special_place(permit)
        return
    figures = placement_figures(line, on=on or timezone.localdate())
    if permit is not None:
        if figures.occupied >= figures.approved:
            raise ValidationError(
                NO_VACANCY
                % {
                    "line": _line_label(line),
                    "approved": figures.approved,
                    "occupied": figures.occupied,
                }
            )
        return
    if figures.occupied + figures.reserved >= figures.approved:
        raise ValidationError(
            NO_UNRESERVED_VACANCY
            % {
                "line": _line_label(line),
                "approved": figures.approved,
                "occupied": figures.occupied,
                "reserved": figures.reserved,
            }
        )


def _open_record(
    *, person, line, permit, department, post_category, entry_on, actor, reason, **fields
) -> EstablishmentRecord:
    _check_department(department, line)
    _check_post_fits(person, line, post_category)
    check_entry_age(
        birth_date=person.birth_date,
        sex=person.sex,
        post_category=post_category,
        entry_on=entry_on,
        name=person.name,
    )
    check_no_active_record(person)
    check_entry_allowed(line.institution)
    permit = _usable_permit(permit, line, entry_on)
    record = EstablishmentRecord(
        person=person,
        quota_line=line,
        permit=permit,
        department=department,
        post_category=post_category,
        entry_on=entry_on,
        **fields,
    )
    return save_tracked(record, actor=actor, reason=reason, document=fields.get("entry_document"))


@transaction.atomic
def entry_register(
    *,
    person: Person,
    quota_line: QuotaLine,
    permit: UsagePermit | None,
    post_category: str,
    entry_way: str,
    entry_on: datetime.date,
    actor,
    department: InternalDepartment | None = None,
    person_category: str = "staff",
    job_title: str = "",
    entry_document: ApprovalDocument | None = None,
    exam_exemption_document: ApprovalDocument | None = None,
    reason: str = "入编",
) -> EstablishmentRecord:
    """Register an entry (入编): rule 3 (an open permit of that line, consuming one slot; a
    permit for 招考 takes entries by examination or recruitment unless ``exam_exemption_document``
    allows otherwise: 凡进必考), rule 6 (type and post suit the unit), rule 7 (no second active
    record), rule 19 (entry age)."""
    check_not_future(entry_on, "入编时间")
    person = Person.objects.select_for_update().get(pk=person.pk)
    line = QuotaLine.objects.select_for_update().select_related("institution").get(pk=quota_line.pk)
    if permit is not None:
        check_entry_way(
            permit_number=permit.number,
            purpose=permit.purpose,
            entry_way=entry_way,
            documented=exam_exemption_document is not None,
        )
    return _open_record(
        person=person,
        line=line,
        permit=permit,
        department=department,
        post_category=post_category,
        entry_on=entry_on,
        actor=actor,
        reason=reason,
        person_category=person_category,
        job_title=job_title,
        entry_way=entry_way,
        entry_document=entry_document,
        exam_exemption_document=exam_exemption_document,
    )


@transaction.atomic
def person_enter(
    *,
    person: Person | None,
    new_person: dict | None,
    quota_line: QuotaLine,
    actor,
    reason: str = "入编",
    **entry,
) -> EstablishmentRecord:
    """入编登记 of a registered ``person``, or of one registered here from ``new_person`` (the
    person's fields) in the quota line's region; ``entry`` are the keywords of ``entry_register``.

    Rule 11 (a new person's ID number is checked, birth date and sex derived from it), rule 7 (an
    ID number is registered once, a person holds one active record), rule 3 (an open permit of
    that line) and rule 6 (type and post suit the unit). One transaction: a refused entry leaves
    no newly registered person behind.
    """
    if (person is None) == (new_person is None):
        raise TypeError("person_enter takes either a registered person or a new person's fields.")
    if person is None:
        person = person_register(
            actor=actor, region=quota_line.institution.region, reason=reason, **new_person
        )
    return entry_register(person=person, quota_line=quota_line, actor=actor, reason=reason, **entry)


def _end_appointments(person, on, document, actor, reason, institution=None) -> None:
    current = LeadershipAppointment.objects.select_for_update().filter(
        person=person, ended_on__isnull=True
    )
    if institution is not None:
        current = current.filter(quota__institution=institution)
    for appointment in current:
        appointment.ended_on = max(on, appointment.started_on)
        appointment.end_document = document
        save_tracked(appointment, actor=actor, reason=reason, document=document)


def _close_record(record, ended_on, end_reason, end_document, actor, reason, destination=""):
    if not record.is_active:
        raise ValidationError(RECORD_NOT_ACTIVE % {"name": record.person.name})
    if ended_on < record.entry_on:
        raise ValidationError(
            {
                "ended_on": EXIT_BEFORE_ENTRY
                % {"ended": ended_on.isoformat(), "entry": record.entry_on.isoformat()}
            }
        )
    record.status = RecordStatus.ENDED
    record.ended_on = ended_on
    record.end_reason = end_reason
    record.end_document = end_document
    record.end_destination = destination.strip()
    save_tracked(record, actor=actor, reason=reason, document=end_document)
    _end_appointments(
        record.person, ended_on, end_document, actor, reason, institution=record.institution
    )
    # A borrowed or talent special slot goes back to its pool with its holder (rules 26, 27).
    pools.holder_left(
        permit_id=record.permit_id, ended_on=ended_on, actor=actor, holder=record.person.name
    )
    for hook in record_end_hooks:
        hook(record=record, actor=actor)
    return record


@transaction.atomic
def exit_register(
    *,
    record: EstablishmentRecord,
    ended_on: datetime.date,
    end_reason: str,
    actor,
    end_document: ApprovalDocument | None = None,
    reason: str = "出编",
    destination: str = "",
) -> EstablishmentRecord:
    """Register an exit (出编) with reason, document and where the person went (去向, optional);
    the person's posts there end with it."""
    check_not_future(ended_on, "出编时间")
    record = (
        EstablishmentRecord.objects.select_for_update()
        .select_related("person", "quota_line__institution")
        .get(pk=record.pk)
    )
    return _close_record(record, ended_on, end_reason, end_document, actor, reason, destination)


@transaction.atomic
def transfer_register(
    *,
    record: EstablishmentRecord,
    quota_line: QuotaLine,
    permit: UsagePermit | None,
    transferred_on: datetime.date,
    post_category: str,
    actor,
    department: InternalDepartment | None = None,
    person_category: str = "staff",
    job_title: str = "",
    document: ApprovalDocument | None = None,
    reason: str = "调动",
) -> EstablishmentRecord:
    """A transfer (调动, rule 7): the old record ends and the new one opens in one transaction;
    the receiving unit's permit rules apply (rule 3), and rule 19 on the transfer date."""
    check_not_future(transferred_on, "调动时间")
    record = (
        EstablishmentRecord.objects.select_for_update()
        .select_related("person", "quota_line__institution")
        .get(pk=record.pk)
    )
    line = QuotaLine.objects.select_for_update().select_related("institution").get(pk=quota_line.pk)
    if line.institution_id == record.quota_line.institution_id:
        raise ValidationError(TRANSFER_TO_SAME_UNIT)
    person = Person.objects.select_for_update().get(pk=record.person_id)
    _close_record(
        record,
        transferred_on,
        EndReason.INTERNAL_TRANSFER,
        document,
        actor,
        reason,
        destination=line.institution.full_name,
    )
    if person.region_id != line.institution.region_id:
        person.region = line.institution.region
        save_tracked(person, actor=actor, reason=reason, document=document)
    return _open_record(
        person=person,
        line=line,
        permit=permit,
        department=department,
        post_category=post_category,
        entry_on=transferred_on,
        actor=actor,
        reason=reason,
        person_category=person_category,
        job_title=job_title,
        entry_way="transfer_in",
        entry_document=document,
    )


def _pk_of(value):
    return getattr(value, "pk", value)


CORRECTION_OTHER_UNIT = "信息更正只能改为本单位的编制；调往其他单位请办理调动。"
RECORD_CORRECTABLE = frozenset(
    {"quota_line", "department", "post_category", "person_category", "job_title"}
)


@transaction.atomic
def record_correct(
    *, record: EstablishmentRecord, changes: dict, actor, reason: str, document=None
) -> EstablishmentRecord:
    """信息更正 of an active record: post, category, title, department, or the establishment type
    within the same unit (which needs a vacancy there: rules 2 and 6)."""
    unknown = set(changes) - RECORD_CORRECTABLE
    if unknown:
        raise ValueError(f"Not correctable on a record: {sorted(unknown)}")
    record = (
        EstablishmentRecord.objects.select_for_update()
        .select_related("person", "quota_line__institution")
        .get(pk=record.pk)
    )
    if not record.is_active:
        raise ValidationError(RECORD_NOT_ACTIVE % {"name": record.person.name})
    values = dict(changes)
    moves = "quota_line" in values and _pk_of(values["quota_line"]) != record.quota_line_id
    if "quota_line" in values:
        values["quota_line"] = (
            QuotaLine.objects.select_for_update()
            .select_related("institution")
            .get(pk=_pk_of(values["quota_line"]))
        )
        if values["quota_line"].institution_id != record.quota_line.institution_id:
            raise ValidationError(CORRECTION_OTHER_UNIT)
    if values.get("department") is not None:
        values["department"] = InternalDepartment.objects.get(pk=_pk_of(values["department"]))
    if not apply_changes(record, values):
        return record
    line = record.quota_line
    _check_department(record.department, line)
    _check_post_fits(record.person, line, record.post_category)
    if moves:
        check_place_on_line(line)
    return save_tracked(record, actor=actor, reason=reason, document=document)


RECORDS_LEFT = "该机构仍有在编人员 %(count)d 人，撤销前须办理出编或调动（规则 8）。"


def records_left_on_abolition(institution) -> list[str]:
    """Rule 8, for orgs.services.institution_abolish: no active establishment records."""
    count = EstablishmentRecord.objects.filter(
        quota_line__institution=institution, status=RecordStatus.ACTIVE
    ).count()
    return [RECORDS_LEFT % {"count": count}] if count else []
