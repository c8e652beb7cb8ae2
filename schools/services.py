"""Writes of teacher quotas by standard (rule 28): school profiles, student numbers, the region's
standard, and the education bureau's reallocation of quota among its schools. Each locks what it
checks and records actor, reason and document (rule 13)."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from bianzhi import access
from bianzhi.history import apply_changes, save_tracked
from orgs import services as org_services
from orgs.models import ApprovalDocument, Institution, Region
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind, EstablishmentType
from staffing.services import LineChange

from .choices import Stage
from .models import Reallocation, SchoolProfile, StaffingStandard, StudentCount

NOT_THE_BUREAUS_REVIEWER = (
    "只有教育主管部门的审核员可以在所属学校之间调剂编制（规则 28）；其他编制调整请报编办办理。"
)
OUTSIDE_BUREAU = "“%(name)s”不是%(bureau)s所属学校，不能调剂其编制：调剂只能在本部门所属学校之间进行（规则 28）。"
NOT_A_SCHOOL = "“%(name)s”未登记为中小学校，不能参与中小学编制调剂（规则 28）。"
NEEDS_BOTH = "编制调剂须有调出学校和调入学校各一条明细。"
ABOVE_BUREAU_TOTAL = (
    "%(bureau)s所属学校%(type)s合计不能增加：本次调入 %(plus)d 名，调出 %(minus)d 名，"
    "将超出现有总量 %(excess)d 名（规则 28）；增加编制须报编办核定。"
)
BELOW_BUREAU_TOTAL = (
    "%(bureau)s所属学校%(type)s调出 %(minus)d 名、调入 %(plus)d 名，调出与调入须相等；"
    "核减编制须报编办办理（规则 28）。"
)
SAME_SCHOOL = "调出学校和调入学校不能是同一所学校。"
DOCUMENT_TAKEN = "文号“%(number)s”已由其他单位登记，请核对文号。"
STANDARD_UNCHANGED = "编制标准没有改变。"
NO_COUNTS = "请至少填写一个学段的学生数。"


@transaction.atomic
def school_profile_save(
    *,
    institution: Institution,
    actor,
    reason: str,
    senior: bool,
    junior: bool,
    primary: bool,
    boarding: bool = False,
    township: bool = False,
) -> SchoolProfile:
    """Register a school's stages and flags (学段, 寄宿制, 乡镇), or change them."""
    profile = SchoolProfile.objects.select_for_update().filter(
        institution=institution
    ).first() or SchoolProfile(institution=institution)
    changes = {
        "senior": senior,
        "junior": junior,
        "primary": primary,
        "boarding": boarding,
        "township": township,
    }
    if profile.pk and not apply_changes(profile, changes):
        return profile
    for name, value in changes.items():
        setattr(profile, name, value)
    return save_tracked(profile, actor=actor, reason=reason)


@transaction.atomic
def student_counts_set(
    *, school: SchoolProfile, school_year: str, counts: dict[str, int | None], actor, reason: str
) -> list[StudentCount]:
    """Record a school's students of a school year per stage (``None``: left as it is); a stage
    the school does not offer is refused (``StudentCount.clean``)."""
    given = {stage: count for stage, count in counts.items() if count is not None}
    if not given:
        raise ValidationError(NO_COUNTS)
    school = SchoolProfile.objects.select_for_update().get(pk=school.pk)
    written = []
    for stage in Stage:
        if stage not in given:
            continue
        row = StudentCount.objects.filter(
            school=school, school_year=school_year, stage=stage
        ).first() or StudentCount(school=school, school_year=school_year, stage=stage)
        if row.pk and row.students == given[stage]:
            continue
        row.students = given[stage]
        written.append(save_tracked(row, actor=actor, reason=reason))
    return written


STANDARD_FIELDS = (
    "senior_ratio",
    "junior_ratio",
    "primary_ratio",
    "boarding_percent",
    "boarding_per_school",
    "township_percent",
    "township_per_school",
    "document",
)


