"""人员信息采集表 import: load the named roster of existing staff from a workbook.

All or nothing: the whole file is validated first and any error writes nothing; every error is
reported at once as 第N行 列名：message. Refused: unknown institutions, departments or quota
lines, mixed use of types (rule 6), invalid ID numbers (rule 11), ID numbers repeated in the
file or already registered (rule 7), impossible dates. Existing over-establishment is recorded
and reported, not refused: the import loads the state the units are in.

**This import registers entries without usage permits.** It loads people who are already in
establishment (from the old system or the units' sheets); rule 3 governs new entries, which go
through ``people.services.entry_register`` or a change request. For the same reason
civil-servant registration (rule 6) is taken as done for non-worker posts in organs and 参公
units. Rows are written with ``bulk_create_with_history`` (one history record per row, the import
batch as its reason, rule 13) so that a city roster of 188,000 rows loads in minutes.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from bianzhi.excel.reader import as_text, locate, open_workbook
from bianzhi.excel.report import ImportResult, RowError, new_batch
from bianzhi.excel.safety import UnsafeWorkbook
from orgs.choices import ORGAN_KINDS, InstitutionKind, Status
from orgs.models import Institution, InternalDepartment
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine, check_type_allowed

from ..choices import PostCategory, RecordStatus, Sex
from ..idnumbers import InvalidIdNumber, parse_id_number
from ..models import EstablishmentRecord, Person
from . import roster_format as f
from .roster_cells import (
    REQUIRED_VALUE,
    choice,
    date,
    text,
)
from .roster_write import batched, write_rows

KIND = "人员信息采集表"
UNKNOWN_INSTITUTION = "未找到在用机构“%(name)s”，请先导入机构编制信息采集表或核对机构全称。"
AMBIGUOUS_INSTITUTION = "有多个在用机构名为“%(name)s”（不同区划），请在本区划内分别导入。"
UNKNOWN_DEPARTMENT = "“%(institution)s”没有名为“%(name)s”的在用内设机构。"
NO_QUOTA_LINE = "“%(institution)s”未核定%(type)s，不能登记占用该编制的人员。"
FUNDING_REQUIRED = "事业编制须填写经费形式（全额拨款、差额拨款或自收自支）。"
FUNDING_NOT_ALLOWED = "只有事业编制填写经费形式。"
WORKER_NEEDS_WORKER_SLOT = "机关工勤人员须占用机关工勤编制（规则 6）。"
WORKER_SLOT_NEEDS_WORKER = "机关工勤编制只能由工勤技能岗位人员占用（规则 6）。"
DUPLICATE_IN_FILE = "身份证号与第%(row)d行重复，同一人只能登记一次（规则 7）。"
ALREADY_REGISTERED = "该身份证号已登记（%(name)s），同一人不能重复登记（规则 7）。"
SEX_DISAGREES = "“%(given)s”与身份证号不符（身份证号表示%(derived)s性）。"
BIRTH_DISAGREES = "%(given)s 与身份证号不符（身份证号为 %(derived)s）。"
ENTRY_BEFORE_WORK = "入编时间 %(entry)s 早于参加工作时间 %(work)s。"
ID_AS_NUMBER = "身份证号须以文本格式填写（数字格式会丢失末几位），请将该列设为文本后重新录入。"
CHANGED_MEANWHILE = "导入期间数据已被其他操作修改（%(error)s），未写入任何数据，请重新导入。"
OVER_ESTABLISHMENT = (
    "“%(institution)s”%(type)s核定 %(approved)d 名，导入后实有 %(occupied)d 人，超编 %(over)d 人。"
)
CIVIL_SERVICE_KINDS = ORGAN_KINDS | {InstitutionKind.CIVIL_SERVANT_MANAGED}
BATCH_SIZE = 2000


class RosterRow(NamedTuple):
    """One validated row, kept compact: 188,000 of them are held between validation and write."""

    number: int
    institution_id: int
    region_id: int
    line_id: int
    department_id: int | None
    id_number: str
    name: str
    sex: str
    birth_date: datetime.date
    ethnicity: str
    political_status: str
    education: str
    degree: str
    work_started_on: datetime.date | None
    professional_title: str
    post_category: str
    person_category: str
    job_title: str
    entry_way: str
    entry_on: datetime.date
    entry_document: str
    notes: str
    civil_servant_registered: bool


class Lookups:
    """What validation needs from the database, read once per file (not per row)."""

    def __init__(self, region_ids=None):
        institutions = Institution.objects.filter(status=Status.ACTIVE)
        if region_ids is not None:
            institutions = institutions.filter(region_id__in=region_ids)
        self.institutions: dict[str, list[Institution]] = {}
        for institution in institutions.only("id", "full_name", "kind", "region_id"):
            self.institutions.setdefault(institution.full_name, []).append(institution)
        ids = [i.pk for group in self.institutions.values() for i in group]
        self.lines = {
            (line.institution_id, line.establishment_type, line.funding_form): line
            for line in QuotaLine.objects.filter(institution_id__in=ids).only(
                "id", "institution_id", "establishment_type", "funding_form", "approved"
            )
        }
        self.departments = {
            (d.institution_id, d.name): d.pk
            for d in InternalDepartment.objects.filter(
                institution_id__in=ids, status=Status.ACTIVE
            ).only("id", "institution_id", "name")
        }


def parse_person(row, errors, number, today) -> dict | None:
    """The person's columns, checked as rule 11 checks them; None if the ID number is unusable."""
    raw = row.get(f.ID_NUMBER)
    name = text(row, f.NAME, errors, number, required=True)
    if raw is None or raw == "":
        errors.append(RowError(number, f.ID_NUMBER, REQUIRED_VALUE))
        return None
    if isinstance(raw, float):
        errors.append(RowError(number, f.ID_NUMBER, ID_AS_NUMBER))
        return None
    try:
        parsed = parse_id_number(as_text(raw), today=today)
    except InvalidIdNumber as error:
        errors.append(RowError(number, f.ID_NUMBER, error.message))
        return None
    sex = Sex.MALE.value if parsed.is_male else Sex.FEMALE.value
    given_sex = as_text(row.get(f.SEX))
    if given_sex and f.VALUE_LISTS[f.SEX].get(given_sex) != sex:
        message = SEX_DISAGREES % {"given": given_sex, "derived": parsed.sex}
        errors.append(RowError(number, f.SEX, message))
    given_birth = date(row, f.BIRTH_DATE, errors, number)
    if given_birth and given_birth != parsed.birth_date:
        message = BIRTH_DISAGREES % {
            "given": given_birth.isoformat(),
            "derived": parsed.birth_date.isoformat(),
        }
        errors.append(RowError(number, f.BIRTH_DATE, message))
    birth = parsed.birth_date
    work = date(row, f.WORK_STARTED_ON, errors, number, birth=birth, today=today)
    return {
        "id_number": parsed.number,
        "name": name,
        "sex": sex,
        "birth_date": birth,
        "ethnicity": choice(row, f.ETHNICITY, errors, number),
        "political_status": choice(row, f.POLITICAL_STATUS, errors, number),
        "education": choice(row, f.EDUCATION, errors, number),
        "degree": choice(row, f.DEGREE, errors, number),
        "work_started_on": work,
        "professional_title": text(row, f.PROFESSIONAL_TITLE, errors, number),
    }


