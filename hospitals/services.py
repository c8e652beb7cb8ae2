"""Writes of 公立医院人员控制总量备案 (rule 29) and its 备案制 people (rules 7 and 29)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked
from orgs.choices import PUBLIC_INSTITUTION_KINDS, Sector, Status
from orgs.models import ApprovalDocument, Institution, Region
from people.choices import RecordStatus
from people.dates import check_not_future
from people.models import Person
from people.rules import check_entry_age, check_no_active_record
from people.services import person_register

from . import selectors
from .models import ControlTotal, FiledStaffRecord, Hospital, HospitalFigures, StaffingStandard

NOT_HEALTH_SECTOR = (
    "“%(name)s”不是卫生领域的事业单位，不能纳入公立医院人员控制总量备案管理（规则 29）。"
)
ALREADY_HOSPITAL = "“%(name)s”已纳入公立医院备案管理。"
NOT_ACTIVE = "“%(name)s”已撤销，不能纳入备案管理。"
NO_FIGURES = "该医院尚无 %(year)d 年及以前的运行数据（床位、使用率、门急诊人次），请先登记运行数据再备案（规则 29）。"
BELOW_OCCUPANTS = (
    "人员控制总量 %(total)d 低于现有编制实有 %(quota)d 人与备案制实有 %(filed)d 人之和，"
    "不能备案（规则 29）。"
)
NO_CONTROL_TOTAL = "该医院尚未备案人员控制总量，不能登记备案制人员（规则 29）。"
OVER_CONTROL_TOTAL = "编制实有与备案制实有合计已达人员控制总量，不能再登记备案制人员（规则 29）。"
ENTRY_OVER_CONTROL_TOTAL = "该医院编制实有与备案制实有合计已达人员控制总量，不能再入编（规则 29）。"
ALREADY_FILED = (
    "%(name)s 已在“%(hospital)s”登记为备案制人员，同一人只能占用一个编制或备案名额（规则 7）。"
)
FILING_ENDED = "%(name)s 的这条备案制记录已终止，不能再办理。"
END_BEFORE_ENTRY = "终止日期 %(ended)s 不能早于备案入职时间 %(entry)s。"


def filed_placement(person: Person) -> str | None:
    """Rule 7 for people's entry checks: the refusal for a person active on 备案制, or None."""
    record = (
        FiledStaffRecord.objects.filter(person=person, status=RecordStatus.ACTIVE)
        .select_related("hospital__institution")
        .first()
    )
    if record is None:
        return None
    return ALREADY_FILED % {"name": person.name, "hospital": record.hospital}


def check_entry_within_control_total(*, institution) -> None:
    """Rule 29 for people's 编制 entries: into a hospital with a control total in force,
    编制实有 + 备案制实有 may not go above it (a hospital without a filing is not limited)."""
    # Locked as 备案制 registrations lock it: the two may not both take the last place.
    hospital = Hospital.objects.select_for_update().filter(institution=institution).first()
    if hospital is None:
        return
    control = selectors.current_control_total(hospital, on=timezone.localdate())
    if control is None:
        return
    quota, filed = selectors.occupants(hospital)
    if quota + filed + 1 > control.total:
        raise ValidationError(ENTRY_OVER_CONTROL_TOTAL)


@transaction.atomic
def hospital_register(
    *, institution: Institution, category: str, actor, reason: str, registered_on=None
) -> Hospital:
    """纳入备案管理: a public institution of the health sector becomes a hospital under rule 29."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status != Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE % {"name": institution.full_name})
    if institution.sector != Sector.HEALTH or institution.kind not in PUBLIC_INSTITUTION_KINDS:
        raise ValidationError(NOT_HEALTH_SECTOR % {"name": institution.full_name})
    if Hospital.objects.filter(institution=institution).exists():
        raise ValidationError(ALREADY_HOSPITAL % {"name": institution.full_name})
    hospital = Hospital(
        institution=institution,
        category=category,
        registered_on=registered_on or timezone.localdate(),
    )
    return save_tracked(hospital, actor=actor, reason=reason)


@transaction.atomic
def figures_record(
    *,
    hospital: Hospital,
    year: int,
    approved_beds: int,
    open_beds: int,
    bed_use_rate: Decimal,
    outpatient_visits: int,
    actor,
    reason: str,
) -> HospitalFigures:
    """Record (or correct) one year's operating figures; a correction keeps its history."""
    hospital = Hospital.objects.select_for_update().get(pk=hospital.pk)
    figures = HospitalFigures.objects.filter(hospital=hospital, year=year).first()
    figures = figures or HospitalFigures(hospital=hospital, year=year)
    figures.approved_beds = approved_beds
    figures.open_beds = open_beds
    figures.bed_use_rate = bed_use_rate
    figures.outpatient_visits = outpatient_visits
    return save_tracked(figures, actor=actor, reason=reason)


