"""整改佐证材料: the files the responsible unit's clerk attaches to a problem while it has to
act (rule 30); the office may attach what it found (an inspection report) until 销号."""

from django.core.exceptions import ValidationError

from attachments.registry import OwnerKind
from bianzhi import access

from .choices import AWAITING_UNIT, ProblemStatus
from .models import Problem
from .services import check_may_report

CLOSED = "该问题已销号，附件不能再增删。"
SUBMITTED = "整改情况已报送，附件不能删除；被退回后可补充或删除。"


def _check_add(problem: Problem, user) -> None:
    if access.role_of(user) in access.OFFICE_ROLES:
        if problem.status == ProblemStatus.CLOSED:
            raise ValidationError(CLOSED)
        return
    check_may_report(problem, user)


def _check_delete(problem: Problem, user) -> None:
    if problem.status not in AWAITING_UNIT:
        raise ValidationError(CLOSED if problem.status == ProblemStatus.CLOSED else SUBMITTED)
    check_may_report(problem, user)


PROBLEM_ATTACHMENTS = OwnerKind(
    key="problem",
    model=Problem,
    check_add=_check_add,
    check_delete=_check_delete,
    hint="整改佐证材料，如整改文件、调整后的花名册、会议纪要的扫描件；报送后不能删除，退回后可补充。",
)