def find_institution(row, errors, number, lookups: Lookups) -> Institution | None:
    name = as_text(row.get(f.UNIT))
    if not name:
        errors.append(RowError(number, f.UNIT, REQUIRED_VALUE))
        return None
    found = lookups.institutions.get(name, [])
    if len(found) != 1:
        message = AMBIGUOUS_INSTITUTION if found else UNKNOWN_INSTITUTION
        errors.append(RowError(number, f.UNIT, message % {"name": name}))
        return None
    return found[0]


def parse_placement(row, errors, number, institution, lookups: Lookups, today, birth) -> dict:
    """The establishment columns: quota line (rule 6), post, department, entry."""
    establishment_type = choice(row, f.ESTABLISHMENT_TYPE, errors, number, required=True)
    funding = choice(row, f.FUNDING_FORM, errors, number)
    post = choice(row, f.POST_CATEGORY, errors, number, required=True)
    line = None
    if establishment_type == EstablishmentType.PUBLIC and not funding:
        errors.append(RowError(number, f.FUNDING_FORM, FUNDING_REQUIRED))
    elif establishment_type and establishment_type != EstablishmentType.PUBLIC and funding:
        errors.append(RowError(number, f.FUNDING_FORM, FUNDING_NOT_ALLOWED))
    elif institution is not None and establishment_type:
        try:
            check_type_allowed(institution, establishment_type)
        except ValidationError as error:
            errors.append(RowError(number, f.ESTABLISHMENT_TYPE, error.messages[0]))
        else:
            line = lookups.lines.get((institution.pk, establishment_type, funding))
            if line is None:
                label = QuotaLine(establishment_type=establishment_type, funding_form=funding)
                message = NO_QUOTA_LINE % {
                    "institution": institution.full_name,
                    "type": label.type_label,
                }
                errors.append(RowError(number, f.ESTABLISHMENT_TYPE, message))
    if line is not None and post and institution.kind in ORGAN_KINDS:
        is_worker = post == PostCategory.WORKER
        if is_worker != (establishment_type == EstablishmentType.ORGAN_WORKER):
            message = WORKER_NEEDS_WORKER_SLOT if is_worker else WORKER_SLOT_NEEDS_WORKER
            errors.append(RowError(number, f.POST_CATEGORY, message))
    department_id = None
    department = as_text(row.get(f.DEPARTMENT))
    if department and institution is not None:
        department_id = lookups.departments.get((institution.pk, department))
        if department_id is None:
            message = UNKNOWN_DEPARTMENT % {
                "institution": institution.full_name,
                "name": department,
            }
            errors.append(RowError(number, f.DEPARTMENT, message))
    entry_on = date(row, f.ENTRY_ON, errors, number, required=True, birth=birth, today=today)
    return {
        "line": line,
        "department_id": department_id,
        "post_category": post,
        "person_category": choice(row, f.PERSON_CATEGORY, errors, number),
        "job_title": text(row, f.JOB_TITLE, errors, number),
        "entry_way": choice(row, f.ENTRY_WAY, errors, number, required=True),
        "entry_on": entry_on,
        "entry_document": text(row, f.ENTRY_DOCUMENT, errors, number),
        "notes": text(row, f.NOTES, errors, number),
    }


