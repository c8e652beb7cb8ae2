"""Every write of a 违规案件 (rules 34 and 35): intake, assignment, the investigation record,
findings with the responsible persons, the feedback to the reporter and closing.

The office admin assigns; the assigned handler (or the office admin) investigates, concludes,
records the feedback and closes. A case closes only with findings and a recorded feedback
(举报必查、事后反馈, rule 34); the reporter is stored encrypted (rule 35, ``cases.reporter``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bianzhi import access
from bianzhi.history import save_tracked
from orgs.models import Institution, Region

from .choices import CaseState, Channel
from .models import CLOSED_NEEDS_FEEDBACK, Case, ResponsiblePerson
from .reporter import seal

ASSIGN_FOR_ADMIN = "案件由编办管理员分办。"
HANDLER_NOT_OFFICE = "承办人须是本区划编办的在岗工作人员。"
ONLY_HANDLER = "只有该案件的承办人或编办管理员可以办理该案件。"
WRONG_STATE = "案件当前为“%(state)s”，不能%(action)s。"
IN_FUTURE = "日期不能晚于今天。"
BEFORE_RECEIVED = "日期不能早于受理日期（%(date)s）。"
FEEDBACK_BEFORE_FINDINGS = "反馈日期不能早于查结日期（%(date)s）：先查清，再反馈。"
INVESTIGATION_INCOMPLETE = "查根源、查过程、查现状都要记录后才能作出调查结论。"
INSTITUTION_OUTSIDE = "被举报单位不在本区划内。"
CLOSED_CASE = "案件已办结，不能再修改。"

NUMBER_FORMAT = "{prefix}〔{year}〕第{serial:03d}号"


def case_days() -> int:
    return settings.BIANZHI.get("CASE_DAYS", 60)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_state(case: Case, states, action: str) -> None:
    if case.state not in states:
        raise ValidationError(
            WRONG_STATE % {"state": CaseState(case.state).label, "action": action}, code="state"
        )


def may_handle(user, case: Case) -> bool:
    """The case's handler, or the office admin of its region."""
    role = access.role_of(user)
    if role not in access.OFFICE_ROLES:
        return False
    if case.region_id not in access.user_scope(user).region_ids():
        return False
    return role == access.Role.OFFICE_ADMIN or case.handler_id == user.pk


def _check_handler(case: Case, actor) -> None:
    if not may_handle(actor, case):
        raise ValidationError(ONLY_HANDLER, code="handler")


def _check_day(day: datetime.date, case: Case, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: IN_FUTURE})
    if day < case.received_on:
        raise ValidationError({field: BEFORE_RECEIVED % {"date": case.received_on.isoformat()}})


def next_serial(region: Region, year: int) -> int:
    last = Case.objects.filter(region=region, year=year).aggregate(n=Max("serial"))["n"]
    return (last or 0) + 1