@transaction.atomic
def standard_set(
    *,
    region: Region,
    category: str,
    staff_per_bed: Decimal,
    full_use_rate: Decimal,
    visits_per_addition: int,
    staff_per_addition: int,
    actor,
    reason: str,
) -> StaffingStandard:
    """Set the office's standard of one hospital category in its region (rule 29)."""
    standard = StaffingStandard.objects.select_for_update().filter(
        region=region, category=category
    ).first() or StaffingStandard(region=region, category=category)
    standard.staff_per_bed = staff_per_bed
    standard.full_use_rate = full_use_rate
    standard.visits_per_addition = visits_per_addition
    standard.staff_per_addition = staff_per_addition
    return save_tracked(standard, actor=actor, reason=reason)


@transaction.atomic
def control_total_file(
    *,
    hospital: Hospital,
    total: int,
    document: ApprovalDocument,
    filed_on: datetime.date,
    actor,
    reason: str,
    over_standard_reason: str = "",
) -> ControlTotal:
    """人员控制总量备案 (rule 29): the standard is computed from the latest figures of the filing
    year or before and kept with the filing; a total above it needs a reason; a total below the
    people already under it (编制实有 + 备案制实有) is refused."""
    check_not_future(filed_on, "备案日期")
    hospital = (
        Hospital.objects.select_for_update().select_related("institution").get(pk=hospital.pk)
    )
    figures, standard = selectors.hospital_standard(hospital, on=filed_on)
    if standard is None:
        raise ValidationError(NO_FIGURES % {"year": filed_on.year})
    quota, filed = selectors.occupants(hospital)
    if total < quota + filed:
        raise ValidationError(BELOW_OCCUPANTS % {"total": total, "quota": quota, "filed": filed})
    filing = ControlTotal(
        hospital=hospital,
        total=total,
        standard=standard.total,
        figures_year=figures["year"],
        document=document,
        filed_on=filed_on,
        over_standard_reason=over_standard_reason.strip() if total > standard.total else "",
    )
    return save_tracked(filing, actor=actor, reason=reason, document=document)


@transaction.atomic
def filed_staff_register(
    *,
    hospital: Hospital,
    person: Person | None = None,
    new_person: dict | None = None,
    post_category: str,
    entry_on: datetime.date,
    actor,
    job_title: str = "",
    entry_document: ApprovalDocument | None = None,
    reason: str = "登记备案制人员",
) -> FiledStaffRecord:
    """登记备案制人员 of a registered ``person`` or one registered here from ``new_person``:
    rule 7 (no active 编制 record nor another 备案制 record), rule 19 (entry age) and rule 29
    (编制实有 + 备案制实有 stays within the control total in force)."""
    if (person is None) == (new_person is None):
        raise TypeError("filed_staff_register takes a registered person or a new person's fields.")
    check_not_future(entry_on, "备案入职时间")
    hospital = (
        Hospital.objects.select_for_update().select_related("institution").get(pk=hospital.pk)
    )
    if person is None:
        person = person_register(
            actor=actor, region=hospital.institution.region, reason=reason, **new_person
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    check_no_active_record(person)
    check_entry_age(
        birth_date=person.birth_date,
        sex=person.sex,
        post_category=post_category,
        entry_on=entry_on,
        name=person.name,
    )
    control = selectors.current_control_total(hospital, on=timezone.localdate())
    if control is None:
        raise ValidationError(NO_CONTROL_TOTAL)
    quota, filed = selectors.occupants(hospital)
    if quota + filed + 1 > control.total:
        raise ValidationError(OVER_CONTROL_TOTAL)
    record = FiledStaffRecord(
        person=person,
        hospital=hospital,
        post_category=post_category,
        job_title=job_title,
        entry_on=entry_on,
        entry_document=entry_document,
    )
    return save_tracked(record, actor=actor, reason=reason, document=entry_document)


@transaction.atomic
def filed_staff_end(
    *, record: FiledStaffRecord, ended_on: datetime.date, end_reason: str, actor, reason: str
) -> FiledStaffRecord:
    """终止备案: the person leaves the hospital's 备案制 (the place under the total is freed)."""
    check_not_future(ended_on, "终止日期")
    record = FiledStaffRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    if record.status != RecordStatus.ACTIVE:
        raise ValidationError(FILING_ENDED % {"name": record.person.name})
    if ended_on < record.entry_on:
        raise ValidationError(
            END_BEFORE_ENTRY % {"ended": ended_on.isoformat(), "entry": record.entry_on.isoformat()}
        )
    record.status = RecordStatus.ENDED
    record.ended_on = ended_on
    record.end_reason = end_reason
    return save_tracked(record, actor=actor, reason=reason)