def _validate(sheet, lookups, result, today) -> list[RosterRow]:
    rows: list[RosterRow] = []
    first_row_of: dict[str, int] = {}
    for number, row in sheet.rows:
        result.rows += 1
        errors = result.errors
        before = len(errors)
        institution = find_institution(row, errors, number, lookups)
        person = parse_person(row, errors, number, today)
        birth = person["birth_date"] if person else None
        placement = parse_placement(row, errors, number, institution, lookups, today, birth)
        if person is not None:
            first = first_row_of.setdefault(person["id_number"], number)
            if first != number:
                errors.append(RowError(number, f.ID_NUMBER, DUPLICATE_IN_FILE % {"row": first}))
            work = person["work_started_on"]
            entry = placement["entry_on"]
            if work and entry and birth <= work and birth <= entry < work:
                message = ENTRY_BEFORE_WORK % {
                    "entry": placement["entry_on"].isoformat(),
                    "work": work.isoformat(),
                }
                errors.append(RowError(number, f.ENTRY_ON, message))
        if len(errors) > before:
            continue
        line = placement.pop("line")
        rows.append(
            RosterRow(
                number=number,
                institution_id=institution.pk,
                region_id=institution.region_id,
                line_id=line.pk,
                civil_servant_registered=institution.kind in CIVIL_SERVICE_KINDS
                and placement["post_category"] != PostCategory.WORKER,
                **person,
                **placement,
            )
        )
    _check_registered(first_row_of, result)
    return rows