@transaction.atomic
def case_receive(
    *,
    region: Region,
    received_on: datetime.date,
    channel: str,
    summary: str,
    content: str,
    category: str,
    actor,
    institution: Institution | None = None,
    referred_by: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    due_on: datetime.date | None = None,
) -> Case:
    """受理: register a report with its number (per region and year), due ``CASE_DAYS`` after
    intake unless an earlier or later deadline is set; the reporter is sealed (rule 35)."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": IN_FUTURE})
    if institution is not None and institution.region_id != region.pk:
        raise ValidationError({"institution": INSTITUTION_OUTSIDE})
    # Numbers are handed out one at a time per region.
    Region.objects.select_for_update().get(pk=region.pk)
    year = received_on.year
    serial = next_serial(region, year)
    prefix = settings.BIANZHI.get("CASE_NUMBER_PREFIX", "编举")
    case = Case(
        region=region,
        year=year,
        serial=serial,
        number=NUMBER_FORMAT.format(prefix=prefix, year=year, serial=serial),
        received_on=received_on,
        channel=channel,
        referred_by=referred_by.strip() if channel == Channel.REFERRAL else "",
        reporter_name_encrypted=seal(reporter_name),
        reporter_contact_encrypted=seal(reporter_contact),
        institution=institution,
        category=category,
        summary=summary,
        content=content,
        due_on=due_on or received_on + datetime.timedelta(days=case_days()),
    )
    # The reason names the channel only: never the reporter (rule 35).
    return save_tracked(case, actor=actor, reason=f"受理举报（{Channel(channel).label}）")


@transaction.atomic
def case_assign(*, case: Case, handler, actor) -> Case:
    """分办: the office admin gives the case to a handler of the office (or to another one while
    it is open); the case is then 调查中."""
    case = _locked(case)
    if access.role_of(actor) != access.Role.OFFICE_ADMIN:
        raise ValidationError(ASSIGN_FOR_ADMIN, code="admin")
    _check_state(case, {CaseState.RECEIVED, CaseState.INVESTIGATING}, "分办")
    scope = access.user_scope(handler)
    if (
        scope is None
        or scope.role not in access.OFFICE_ROLES
        or case.region_id not in scope.region_ids()
    ):
        raise ValidationError({"handler": HANDLER_NOT_OFFICE})
    case.handler = handler
    case.assigned_on = timezone.localdate()
    case.state = CaseState.INVESTIGATING
    name = handler.get_full_name() or handler.username
    return save_tracked(case, actor=actor, reason=f"分办给{name}")


@transaction.atomic
def case_investigate(
    *, case: Case, root_cause: str, process: str, current_state: str, actor
) -> Case:
    """调查记录: what the handler found of the root (查根源), the course (查过程) and the present
    state (查现状); saved as often as the investigation goes on, until the findings."""
    case = _locked(case)
    _check_handler(case, actor)
    _check_state(case, {CaseState.INVESTIGATING}, "记录调查情况")
    case.root_cause = root_cause.strip()
    case.process = process.strip()
    case.current_state = current_state.strip()
    return save_tracked(case, actor=actor, reason="记录调查情况")


@transaction.atomic
def case_conclude(
    *, case: Case, conclusion: str, findings: str, concluded_on: datetime.date, actor
) -> Case:
    """查结: the conclusion and findings, once all three parts of the investigation are on record.
    Responsible persons and problems for rectification are added to the concluded case."""
    case = _locked(case)
    _check_handler(case, actor)
    _check_state(case, {CaseState.INVESTIGATING}, "作出调查结论")
    if not (case.root_cause and case.process and case.current_state):
        raise ValidationError(INVESTIGATION_INCOMPLETE, code="investigation")
    _check_day(concluded_on, case, "concluded_on")
    case.conclusion = conclusion
    case.findings = findings.strip()
    case.concluded_on = concluded_on
    case.state = CaseState.CONCLUDED
    return save_tracked(case, actor=actor, reason="作出调查结论")


@transaction.atomic
def responsible_add(
    *, case: Case, name: str, post: str, measure: str, detail: str = "", actor
) -> ResponsiblePerson:
    """责任人员及处理措施, on a concluded case (before it closes)."""
    case = _locked(case)
    _check_handler(case, actor)
    _check_state(case, {CaseState.CONCLUDED}, "登记责任人员")
    person = ResponsiblePerson(case=case, name=name, post=post, measure=measure, detail=detail)
    return save_tracked(person, actor=actor, reason=f"登记责任人员：{name}")


@transaction.atomic
def responsible_remove(*, person: ResponsiblePerson, actor) -> Case:
    """A responsible person recorded by mistake, removed before the case closes (the removal is
    in the history)."""
    case = _locked(person.case)
    _check_handler(case, actor)
    _check_state(case, {CaseState.CONCLUDED}, "删除责任人员")
    person._history_user = actor
    person._change_reason = f"删除责任人员：{person.name}"
    person.delete()
    return case


@transaction.atomic
def case_feedback(
    *, case: Case, feedback_on: datetime.date, method: str, note: str = "", actor
) -> Case:
    """反馈: the findings told to the reporter — the day (not before the findings, not in the
    future) and how. It may be corrected until the case closes."""
    case = _locked(case)
    _check_handler(case, actor)
    _check_state(case, {CaseState.CONCLUDED}, "记录反馈")
    _check_day(feedback_on, case, "feedback_on")
    if feedback_on < case.concluded_on:
        raise ValidationError(
            {"feedback_on": FEEDBACK_BEFORE_FINDINGS % {"date": case.concluded_on.isoformat()}}
        )
    case.feedback_on = feedback_on
    case.feedback_method = method
    case.feedback_note = note.strip()
    return save_tracked(case, actor=actor, reason="记录向举报人反馈情况")


@transaction.atomic
def case_close(*, case: Case, actor) -> Case:
    """办结 (rule 34): only a concluded case whose feedback to the reporter is on record."""
    case = _locked(case)
    _check_handler(case, actor)
    if case.state == CaseState.CLOSED:
        raise ValidationError(CLOSED_CASE, code="closed")
    if case.state != CaseState.CONCLUDED or not (case.feedback_on and case.feedback_method):
        raise ValidationError(CLOSED_NEEDS_FEEDBACK, code="feedback")
    case.state = CaseState.CLOSED
    case.closed_on = timezone.localdate()
    return save_tracked(case, actor=actor, reason="办结")
