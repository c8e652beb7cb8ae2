"""Writes to the institutions registry. Every change goes through here, recorded with its actor,
reason and document (rule 13)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import apply_changes, save_tracked

from . import levels
from .choices import Status
from .models import ApprovalDocument, Institution, InternalDepartment, Region

ABOLITION_NEEDS_DOCUMENT = "撤销机构必须依据批准文件，请选择撤销文件。"
ABOLITION_DATE_IN_FUTURE = "撤销日期不能晚于今天。"
ALREADY_ABOLISHED = "该机构已经撤销。"
ABOLITION_WITH_ACTIVE_CHILDREN = (
    "该机构下仍有 %(count)d 个在用的下属机构（%(names)s），请先调整其主管部门或撤销后再撤销本机构。"
)
DEPARTMENT_ALREADY_ABOLISHED = "该内设机构已经撤销。"
PARENT_ABOLISHED = "主管部门“%(name)s”已撤销，不能作为主管部门。"
INSTITUTION_ABOLISHED = "机构“%(name)s”已撤销，不能再修改或新增内设机构。"
REGION_REASON_REQUIRED = "修改行政区划须说明原因。"

# Other apps add checks that must pass before an institution is abolished (rule 8: no active
# establishment records or quota left). Each takes the institution and returns error messages.
abolition_checks: list = []
# Other apps act when an institution has been abolished, in the same transaction (e.g. the
# certificates app withdraws its certificate). Each is called with keyword arguments
# institution, document, abolished_on, actor and reason.
abolition_hooks: list = []
# Other apps add checks that must pass before an institution's kind (单位类型) changes (rule 17:
# rule 6 must still hold under the new kind, so no quota line or establishment record of a type
# the new kind may not hold may remain). Each takes the institution, as it is, and the new kind,
# and returns error messages that name what is left and what to do first.
kind_change_checks: list = []


# Abolition has its own service with its own checks; an update may not reach these fields.
ABOLITION_FIELDS = frozenset({"status", "abolished_on", "abolition_document"})
ABOLITION_FIELDS_IN_UPDATE = "撤销须通过“撤销”办理，不能在修改中更改状态、撤销日期或撤销文件。"


def _locked_active(institution: Institution, message: str, field: str | None = None):
    """Re-read and lock ``institution``: a copy read earlier may predate its abolition."""
    current = Institution.objects.select_for_update().get(pk=institution.pk)
    if not current.is_active:
        error = message % {"name": current.full_name}
        raise ValidationError({field: error} if field else error)
    return current


def _check_parent_active(parent: Institution | None) -> None:
    if parent is not None:
        _locked_active(parent, PARENT_ABOLISHED, "parent")


def _check_institution_active(institution: Institution) -> None:
    _locked_active(institution, INSTITUTION_ABOLISHED)


def _refuse_abolition_fields(changes: dict) -> None:
    if ABOLITION_FIELDS & changes.keys():
        raise ValidationError(ABOLITION_FIELDS_IN_UPDATE)


def _check_abolition_date(abolished_on: date) -> None:
    if abolished_on > timezone.localdate():
        raise ValidationError({"abolished_on": ABOLITION_DATE_IN_FUTURE})


def link_document(document: ApprovalDocument | None, institution: Institution, *, actor, reason):
    """List ``institution`` among the institutions ``document`` concerns (涉及机构).

    Every document an institution was founded, changed or abolished under concerns it; this is
    also what lets its own clerk and reviewer open that document.
    """
    if document is None or document.institutions.filter(pk=institution.pk).exists():
        return
    document = ApprovalDocument.objects.select_for_update().get(pk=document.pk)
    members = [*document.institutions.all(), institution]
    save_tracked(
        document, actor=actor, reason=reason, document=document, m2m={"institutions": members}
    )


@transaction.atomic
def document_create(
    *, actor, reason: str = "登记批准文件", institutions=(), **fields
) -> ApprovalDocument:
    """Register an approval document (批准文件) and the institutions it concerns."""
    document = ApprovalDocument(**fields)
    m2m = {"institutions": list(institutions)} if institutions else None
    return save_tracked(document, actor=actor, reason=reason, document=document, m2m=m2m)


@transaction.atomic
def document_update(
    *, document: ApprovalDocument, actor, reason: str, changes: dict, institutions=None
) -> ApprovalDocument:
    document = ApprovalDocument.objects.select_for_update().get(pk=document.pk)
    changed = apply_changes(document, changes)
    m2m = None
    if institutions is not None and set(institutions) != set(document.institutions.all()):
        m2m = {"institutions": list(institutions)}
    if changed or m2m:
        save_tracked(document, actor=actor, reason=reason, document=document, m2m=m2m)
    return document


@transaction.atomic
def institution_create(
    *, actor, reason: str = "新设机构", document: ApprovalDocument | None = None, **fields
) -> Institution:
    """Register a new institution (机构设立); its founding document is recorded in history.

    A level above its region's ceiling needs that document (``orgs.levels``)."""
    _check_parent_active(fields.get("parent"))
    institution = Institution(**fields)
    if document and not institution.establishing_document_id:
        institution.establishing_document = document
    levels.check_region_level(institution, institution.establishing_document)
    save_tracked(
        institution, actor=actor, reason=reason, document=institution.establishing_document
    )
    link_document(institution.establishing_document, institution, actor=actor, reason=reason)
    return institution


