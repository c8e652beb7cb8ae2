"""Writes of the 问题台账 (rules 30–33): record a problem, the unit's report of its
rectification, the office's sign-off (销号) or sending it back.

Each locks the problem, checks who acts and the state it is in, and records the change with its
actor and reason (rule 13). Messages are constants so the tests can assert them.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from attachments.services import attachments_of
from bianzhi import access
from bianzhi.access import Role
from bianzhi.history import SYSTEM_USERNAME, save_tracked
from orgs.models import Institution

from .choices import AWAITING_UNIT, ProblemSource, ProblemStatus
from .models import Problem

DEFAULT_DEADLINE_DAYS = 30

OFFICE_RECORDS = "只有编办人员可以登记问题。"
OFFICE_VERIFIES = "只有编办人员可以核查整改情况、销号或退回。"
OUT_OF_SCOPE = "该单位不在您的管辖范围内。"
FINDING_REQUIRED = "请填写问题描述。"
REQUIREMENT_REQUIRED = "请填写整改要求。"
DEADLINE_PASSED = "整改期限不能早于登记日期（%(recorded_on)s）。"
RULE_NUMBER_INVALID = "违反规则须为规则编号（正整数）。"
ORIGIN_UNSAVED = "来源对象尚未保存，不能关联。"
BREACH_ALREADY_RECORDED = "该自查问题已登记在问题台账中（%(problem)s），尚未销号。"
BREACH_NOT_FOUND = "自查中已没有这一问题，无法登记；请刷新自查页面后再试。"
NOT_THE_UNITS_CLERK = "只有责任单位（%(unit)s）的经办人可以报送该问题的整改情况。"
NOT_AWAITING_REPORT = "该问题当前状态为“%(status)s”，不能报送整改情况（规则 30）。"
RECTIFICATION_REQUIRED = "请填写整改情况：做了什么、结果如何。"
EVIDENCE_REQUIRED = "报送整改情况前请先上传至少一份整改佐证材料（规则 30）。"
NOT_REPORTED = (
    "该问题当前状态为“%(status)s”，单位尚未报送整改情况，不能销号（规则 32）；"
    "自查发现的问题在自查中已消除时可直接销号（规则 33）。"
)
NOT_REPORTED_RETURN = "该问题当前状态为“%(status)s”，只有已报整改的问题可以退回（规则 32）。"
VERIFICATION_REQUIRED = "请填写核查意见：核查了什么、是否整改到位（规则 32）。"
RETURN_REASON_REQUIRED = "请填写退回理由，说明单位还须整改什么。"


def _today() -> datetime.date:
    return timezone.localdate()


def _check_office(user, institution: Institution, refusal: str) -> None:
    """An office role whose region covers ``institution``; the system account (commands,
    loaders) passes."""
    if getattr(user, "username", None) == SYSTEM_USERNAME and not user.is_active:
        return
    if access.role_of(user) not in access.OFFICE_ROLES:
        raise PermissionDenied(refusal)
    if not access.restrict(Institution.objects.filter(pk=institution.pk), user).exists():
        raise PermissionDenied(OUT_OF_SCOPE)


def _clean_rule_numbers(rule_numbers) -> list[int]:
    numbers = []
    for number in rule_numbers or ():
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ValidationError({"rule_numbers": RULE_NUMBER_INVALID})
        if number not in numbers:
            numbers.append(number)
    return sorted(numbers)


@transaction.atomic
def record_problem(
    *,
    institution: Institution,
    source: str,
    finding: str,
    requirement: str,
    deadline: datetime.date,
    user,
    responsible_institution: Institution | None = None,
    rule_numbers: tuple[int, ...] = (),
    origin=None,
    reason: str = "",
    recorded_on: datetime.date | None = None,
    check_code: str = "",
    check_subject: str = "",
) -> Problem:
    """登记问题 (rule 30): a problem of ``institution`` from ``source``, with what the
    ``responsible_institution`` (the unit itself unless named) must do by ``deadline``.
    ``origin`` is the object it comes from (a case, an evaluation, a follow-up…), if any.
    Office roles only, within their region."""
    _check_office(user, institution, OFFICE_RECORDS)
    responsible = responsible_institution or institution
    if responsible.pk != institution.pk:
        _check_office(user, responsible, OFFICE_RECORDS)
    finding = (finding or "").strip()
    requirement = (requirement or "").strip()
    if not finding:
        raise ValidationError({"finding": FINDING_REQUIRED})
    if not requirement:
        raise ValidationError({"requirement": REQUIREMENT_REQUIRED})
    recorded_on = recorded_on or _today()
    if deadline < recorded_on:
        raise ValidationError({"deadline": DEADLINE_PASSED % {"recorded_on": recorded_on}})
    problem = Problem(
        institution=institution,
        responsible_institution=responsible,
        source=ProblemSource(source),
        finding=finding,
        requirement=requirement,
        deadline=deadline,
        rule_numbers=_clean_rule_numbers(rule_numbers),
        recorded_on=recorded_on,
        recorded_by=user,
        check_code=check_code,
        check_subject=check_subject,
    )
    if origin is not None:
        if origin.pk is None:
            raise ValidationError(ORIGIN_UNSAVED)
        problem.origin_type = ContentType.objects.get_for_model(origin)
        problem.origin_id = origin.pk
    why = reason.strip() or f"登记问题（{ProblemSource(source).label}）"
    return save_tracked(problem, actor=user, reason=why)


def _locked(problem: Problem) -> Problem:
    return (
        Problem.objects.select_for_update(of=("self",))
        .select_related("institution", "responsible_institution")
        .get(pk=problem.pk)
    )


def _status_label(problem: Problem) -> str:
    return ProblemStatus(problem.status).label


def check_may_report(problem: Problem, user) -> None:
    """Rule 30: only the responsible unit's clerk reports, while the unit has to act."""
    scope = access.user_scope(user)
    if (
        scope is None
        or scope.role != Role.CLERK
        or scope.institution_id != problem.responsible_institution_id
    ):
        raise PermissionDenied(
            NOT_THE_UNITS_CLERK % {"unit": problem.responsible_institution.full_name}
        )
    if problem.status not in AWAITING_UNIT:
        raise ValidationError(NOT_AWAITING_REPORT % {"status": _status_label(problem)})