def _check_registered(first_row_of: dict[str, int], result: ImportResult) -> None:
    numbers = list(first_row_of)
    for chunk in batched(numbers, 5000):
        for id_number, name in Person.objects.filter(id_number__in=chunk).values_list(
            "id_number", "name"
        ):
            result.errors.append(
                RowError(first_row_of[id_number], f.ID_NUMBER, ALREADY_REGISTERED % {"name": name})
            )
    result.errors.sort(key=lambda error: error.row)


def _report_over_establishment(rows: list[RosterRow], lookups: Lookups, result) -> None:
    new: dict[int, int] = {}
    for row in rows:
        new[row.line_id] = new.get(row.line_id, 0) + 1
    existing = dict(
        EstablishmentRecord.objects.filter(quota_line_id__in=list(new), status=RecordStatus.ACTIVE)
        .values("quota_line")
        .annotate(n=Count("id"))
        .values_list("quota_line", "n")
    )
    names = {i.pk: i.full_name for group in lookups.institutions.values() for i in group}
    for line in lookups.lines.values():
        if line.pk not in new:
            continue
        occupied = existing.get(line.pk, 0) + new[line.pk]
        if occupied > line.approved:
            result.notices.append(
                OVER_ESTABLISHMENT
                % {
                    "institution": names[line.institution_id],
                    "type": line.type_label,
                    "approved": line.approved,
                    "occupied": occupied,
                    "over": occupied - line.approved,
                }
            )


def read_roster(file, *, limits=None, region_ids=None, today=None):
    """Validate ``file``; return the result and the valid rows (empty when there are errors)."""
    today = today or timezone.localdate()
    result = ImportResult(kind=KIND, headers=list(f.HEADERS))
    try:
        workbook = open_workbook(file, limits)
        sheet = locate(workbook.worksheets[0], f.COLUMNS)
    except UnsafeWorkbook as error:
        result.errors.append(RowError(0, "", error.message))
        return result, []
    result.header_row = sheet.header_row
    if sheet.unknown:
        result.notices.append("有无法识别的列（已忽略）：" + "、".join(sheet.unknown))
    if sheet.missing:
        message = "缺少必填列：" + "、".join(sheet.missing)
        result.errors.append(RowError(sheet.header_row, "", message))
        workbook.close()
        return result, []
    lookups = Lookups(region_ids)
    try:
        rows = _validate(sheet, lookups, result, today)
    except UnsafeWorkbook as error:
        result.errors = [RowError(0, "", error.message)]
        return result, []
    finally:
        workbook.close()
    if result.errors:
        return result, []
    _report_over_establishment(rows, lookups, result)
    return result, rows


def roster_import(
    *, file, actor, dry_run: bool = False, limits=None, region_ids=None, batch: str = ""
) -> ImportResult:
    """Validate the whole roster and, unless ``dry_run`` or any error, write it in one
    transaction; every person and record written names the batch as its history reason."""
    result, rows = read_roster(file, limits=limits, region_ids=region_ids)
    result.dry_run = dry_run
    if not result.ok or dry_run:
        return result
    result.batch = batch or new_batch("RY")
    reason = f"{KIND}导入（批次 {result.batch}）"
    try:
        with transaction.atomic():
            result.written = write_rows(rows, actor=actor, reason=reason, batch=result.batch)
    except IntegrityError as error:
        result.errors.append(RowError(0, "", CHANGED_MEANWHILE % {"error": type(error).__name__}))
        result.written = {}
    return result