@transaction.atomic
def staffing_standard_set(*, region: Region, actor, reason: str, **values) -> StaffingStandard:
    """Set a region's 中小学教职工编制标准 (the county's own ratios and additions)."""
    standard = StaffingStandard.objects.select_for_update().filter(
        region=region
    ).first() or StaffingStandard(region=region)
    unknown = set(values) - set(STANDARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if standard.pk and not apply_changes(standard, values):
        raise ValidationError(STANDARD_UNCHANGED)
    for name, value in values.items():
        setattr(standard, name, value)
    return save_tracked(standard, actor=actor, reason=reason, document=standard.document)


def bureau_of(actor) -> Institution:
    """The education bureau whose right the actor holds (rule 28), or a refusal."""
    if not access.SCHOOL_REALLOCATION.allows(actor):
        raise ValidationError(NOT_THE_BUREAUS_REVIEWER)
    return access.user_scope(actor).institution


@transaction.atomic
def bureau_document(
    *, actor, number: str, title: str, issued_on: datetime.date, institutions: list[Institution]
) -> ApprovalDocument:
    """The bureau's document for a reallocation: registered already (in the actor's scope), or
    registered now with the bureau as issuer."""
    bureau = bureau_of(actor)
    number = number.strip()
    existing = ApprovalDocument.objects.filter(number=number).first()
    if existing is not None:
        if not access.restrict(ApprovalDocument.objects.filter(pk=existing.pk), actor).exists():
            raise ValidationError({"document_number": DOCUMENT_TAKEN % {"number": number}})
        return existing
    return org_services.document_create(
        actor=actor,
        reason="登记中小学编制调剂文件",
        number=number,
        title=title,
        issuer=bureau.full_name,
        issued_on=issued_on,
        region=bureau.region,
        institutions=institutions,
    )


def _check_moves(bureau: Institution, moves: list[LineChange]) -> None:
    in_bureau = bureau.subtree_ids() - {bureau.pk}
    schools = set(
        SchoolProfile.objects.filter(
            institution__in=[move.institution.pk for move in moves]
        ).values_list("institution_id", flat=True)
    )
    for move in moves:
        institution = move.institution
        if institution is None or institution.pk not in in_bureau:
            name = institution.full_name if institution else "编制周转池"
            raise ValidationError(OUTSIDE_BUREAU % {"name": name, "bureau": bureau.full_name})
        if institution.pk not in schools:
            raise ValidationError(NOT_A_SCHOOL % {"name": institution.full_name})
    if not any(m.delta < 0 for m in moves) or not any(m.delta > 0 for m in moves):
        raise ValidationError(NEEDS_BOTH)
    plus: dict[str, int] = defaultdict(int)
    minus: dict[str, int] = defaultdict(int)
    for move in moves:
        (plus if move.delta > 0 else minus)[move.establishment_type] += abs(move.delta)
    for establishment_type in sorted(set(plus) | set(minus)):
        values = {
            "bureau": bureau.full_name,
            "type": EstablishmentType(establishment_type).label,
            "plus": plus[establishment_type],
            "minus": minus[establishment_type],
            "excess": plus[establishment_type] - minus[establishment_type],
        }
        if values["excess"] > 0:
            raise ValidationError(ABOVE_BUREAU_TOTAL % values)
        if values["excess"] < 0:
            raise ValidationError(BELOW_BUREAU_TOTAL % values)


@transaction.atomic
def school_quota_reallocate(
    *,
    actor,
    moves: list[LineChange],
    document: ApprovalDocument,
    effective_on: datetime.date,
    summary: str,
    over_establishment_reason: str = "",
    over_establishment_measures: str = "",
    over_establishment_deadline: datetime.date | None = None,
) -> Reallocation:
    """编制调剂 (rule 28): the education bureau's reviewer moves quota among the bureau's own
    schools as one 编制划转; the bureau's total of each type never increases, a school outside the
    bureau is refused, and a school goes below its occupancy only with an over-establishment
    reason (rule 4, checked by ``adjustment_apply`` with the quota in force, rule 15)."""
    bureau = bureau_of(actor)
    # One reallocation of a bureau at a time: the totals it keeps are read across its schools.
    bureau = Institution.objects.select_for_update().get(pk=bureau.pk)
    _check_moves(bureau, moves)
    adjustment = staffing_services.adjustment_apply(
        region=bureau.region,
        kind=AdjustmentKind.TRANSFER,
        summary=summary,
        document=document,
        effective_on=effective_on,
        lines=moves,
        actor=actor,
        over_establishment_reason=over_establishment_reason,
        over_establishment_measures=over_establishment_measures,
        over_establishment_deadline=over_establishment_deadline,
    )
    source = next(move for move in moves if move.delta < 0)
    target = next(move for move in moves if move.delta > 0)
    return save_tracked(
        Reallocation(
            adjustment=adjustment,
            bureau=bureau,
            source=source.institution,
            target=target.institution,
            establishment_type=source.establishment_type,
            funding_form=source.funding_form,
            count=sum(move.delta for move in moves if move.delta > 0),
        ),
        actor=actor,
        reason=summary,
        document=document,
    )