@transaction.atomic
def problem_report(*, problem: Problem, actor, rectification: str) -> Problem:
    """报送整改情况 (rule 30): the responsible unit's clerk says what was done, with at least
    one file of evidence attached; the problem waits for the office's verification."""
    problem = _locked(problem)
    check_may_report(problem, actor)
    rectification = (rectification or "").strip()
    if not rectification:
        raise ValidationError({"rectification": RECTIFICATION_REQUIRED})
    if not attachments_of(problem).exists():
        raise ValidationError(EVIDENCE_REQUIRED)
    problem.status = ProblemStatus.REPORTED
    problem.rectification = rectification
    problem.reported_on = _today()
    problem.reported_by = actor
    return save_tracked(problem, actor=actor, reason=f"报送整改情况：{rectification[:60]}")


def check_may_verify(problem: Problem, user) -> None:
    if access.role_of(user) not in access.OFFICE_ROLES:
        raise PermissionDenied(OFFICE_VERIFIES)
    if not access.restrict(Problem.objects.filter(pk=problem.pk), user).exists():
        raise PermissionDenied(OUT_OF_SCOPE)


@transaction.atomic
def problem_sign_off(*, problem: Problem, actor, verification: str) -> Problem:
    """销号 (rule 32): the office verifies the unit's reported rectification and closes the
    problem with its verification note. A 自查 problem whose breach the registry no longer
    shows may be closed without a report (rule 33), checked again now."""
    from .selectors import breach_still_found

    problem = _locked(problem)
    check_may_verify(problem, actor)
    if problem.status != ProblemStatus.REPORTED:
        cleared = (
            problem.status in AWAITING_UNIT
            and problem.source == ProblemSource.SELF_CHECK
            and not breach_still_found(problem, actor, _today())
        )
        if not cleared:
            raise ValidationError(NOT_REPORTED % {"status": _status_label(problem)})
    verification = (verification or "").strip()
    if not verification:
        raise ValidationError({"verification": VERIFICATION_REQUIRED})
    today = _today()
    problem.status = ProblemStatus.CLOSED
    problem.verification = verification
    problem.verified_on = today
    problem.verified_by = actor
    problem.closed_on = today
    return save_tracked(problem, actor=actor, reason=f"销号：{verification[:60]}")


@transaction.atomic
def problem_return(*, problem: Problem, actor, reason: str) -> Problem:
    """退回重改 (rule 32): the rectification is not enough; the unit must act and report
    again, told why. The deadline stays as set: a returned problem past it is overdue."""
    problem = _locked(problem)
    check_may_verify(problem, actor)
    if problem.status != ProblemStatus.REPORTED:
        raise ValidationError(NOT_REPORTED_RETURN % {"status": _status_label(problem)})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"verification": RETURN_REASON_REQUIRED})
    problem.status = ProblemStatus.RETURNED
    problem.verification = reason
    problem.verified_on = _today()
    problem.verified_by = actor
    problem.returned_count += 1
    return save_tracked(problem, actor=actor, reason=f"退回重改：{reason[:60]}")


BREACH_WITHOUT_UNIT = "该自查问题不属于某一单位，不能登记到问题台账。"


def open_problem_for_breach(check_code: str, institution_id: int, subject: str) -> Problem | None:
    return Problem.objects.filter(
        source=ProblemSource.SELF_CHECK,
        check_code=check_code,
        institution_id=institution_id,
        check_subject=subject,
        status__in=AWAITING_UNIT | {ProblemStatus.REPORTED},
    ).first()


@transaction.atomic
def problem_from_breach(
    *,
    check_code: str,
    institution_id: int,
    subject: str,
    user,
    deadline: datetime.date | None = None,
) -> Problem:
    """One click on the 自查 page (rules 22, 30): the breach, found again now by its check (the
    page's data is never trusted), becomes a problem of its unit with the check's rules and
    fix; at most one problem per breach is open at a time."""
    from checks import registry

    check = registry.get(check_code)
    today = _today()
    key = (check_code, institution_id, subject)
    breaches = check.find(user, today) if check is not None else []
    breach = next((b for b in breaches if (b.code, b.institution_id, b.subject) == key), None)
    if breach is None:
        raise ValidationError(BREACH_NOT_FOUND)
    if breach.institution_id is None:
        raise ValidationError(BREACH_WITHOUT_UNIT)
    existing = open_problem_for_breach(*key)
    if existing is not None:
        raise ValidationError(BREACH_ALREADY_RECORDED % {"problem": existing})
    return record_problem(
        institution=Institution.objects.get(pk=institution_id),
        source=ProblemSource.SELF_CHECK,
        finding=f"{check.title}：{subject}。{breach.detail}",
        requirement=check.fix,
        deadline=deadline or today + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS),
        user=user,
        rule_numbers=check.rules,
        reason=f"自查发现问题登记：{check.title}",
        check_code=check_code,
        check_subject=subject,
    )