@transaction.atomic
def institution_update(
    *,
    institution: Institution,
    actor,
    reason: str,
    changes: dict,
    document: ApprovalDocument | None = None,
) -> Institution:
    """Change an institution's attributes (rename, re-parent, re-grade …) under a document.

    A change of kind (单位类型) is refused while the institution holds quota lines or people of a
    type the new kind may not hold (rule 17), as the apps that hold them report through
    ``kind_change_checks``: move or cut the quota and transfer the people first. A level,
    category or region that puts it above its region's ceiling needs ``document``, and it is
    never graded below one of its internal departments (``orgs.levels``).
    """
    _refuse_abolition_fields(changes)
    institution = _locked_active(institution, INSTITUTION_ABOLISHED)
    if "parent" in changes:
        _check_parent_active(changes["parent"])
    _check_kind_change(institution, changes.get("kind", institution.kind))
    changed = apply_changes(institution, changes)
    if changed:
        if changed.keys() & {"level", "category", "region"}:
            levels.check_region_level(institution, document)
        if "level" in changed:
            levels.check_departments_fit(institution)
        save_tracked(institution, actor=actor, reason=reason, document=document)
        for cited in (document, institution.establishing_document):
            link_document(cited, institution, actor=actor, reason=reason)
    return institution


def _check_kind_change(institution: Institution, new_kind: str) -> None:
    if not new_kind or new_kind == institution.kind:
        return
    errors = [message for check in kind_change_checks for message in check(institution, new_kind)]
    if errors:
        raise ValidationError({"kind": errors})


@transaction.atomic
def institution_abolish(
    *,
    institution: Institution,
    document: ApprovalDocument | None,
    abolished_on: date,
    actor,
    reason: str,
) -> Institution:
    """Abolish an institution (机构撤销, rule 8): a document, no active sub-institutions, and no
    establishment left (checked by the apps that hold it). Its internal departments go with it."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if not institution.is_active:
        raise ValidationError(ALREADY_ABOLISHED)
    if document is None:
        raise ValidationError({"document": ABOLITION_NEEDS_DOCUMENT})
    _check_abolition_date(abolished_on)
    children = list(institution.children.filter(status=Status.ACTIVE).order_by("sort_order"))
    if children:
        raise ValidationError(
            ABOLITION_WITH_ACTIVE_CHILDREN
            % {"count": len(children), "names": "、".join(c.full_name for c in children[:5])}
        )
    errors = [message for check in abolition_checks for message in check(institution)]
    if errors:
        raise ValidationError(errors)
    for department in institution.departments.filter(status=Status.ACTIVE):
        _abolish_department(department, document, abolished_on, actor, reason)
    institution.status = Status.ABOLISHED
    institution.abolished_on = abolished_on
    institution.abolition_document = document
    save_tracked(institution, actor=actor, reason=reason, document=document)
    link_document(document, institution, actor=actor, reason=reason)
    for hook in abolition_hooks:
        hook(
            institution=institution,
            document=document,
            abolished_on=abolished_on,
            actor=actor,
            reason=reason,
        )
    return institution


@transaction.atomic
def department_create(
    *, actor, reason: str = "新设内设机构", document: ApprovalDocument | None = None, **fields
) -> InternalDepartment:
    """Register an internal department; its level is not above its institution's
    (``orgs.levels``)."""
    department = InternalDepartment(**fields)
    _check_institution_active(department.institution)
    levels.check_department_level(department)
    save_tracked(department, actor=actor, reason=reason, document=document)
    link_document(document, department.institution, actor=actor, reason=reason)
    return department


@transaction.atomic
def department_update(
    *,
    department: InternalDepartment,
    actor,
    reason: str,
    changes: dict,
    document: ApprovalDocument | None = None,
) -> InternalDepartment:
    _refuse_abolition_fields(changes)
    department = InternalDepartment.objects.select_for_update().get(pk=department.pk)
    if not department.is_active:
        raise ValidationError(DEPARTMENT_ALREADY_ABOLISHED)
    changed = apply_changes(department, changes)
    if changed:
        if "level" in changed:
            levels.check_department_level(department)
        save_tracked(department, actor=actor, reason=reason, document=document)
        link_document(document, department.institution, actor=actor, reason=reason)
    return department


@transaction.atomic
def department_abolish(
    *,
    department: InternalDepartment,
    document: ApprovalDocument | None,
    abolished_on: date,
    actor,
    reason: str,
) -> InternalDepartment:
    department = InternalDepartment.objects.select_for_update().get(pk=department.pk)
    if not department.is_active:
        raise ValidationError(DEPARTMENT_ALREADY_ABOLISHED)
    if document is None:
        raise ValidationError({"document": ABOLITION_NEEDS_DOCUMENT})
    _check_abolition_date(abolished_on)
    _abolish_department(department, document, abolished_on, actor, reason)
    link_document(document, department.institution, actor=actor, reason=reason)
    return department


def _abolish_department(department, document, abolished_on, actor, reason) -> InternalDepartment:
    department.status = Status.ABOLISHED
    department.abolished_on = abolished_on
    department.abolition_document = document
    return save_tracked(department, actor=actor, reason=reason, document=document)


@transaction.atomic
def region_save(*, region: Region, actor, reason: str) -> Region:
    """Create or edit a region (行政区划); the change is recorded with who and why (rule 13), so
    a reason is required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": REGION_REASON_REQUIRED})
    return save_tracked(region, actor=actor, reason=reason.strip())
