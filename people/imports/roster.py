"""人员信息采集表 import: load the named roster of existing staff from a workbook.

All or nothing on the shared pipeline (``bianzhi.imports``): the whole file is validated first and
any error writes nothing; every error is reported at once as 第N行 列名：message. Refused:
unknown institutions, departments or quota lines, mixed use of types (rule 6), invalid ID numbers
(rule 11), ID numbers repeated in the file or already registered (rule 7), impossible dates; the
rule checks are the services' own (``people.rules``, ``people.idnumbers``,
``staffing.models.check_type_allowed``/``check_funding``).

**First collection only** (``roster_switch``): a unit that already has records is refused unless
the office admin has opened its 补录开关. Rows past a line's approved quota load only with an
over-establishment document and reason given with the import (recorded in every history reason
of the batch); without them each such row is an error. The resulting over-establishment is listed.

**This import registers entries without usage permits.** It loads people who are already in
establishment (from the old system or the units' sheets); rule 3 governs new entries, which go
through ``people.services.entry_register`` or a change request. Civil-servant registration
(rule 6) is taken from the 公务员登记 column, never assumed: a non-worker post in an organ or 参公
unit needs 是 there. The entry date is checked against the person's age (rule 19). Rows are written with ``bulk_create_with_history`` (one history record per row, the import
batch as its reason, rule 13) so that a city roster of 188,000 rows loads in minutes.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone

from bianzhi.excel.reader import as_text
from bianzhi.excel.report import RowError
from bianzhi.imports.pipeline import Importer, SheetSpec
from orgs.choices import Status
from orgs.models import ApprovalDocument, Institution, InternalDepartment
from staffing.models import QuotaLine, check_funding, check_type_allowed

from ..idnumbers import (
    ID_NUMBER_REGISTERED,
    InvalidIdNumber,
    derived_sex,
    disagreements,
    parse_id_number,
)
from ..rules import (  # noqa: F401 (WORKER_*: the messages this import shows, for its tests)
    CIVIL_SERVANT_REQUIRED,
    WORKER_NEEDS_WORKER_SLOT,
    WORKER_SLOT_NEEDS_WORKER,
    check_civil_service,
    check_entry_age,
    check_worker_slot,
    needs_civil_service,
    registered_id_numbers,
)
from . import roster_cells as cells
from . import roster_format as f
from .roster_cells import REQUIRED_VALUE, choice, date, text
from .roster_quota import (  # noqa: F401 (the messages, for its tests)
    BEYOND_QUOTA,
    OVER_ESTABLISHMENT,
    check_beyond_quota,
    report_over_establishment,
)
from .roster_switch import open_institution_ids, recorded_institution_ids
from .roster_write import write_rows

KIND = "人员信息采集表"
UNKNOWN_INSTITUTION = "未找到在用机构“%(name)s”，请先导入机构编制信息采集表或核对机构全称。"
AMBIGUOUS_INSTITUTION = "有多个在用机构名为“%(name)s”（不同区划），请在本区划内分别导入。"
UNKNOWN_DEPARTMENT = "“%(institution)s”没有名为“%(name)s”的在用内设机构。"
NO_QUOTA_LINE = "“%(institution)s”未核定%(type)s，不能登记占用该编制的人员。"
DUPLICATE_IN_FILE = "身份证号与第%(row)d行重复，同一人只能登记一次（规则 7）。"
# The service's own message (rule 7); it does not name the person, who may be out of scope.
ALREADY_REGISTERED = ID_NUMBER_REGISTERED
ENTRY_BEFORE_WORK = "入编时间 %(entry)s 早于参加工作时间 %(work)s。"
ID_AS_NUMBER = (
    "身份证号以数字格式保存，末几位已经丢失（数字最多保留 15 位有效数字），无法还原："
    "请将该列设为文本格式后重新录入完整的 18 位号码。"
)
CIVIL_SERVANT_STATUS_MISSING = (
    "“%(institution)s”为%(kind)s，非工勤岗位人员须在“公务员登记”列填写是或否（规则 6）。"
)
# First collection only: a unit with records needs the office admin's switch (补录开关).
ALREADY_COLLECTED = (
    "“%(name)s”已有实名人员记录，人员信息采集表只用于首次采集；新进人员请办理入编登记或变动申报。"
    "确需补录的，请编办管理员在“人员信息采集表补录开关”中为该单位开启补录。"
)
UNKNOWN_OVER_DOCUMENT = "未找到超编依据文件“%(number)s”，请先登记该批准文件或核对文号。"
OVER_REASON_WITHOUT_DOCUMENT = "填写了超编原因或超编依据文件，须两项都填写。"
SHEET = SheetSpec(f.COLUMNS)


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
    name = cells.name(row, errors, number)
    if raw is None or raw == "":
        errors.append(RowError(number, f.ID_NUMBER, REQUIRED_VALUE))
        return None
    id_number = cells.id_number_text(raw)
    if id_number is None:
        errors.append(RowError(number, f.ID_NUMBER, ID_AS_NUMBER))
        return None
    try:
        parsed = parse_id_number(id_number, today=today)
    except InvalidIdNumber as error:
        errors.append(RowError(number, f.ID_NUMBER, error.message))
        return None
    given_sex = choice(row, f.SEX, errors, number)
    given_birth = date(row, f.BIRTH_DATE, errors, number)
    columns = {"sex": f.SEX, "birth_date": f.BIRTH_DATE}
    for field, message in disagreements(parsed, sex=given_sex, birth_date=given_birth).items():
        errors.append(RowError(number, columns[field], message))
    birth = parsed.birth_date
    work = date(row, f.WORK_STARTED_ON, errors, number, birth=birth, today=today)
    return {
        "id_number": parsed.number,
        "name": name,
        "sex": derived_sex(parsed),
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


def _quota_line(errors, number, institution, lookups, establishment_type, funding):
    """The unit's quota line of that type (rule 6: the type must suit the unit's kind)."""
    if institution is None:
        return None
    try:
        check_type_allowed(institution, establishment_type)
    except ValidationError as error:
        errors.append(RowError(number, f.ESTABLISHMENT_TYPE, error.messages[0]))
        return None
    line = lookups.lines.get((institution.pk, establishment_type, funding))
    if line is None:
        label = QuotaLine(establishment_type=establishment_type, funding_form=funding)
        message = NO_QUOTA_LINE % {"institution": institution.full_name, "type": label.type_label}
        errors.append(RowError(number, f.ESTABLISHMENT_TYPE, message))
    return line


def parse_placement(row, errors, number, institution, lookups: Lookups, today, birth) -> dict:
    """The establishment columns: quota line (rule 6), post, department, entry."""
    establishment_type = choice(row, f.ESTABLISHMENT_TYPE, errors, number, required=True)
    funding = choice(row, f.FUNDING_FORM, errors, number)
    post = choice(row, f.POST_CATEGORY, errors, number, required=True)
    line = None
    if establishment_type:
        try:
            check_funding(establishment_type, funding)
        except ValidationError as error:
            errors.append(RowError(number, f.FUNDING_FORM, error.messages[0]))
        else:
            line = _quota_line(errors, number, institution, lookups, establishment_type, funding)
    if line is not None and post:
        try:
            check_worker_slot(institution, establishment_type, post)
        except ValidationError as error:
            errors.append(RowError(number, f.POST_CATEGORY, error.messages[0]))
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


def civil_servant_status(row, errors, number, institution, placement) -> bool:
    """Rule 6 from the 公务员登记 column: 是 or 否, required where the post needs the status
    (a non-worker post in an organ or 参公 unit), and there it must be 是."""
    value = choice(row, f.CIVIL_SERVANT, errors, number)
    post = placement["post_category"]
    if needs_civil_service(institution, post):
        if not value:
            message = CIVIL_SERVANT_STATUS_MISSING % {
                "institution": institution.full_name,
                "kind": institution.get_kind_display(),
            }
            errors.append(RowError(number, f.CIVIL_SERVANT, message))
            return False
        try:
            check_civil_service(
                institution, post, registered=value == f.YES, name=as_text(row.get(f.NAME))
            )
        except ValidationError as error:
            errors.append(RowError(number, f.CIVIL_SERVANT, error.messages[0]))
    return value == f.YES


def entry_age(errors, number, person, placement) -> None:
    """Rule 19 on the entry date, as the entry service checks it."""
    if placement["entry_on"] is None:
        return
    try:
        check_entry_age(
            birth_date=person["birth_date"],
            sex=person["sex"],
            post_category=placement["post_category"],
            entry_on=placement["entry_on"],
            name=person["name"],
        )
    except ValidationError as error:
        errors.append(RowError(number, f.ENTRY_ON, error.messages[0]))


class RosterImporter(Importer):
    kind = KIND
    sheets = (SHEET,)
    batch_prefix = "RY"

    def __init__(
        self,
        *,
        region_ids=None,
        today=None,
        over_document: str = "",
        over_reason: str = "",
        **options,
    ):
        super().__init__(**options)
        self.region_ids = region_ids
        self.today = today or timezone.localdate()
        self.over_document = over_document.strip()
        self.over_reason = over_reason.strip()
        self.over_rows = 0

    def begin(self) -> None:
        self.lookups = Lookups(self.region_ids)
        ids = [i.pk for group in self.lookups.institutions.values() for i in group]
        self.collected = recorded_institution_ids(ids) - open_institution_ids(ids)
        self.document = None
        if bool(self.over_document) != bool(self.over_reason):
            self.error(0, "", OVER_REASON_WITHOUT_DOCUMENT)
        elif self.over_document:
            documents = ApprovalDocument.objects.filter(number=self.over_document)
            if self.region_ids is not None:
                documents = documents.filter(region_id__in=self.region_ids)
            self.document = documents.first()
            if self.document is None:
                self.error(0, "", UNKNOWN_OVER_DOCUMENT % {"number": self.over_document})

    def validate_row(self, sheet, number, row) -> RosterRow | None:
        errors = self.result.errors
        before = len(errors)
        institution = find_institution(row, errors, number, self.lookups)
        if institution is not None and institution.pk in self.collected:
            errors.append(
                RowError(number, f.UNIT, ALREADY_COLLECTED % {"name": institution.full_name})
            )
        person = parse_person(row, errors, number, self.today)
        birth = person["birth_date"] if person else None
        placement = parse_placement(
            row, errors, number, institution, self.lookups, self.today, birth
        )
        if person is not None:
            work, entry = person["work_started_on"], placement["entry_on"]
            if work and entry and birth <= work and birth <= entry < work:
                message = ENTRY_BEFORE_WORK % {"entry": entry.isoformat(), "work": work.isoformat()}
                errors.append(RowError(number, f.ENTRY_ON, message))
        if len(errors) > before:
            return None
        registered = civil_servant_status(row, errors, number, institution, placement)
        if person is not None:
            entry_age(errors, number, person, placement)
        if len(errors) > before:
            return None
        line = placement.pop("line")
        return RosterRow(
            number=number,
            institution_id=institution.pk,
            region_id=institution.region_id,
            line_id=line.pk,
            civil_servant_registered=registered,
            **person,
            **placement,
        )

    def check_file(self, valid) -> None:
        """Rule 7 across the file: an ID number once in the file, and not registered yet."""
        rows = valid[SHEET]
        first_row_of: dict[str, int] = {}
        for row in rows:
            first = first_row_of.setdefault(row.id_number, row.number)
            if first != row.number:
                self.error(row.number, f.ID_NUMBER, DUPLICATE_IN_FILE % {"row": first})
        for id_number in registered_id_numbers(first_row_of):
            self.error(first_row_of[id_number], f.ID_NUMBER, ALREADY_REGISTERED)
        if not self.result.errors:
            self.over_rows = check_beyond_quota(self, rows)
        if not self.result.errors:
            report_over_establishment(self, rows)

    @classmethod
    def job_kwargs(cls, actor, options: dict) -> dict:
        return {"region_ids": actor.scope.region_ids(), **options}

    def write(self, valid) -> dict[str, int]:
        reason = f"{KIND}导入（批次 {self.result.batch}）"
        if self.over_rows:
            reason += (
                f"；超编 {self.over_rows} 人，依据 {self.document.number}，原因：{self.over_reason}"
            )
        return write_rows(valid[SHEET], actor=self.actor, reason=reason, batch=self.result.batch)


def roster_import(
    *,
    file,
    actor,
    dry_run: bool = False,
    limits=None,
    region_ids=None,
    batch: str = "",
    over_document: str = "",
    over_reason: str = "",
):
    """Validate the whole roster and, unless ``dry_run`` or any error, write it in one
    transaction; every person and record written names the batch as its history reason (and,
    past the quota, the over-establishment document and reason)."""
    importer = RosterImporter(
        actor=actor,
        dry_run=dry_run,
        limits=limits,
        region_ids=region_ids,
        batch=batch,
        over_document=over_document,
        over_reason=over_reason,
    )
    return importer.run(file)
