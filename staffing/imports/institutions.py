"""机构编制信息采集表 import: institutions with their quota lines, internal departments and
leadership quotas, through the registry's own services.

All or nothing: every row runs through ``orgs.services.institution_create``,
``staffing.services.adjustment_apply`` (核定编制, rule 4 and the region's total control) and
``leadership_quota_set`` inside one transaction, each row behind its own savepoint so that every
refusal is collected; any refusal (or a dry run) rolls the whole transaction back. The history
reason of every row written names the import batch (rule 13).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi.excel.reader import BadValue, as_date, as_text, locate, open_workbook, worksheet
from bianzhi.excel.report import ImportResult, RowError, new_batch
from bianzhi.excel.safety import UnsafeWorkbook
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


@dataclass
class Batch:
    actor: object
    region: Region
    region_ids: set[int]
    reason: str
    result: ImportResult
    documents: dict[str, ApprovalDocument]
    created: dict[tuple[int, str], Institution]


QUOTAS = {f.QUOTA_HEADERS[key]: value for key, value in f.QUOTA_COLUMNS.items()}


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
    if not text.isdigit():
        errors.append(RowError(number, header, NOT_A_COUNT % {"value": text}))
        return 0
    return int(text)


def _required_text(row, header, number, errors) -> str:
    value = as_text(row.get(header))
    if not value:
        errors.append(RowError(number, header, REQUIRED_VALUE))
    return value


def _service_errors(error: ValidationError, number: int, columns: dict) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(number, columns.get(name, ""), message)
            for name, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return [RowError(number, "", message) for message in error.messages]


def _document(row, number, batch: Batch, errors, institution=None) -> ApprovalDocument | None:
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


def _find_institution(name: str, region_ids, batch: Batch) -> Institution | None:
    for (region_id, full_name), institution in batch.created.items():
        if full_name == name and region_id in region_ids:
            return institution
    found = list(
        Institution.objects.filter(full_name=name, status=Status.ACTIVE, region_id__in=region_ids)
    )
    return found[0] if len(found) == 1 else None


def _region(row, number, batch: Batch, errors) -> Region | None:
    code = as_text(row.get(f.REGION))
    if not code:
        return batch.region
    region = Region.objects.filter(code=code, pk__in=batch.region_ids).first()
    if region is None:
        errors.append(RowError(number, f.REGION, UNKNOWN_REGION % {"code": code}))
    return region


def _institution_row(number: int, row: dict, batch: Batch) -> None:
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
    region = _region(row, number, batch, errors)
    parent_name = as_text(row.get(f.PARENT))
    parent = None
    if parent_name and region is not None:
        parent = _find_institution(parent_name, batch.region_ids, batch)
        if parent is None:
            errors.append(RowError(number, f.PARENT, UNKNOWN_PARENT % {"name": parent_name}))
    if errors:
        batch.result.errors.extend(errors)
        return
    try:
        with transaction.atomic():
            document = _document(row, number, batch, errors)
            if errors:
                batch.result.errors.extend(errors)
                return
            institution = org_services.institution_create(
                actor=batch.actor,
                reason=batch.reason,
                document=document,
                region=region,
                parent=parent,
                established_on=None,
                **fields,
            )
            _approve(institution, quotas, posts, document, batch)
    except ValidationError as error:
        batch.result.errors.extend(_service_errors(error, number, f.FIELD_COLUMNS))
        return
    batch.created[(region.pk, institution.full_name)] = institution
    batch.result.written["机构"] = batch.result.written.get("机构", 0) + 1


def _approve(institution, quotas, posts, document, batch: Batch) -> None:
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
            summary=batch.reason,
            document=document,
            effective_on=document.issued_on,
            lines=lines,
            actor=batch.actor,
        )
        written = batch.result.written
        written["编制"] = written.get("编制", 0) + len(lines)
    _posts(institution, None, posts, f.LEADERSHIP_COLUMNS, document, batch)


def _posts(institution, department, posts, kinds, document, batch: Batch) -> None:
    for header, count in posts.items():
        if not count:
            continue
        services.leadership_quota_set(
            institution=institution,
            department=department,
            post_kind=kinds[header],
            approved=count,
            document=document,
            actor=batch.actor,
            reason=batch.reason,
        )
        batch.result.written["领导职数"] = batch.result.written.get("领导职数", 0) + 1


def _department_row(number: int, row: dict, batch: Batch) -> None:
    errors: list[RowError] = []
    unit_name = _required_text(row, f.DEPARTMENT_UNIT, number, errors)
    name = _required_text(row, f.DEPARTMENT_NAME, number, errors)
    level = _choice(row, f.DEPARTMENT_LEVEL, number, errors) or "unit"
    posts = {header: _count(row, header, number, errors) for header in f.DEPARTMENT_LEADERSHIP}
    institution = _find_institution(unit_name, batch.region_ids, batch) if unit_name else None
    if unit_name and institution is None:
        errors.append(RowError(number, f.DEPARTMENT_UNIT, UNKNOWN_UNIT % {"name": unit_name}))
    if errors:
        batch.result.errors.extend(
            [RowError(e.row, f"内设机构表 {e.column}", e.message) for e in errors]
        )
        return
    columns = {"name": f.DEPARTMENT_NAME, "level": f.DEPARTMENT_LEVEL}
    try:
        with transaction.atomic():
            document = (
                _document(row, number, batch, errors, institution) if any(posts.values()) else None
            )
            if errors:
                raise ValidationError([e.message for e in errors])
            department = org_services.department_create(
                actor=batch.actor,
                reason=batch.reason,
                institution=institution,
                name=name,
                level=level,
            )
            _posts(institution, department, posts, f.DEPARTMENT_LEADERSHIP, document, batch)
    except ValidationError as error:
        refused = errors or _service_errors(error, number, columns)
        batch.result.errors.extend(
            RowError(e.row, f"内设机构表 {e.column}".strip(), e.message) for e in refused
        )
        return
    batch.result.written["内设机构"] = batch.result.written.get("内设机构", 0) + 1


class _RollBack(Exception):
    pass


def _ordered(rows):
    """Rows whose parent is another row of the file come after that row."""
    names = {as_text(row.get(f.FULL_NAME)) for _, row in rows}
    placed, pending, ordered = set(), list(rows), []
    while pending:
        ready = [
            (n, r)
            for n, r in pending
            if not (p := as_text(r.get(f.PARENT))) or p not in names or p in placed
        ]
        if not ready:
            ordered.extend(pending)  # a cycle: each row will report its unknown parent
            break
        for item in ready:
            pending.remove(item)
            placed.add(as_text(item[1].get(f.FULL_NAME)))
        ordered.extend(ready)
    return ordered


def institutions_import(
    *, file, actor, region: Region | None, region_ids=None, dry_run=False, limits=None, batch=""
) -> ImportResult:
    """Validate and (unless ``dry_run`` or any error) write a 机构编制信息采集表."""
    result = ImportResult(kind=KIND, headers=list(f.INSTITUTION_HEADERS), dry_run=dry_run)
    try:
        workbook = open_workbook(file, limits)
        sheet = worksheet(workbook, f.INSTITUTION_SHEET) or workbook.worksheets[0]
        table = locate(sheet, f.INSTITUTION_COLUMNS)
        department_sheet = worksheet(workbook, f.DEPARTMENT_SHEET)
        departments = locate(department_sheet, f.DEPARTMENT_COLUMNS) if department_sheet else None
    except UnsafeWorkbook as error:
        result.errors.append(RowError(0, "", error.message))
        return result
    result.header_row = table.header_row
    if table.unknown:
        result.notices.append("有无法识别的列（已忽略）：" + "、".join(table.unknown))
    for located in (table, departments):
        if located is not None and located.missing:
            message = "缺少必填列：" + "、".join(located.missing)
            result.errors.append(RowError(located.header_row, "", message))
    if result.errors:
        return result
    try:
        rows = list(table.rows)
        department_rows = list(departments.rows) if departments else []
    except UnsafeWorkbook as error:
        result.errors.append(RowError(0, "", error.message))
        return result
    finally:
        workbook.close()
    result.rows = len(rows)
    seen: dict[str, int] = {}
    for number, row in rows:
        name = as_text(row.get(f.FULL_NAME))
        if name and seen.setdefault(name, number) != number:
            message = DUPLICATE_IN_FILE % {"row": seen[name]}
            result.errors.append(RowError(number, f.FULL_NAME, message))
    if result.errors:
        return result
    result.batch = batch or new_batch("JG")
    if region_ids is None:
        region_ids = set(Region.objects.values_list("pk", flat=True))
    state = Batch(
        actor=actor,
        region=region,
        region_ids=set(region_ids),
        reason=f"{KIND}导入（批次 {result.batch}）",
        result=result,
        documents={},
        created={},
    )
    try:
        with transaction.atomic():
            for number, row in _ordered(rows):
                if region is None and not as_text(row.get(f.REGION)):
                    result.errors.append(RowError(number, f.REGION, NO_REGION))
                    continue
                _institution_row(number, row, state)
            for number, row in department_rows:
                _department_row(number, row, state)
            if result.errors or dry_run:
                raise _RollBack
    except _RollBack:
        if result.errors:
            result.written = {}
    result.errors.sort(key=lambda error: (error.column.startswith("内设机构表"), error.row))
    return result
