"""机构编制信息采集表 import: institutions with their quota lines, internal departments and
leadership quotas, through the registry's own services, on the shared pipeline
(``bianzhi.imports``).

All or nothing: every row runs through ``orgs.services.institution_create``,
``staffing.services.adjustment_apply`` (核定编制, rules 4 and 6 and the region's total control) and
``leadership_quota_set`` inside one transaction, each row behind its own savepoint so that every
refusal is collected (the pipeline's rehearsal); any refusal (or a dry run) rolls the whole
transaction back. The history reason of every row written names the import batch (rule 13).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.excel.reader import BadValue, as_date, as_text
from bianzhi.excel.report import RowError
from bianzhi.forms import NOT_HALF_WIDTH_DIGITS
from bianzhi.imports.pipeline import Importer, SheetSpec
from orgs import services as org_services
from orgs.choices import Status
from orgs.models import ApprovalDocument, Institution, Region

from .. import services
from ..choices import AdjustmentKind
from . import institutions_format as f

KIND = "机构编制信息采集表"
REQUIRED_VALUE = "必须填写。"
UNKNOWN_VALUE = "“%(value)s”不在可选值中（可选：%(choices)s）。"
NOT_A_COUNT = "“%(value)s”不是有效的人数（应为 0 或正整数）。"
UNKNOWN_PARENT = "未找到主管部门“%(name)s”（须为已登记的在用机构，或本表中的另一行）。"
UNKNOWN_REGION = "行政区划代码“%(code)s”不存在或不在您的管辖范围内。"
DUPLICATE_IN_FILE = "机构全称与第%(row)d行重复。"
DOCUMENT_DATE_DISAGREES = "批准文号“%(number)s”已登记，发文日期为 %(date)s，与本行不符。"
UNKNOWN_UNIT = "未找到机构“%(name)s”（须为已登记的在用机构，或“机构”表中的一行）。"
NO_REGION = "请用 --region 指定导入的行政区划，或在表中填写行政区划代码。"
DEPARTMENT_COLUMNS = {"name": f.DEPARTMENT_NAME, "level": f.DEPARTMENT_LEVEL}

INSTITUTIONS = SheetSpec(f.INSTITUTION_COLUMNS, name=f.INSTITUTION_SHEET)
DEPARTMENTS = SheetSpec(
    f.DEPARTMENT_COLUMNS, name=f.DEPARTMENT_SHEET, optional=True, label="内设机构表"
)
QUOTAS = {f.QUOTA_HEADERS[key]: value for key, value in f.QUOTA_COLUMNS.items()}


@dataclass
class InstitutionRow:
    number: int
    row: dict
    fields: dict
    quotas: dict[str, int]
    posts: dict[str, int]
    region: Region
    parent_name: str


@dataclass
class DepartmentRow:
    number: int
    row: dict
    unit_name: str
    name: str
    level: str
    posts: dict[str, int]


def _choice(row, header, number, errors, *, required=False) -> str:
    text = as_text(row.get(header))
    if not text:
        if required:
            errors.append(RowError(number, header, REQUIRED_VALUE))
        return ""
    values = f.VALUE_LISTS[header]
    value = values.get(text) or f.ALIASES.get(header, {}).get(text)
    if value is None:
        choices = "、".join(values)
        errors.append(RowError(number, header, UNKNOWN_VALUE % {"value": text, "choices": choices}))
        return ""
    return value


def _count(row, header, number, errors) -> int:
    value = row.get(header)
    if value is None or value == "":
        return 0
    text = as_text(value)
    if text.isdigit() and not text.isascii():
        errors.append(RowError(number, header, NOT_HALF_WIDTH_DIGITS % {"value": text}))
        return 0
    if not text.isdigit():
        errors.append(RowError(number, header, NOT_A_COUNT % {"value": text}))
        return 0
    return int(text)


def _required_text(row, header, number, errors) -> str:
    value = as_text(row.get(header))
    if not value:
        errors.append(RowError(number, header, REQUIRED_VALUE))
    return value


def _document(
    row, number, batch: "InstitutionsImporter", errors, institution=None
) -> ApprovalDocument | None:
    doc_number = as_text(row.get(f.DOCUMENT))
    try:
        issued_on = as_date(row.get(f.DOCUMENT_DATE))
    except BadValue as error:
        errors.append(RowError(number, f.DOCUMENT_DATE, error.message))
        return None
    if not doc_number or issued_on is None:
        if not doc_number:
            errors.append(RowError(number, f.DOCUMENT, REQUIRED_VALUE))
        if issued_on is None:
            errors.append(RowError(number, f.DOCUMENT_DATE, REQUIRED_VALUE))
        return None
    document = batch.documents.get(doc_number)
    if document is None:
        document = ApprovalDocument.objects.filter(number=doc_number).first()
    if document is None:
        document = org_services.document_create(
            actor=batch.actor,
            reason=batch.reason,
            number=doc_number,
            title=f"机构编制核定文件（{KIND}导入）",
            issuer=settings.BIANZHI["OFFICE_NAME"],
            issued_on=issued_on,
            region=institution.region if institution else batch.region,
        )
    elif document.issued_on != issued_on:
        message = DOCUMENT_DATE_DISAGREES % {
            "number": doc_number,
            "date": document.issued_on.isoformat(),
        }
        errors.append(RowError(number, f.DOCUMENT_DATE, message))
        return None
    batch.documents[doc_number] = document
    return document


def _ordered(rows: list[InstitutionRow]) -> list[InstitutionRow]:
    """Rows whose parent is another row of the file come after that row."""
    names = {row.fields["full_name"] for row in rows}
    placed, pending, ordered = set(), list(rows), []
    while pending:
        ready = [
            row for row in pending if not (p := row.parent_name) or p not in names or p in placed
        ]
        if not ready:
            ordered.extend(pending)  # a cycle: each row will report its unknown parent
            break
        for row in ready:
            pending.remove(row)
            placed.add(row.fields["full_name"])
        ordered.extend(ready)
    return ordered


class InstitutionsImporter(Importer):
    kind = KIND
    sheets = (INSTITUTIONS, DEPARTMENTS)
    batch_prefix = "JG"
    # Parents are created before their children and documents on first use: only writing finds
    # every refusal, so the import writes, collects, and rolls back.
    rehearse = True

    @classmethod
    def job_kwargs(cls, actor, options: dict) -> dict:
        return {"region": actor.scope.region, "region_ids": actor.scope.region_ids()}

    def __init__(self, *, region: Region | None, region_ids=None, **options):
        super().__init__(**options)
        self.region = region
        self.region_ids = set(region_ids) if region_ids is not None else None
        self.names: dict[str, int] = {}
        self.documents: dict[str, ApprovalDocument] = {}
        self.created: dict[tuple[int, str], Institution] = {}

    @property
    def reason(self) -> str:
        return f"{KIND}导入（批次 {self.result.batch}）"

    def count(self, what: str, n: int = 1) -> None:
        self.result.written[what] = self.result.written.get(what, 0) + n

    def begin(self) -> None:
        if self.region_ids is None:
            self.region_ids = set(Region.objects.values_list("pk", flat=True))

    def validate_row(self, sheet, number, row):
        if sheet is DEPARTMENTS:
            return self._department_cells(number, row)
        return self._institution_cells(number, row)

    def write(self, valid) -> dict[str, int]:
        self.result.written = {}
        for parsed in _ordered(valid[INSTITUTIONS]):
            self.tick()
            self._institution(parsed)
        for parsed in valid.get(DEPARTMENTS, []):
            self.tick()
            self._department(parsed)
        return self.result.written

    # --- 机构 ---------------------------------------------------------------------------------------

    def _institution_cells(self, number: int, row: dict) -> InstitutionRow | None:
        name = as_text(row.get(f.FULL_NAME))
        if name and self.names.setdefault(name, number) != number:
            self.error(number, f.FULL_NAME, DUPLICATE_IN_FILE % {"row": self.names[name]})
            return None
        errors: list[RowError] = []
        fields = {
            "full_name": _required_text(row, f.FULL_NAME, number, errors),
            "short_name": as_text(row.get(f.SHORT_NAME)),
            "other_names": as_text(row.get(f.OTHER_NAMES)),
            "relation": _choice(row, f.RELATION, number, errors),
            "kind": _choice(row, f.KIND, number, errors, required=True),
            "system": _choice(row, f.SYSTEM, number, errors, required=True),
            "category": _choice(row, f.CATEGORY, number, errors, required=True),
            "level": _choice(row, f.LEVEL, number, errors, required=True),
            "public_service_class": _choice(row, f.PUBLIC_SERVICE_CLASS, number, errors),
            "sector": _choice(row, f.SECTOR, number, errors) or "other",
            "credit_code": as_text(row.get(f.CREDIT_CODE)).upper(),
            "legal_person_cert_no": as_text(row.get(f.LEGAL_PERSON_CERT)),
            "main_duties": as_text(row.get(f.MAIN_DUTIES)),
        }
        quotas = {header: _count(row, header, number, errors) for header in QUOTAS}
        posts = {header: _count(row, header, number, errors) for header in f.LEADERSHIP_COLUMNS}
        region = self._region(row, number, errors)
        self.result.errors.extend(errors)
        if errors:
            return None
        parent_name = as_text(row.get(f.PARENT))
        return InstitutionRow(number, row, fields, quotas, posts, region, parent_name)

    def _region(self, row, number, errors) -> Region | None:
        code = as_text(row.get(f.REGION))
        if not code:
            if self.region is None:
                errors.append(RowError(number, f.REGION, NO_REGION))
            return self.region
        region = Region.objects.filter(code=code, pk__in=self.region_ids).first()
        if region is None:
            errors.append(RowError(number, f.REGION, UNKNOWN_REGION % {"code": code}))
        return region

    def _institution(self, parsed: InstitutionRow) -> None:
        number = parsed.number
        parent = None
        if parsed.parent_name:
            parent = self._find_institution(parsed.parent_name)
            if parent is None:
                message = UNKNOWN_PARENT % {"name": parsed.parent_name}
                self.error(number, f.PARENT, message)
                return
        errors: list[RowError] = []
        try:
            with transaction.atomic():
                document = _document(parsed.row, number, self, errors)
                if errors:
                    self.result.errors.extend(errors)
                    return
                institution = org_services.institution_create(
                    actor=self.actor,
                    reason=self.reason,
                    document=document,
                    region=parsed.region,
                    parent=parent,
                    established_on=None,
                    **parsed.fields,
                )
                self._approve(institution, parsed.quotas, parsed.posts, document)
        except ValidationError as error:
            self.service_errors(error, number, f.FIELD_COLUMNS)
            return
        self.created[(parsed.region.pk, institution.full_name)] = institution
        self.count("机构")

    def _approve(self, institution, quotas, posts, document) -> None:
        lines = [
            services.LineChange(
                establishment_type=QUOTAS[header][0],
                funding_form=QUOTAS[header][1],
                delta=count,
                institution=institution,
            )
            for header, count in quotas.items()
            if count
        ]
        if lines:
            services.adjustment_apply(
                region=institution.region,
                kind=AdjustmentKind.INITIAL,
                summary=self.reason,
                document=document,
                effective_on=document.issued_on,
                lines=lines,
                actor=self.actor,
            )
            self.count("编制", len(lines))
        self._posts(institution, None, posts, f.LEADERSHIP_COLUMNS, document)

    def _posts(self, institution, department, posts, kinds, document) -> None:
        for header, count in posts.items():
            if not count:
                continue
            services.leadership_quota_set(
                institution=institution,
                department=department,
                post_kind=kinds[header],
                approved=count,
                document=document,
                actor=self.actor,
                reason=self.reason,
            )
            self.count("领导职数")

    def _find_institution(self, name: str) -> Institution | None:
        for (region_id, full_name), institution in self.created.items():
            if full_name == name and region_id in self.region_ids:
                return institution
        found = list(
            Institution.objects.filter(
                full_name=name, status=Status.ACTIVE, region_id__in=self.region_ids
            )
        )
        return found[0] if len(found) == 1 else None

    # --- 内设机构 -----------------------------------------------------------------------------------

    def _department_cells(self, number: int, row: dict) -> DepartmentRow | None:
        errors: list[RowError] = []
        unit_name = _required_text(row, f.DEPARTMENT_UNIT, number, errors)
        name = _required_text(row, f.DEPARTMENT_NAME, number, errors)
        level = _choice(row, f.DEPARTMENT_LEVEL, number, errors) or "unit"
        posts = {header: _count(row, header, number, errors) for header in f.DEPARTMENT_LEADERSHIP}
        for error in errors:
            self.error(error.row, error.column, error.message, DEPARTMENTS)
        if errors:
            return None
        return DepartmentRow(number, row, unit_name, name, level, posts)

    def _department(self, parsed: DepartmentRow) -> None:
        number = parsed.number
        institution = self._find_institution(parsed.unit_name)
        if institution is None:
            message = UNKNOWN_UNIT % {"name": parsed.unit_name}
            self.error(number, f.DEPARTMENT_UNIT, message, DEPARTMENTS)
            return
        errors: list[RowError] = []
        try:
            with transaction.atomic():
                document = None
                if any(parsed.posts.values()):
                    document = _document(parsed.row, number, self, errors, institution)
                if errors:
                    raise ValidationError([e.message for e in errors])
                department = org_services.department_create(
                    actor=self.actor,
                    reason=self.reason,
                    institution=institution,
                    name=parsed.name,
                    level=parsed.level,
                )
                self._posts(
                    institution, department, parsed.posts, f.DEPARTMENT_LEADERSHIP, document
                )
        except ValidationError as error:
            if errors:
                for e in errors:
                    self.error(e.row, e.column, e.message, DEPARTMENTS)
            else:
                self.service_errors(error, number, DEPARTMENT_COLUMNS, DEPARTMENTS)
            return
        self.count("内设机构")


def institutions_import(
    *, file, actor, region: Region | None, region_ids=None, dry_run=False, limits=None, batch=""
):
    """Validate and (unless ``dry_run`` or any error) write a 机构编制信息采集表."""
    importer = InstitutionsImporter(
        actor=actor,
        region=region,
        region_ids=region_ids,
        dry_run=dry_run,
        limits=limits,
        batch=batch,
    )
    return importer.run(file)
