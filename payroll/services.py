"""Findings of a payroll run recorded as problems in the 问题台账 (rule 45)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from oversight.choices import ProblemSource, ProblemStatus
from oversight.models import Problem
from oversight.services import record_problem

from .choices import FindingKind
from .models import PayrollFinding, PayrollRun
from .reconcile import cn_month

ALREADY_RECORDED = "该条核对结果已登记为问题（%(problem)s），同一条结果只登记一次（规则 45）。"
NO_UNIT = "该条核对结果没有对应的系统单位，不能登记问题；请在问题台账中手工登记（规则 45）。"
REQUIREMENTS = {
    FindingKind.NOT_IN_REGISTRY: "核实发放依据；不在编人员停发工资、追回已发款项，确属在编的办理入编手续。",
    FindingKind.NOT_PAID: "核实人员是否在岗；已离岗的及时办理出编，在岗的核实工资发放渠道。",
    FindingKind.OTHER_UNIT: "核实人员实际工作单位，办理调动手续或更正工资发放单位。",
    FindingKind.CATEGORY: "按核定的编制类型和经费形式发放工资，或依规办理编制调整。",
    FindingKind.AFTER_EXIT: "停发出编、退休人员工资并追回多发款项，到龄人员及时办理退休出编。",
}


def default_requirement(kind: str) -> str:
    return REQUIREMENTS[FindingKind(kind)]


def problem_text(finding: PayrollFinding) -> str:
    """The problem's description: the ID number masked, whoever may read the problem later."""
    return (
        f"{cn_month(finding.run.month)}工资统发核对：{finding.name}（{finding.id_number_masked}）"
        f"{finding.get_kind_display()}，{finding.detail}。"
    )


def _open_problem_of_earlier_run(finding: PayrollFinding) -> Problem | None:
    """The same person's same disagreement recorded from an earlier run and not yet closed."""
    earlier = (
        PayrollFinding.objects.filter(
            id_number_index=finding.id_number_index,
            kind=finding.kind,
            run__region=finding.run.region_id,
            problem__isnull=False,
        )
        .exclude(problem__status=ProblemStatus.CLOSED)
        .exclude(pk=finding.pk)
        .select_related("problem")
        .order_by("-pk")
        .first()
    )
    return earlier.problem if earlier else None


@transaction.atomic
def finding_problem_record(
    *, finding: PayrollFinding, requirement: str, deadline: datetime.date, actor
) -> Problem:
    """登记问题 from one finding (rule 45): a problem of its unit, source 工资统发核对, the finding
    as origin. A finding is recorded once; where an earlier run's same finding for the same
    person is still open in the ledger, the finding joins that problem instead of repeating it."""
    finding = (
        PayrollFinding.objects.select_for_update(of=("self",))
        .select_related("run", "institution", "paid_institution", "problem")
        .get(pk=finding.pk)
    )
    if finding.problem_id:
        raise ValidationError(ALREADY_RECORDED % {"problem": finding.problem})
    institution = finding.problem_institution
    if institution is None:
        raise ValidationError(NO_UNIT)
    problem = _open_problem_of_earlier_run(finding)
    if problem is None:
        problem = record_problem(
            institution=institution,
            source=ProblemSource.PAYROLL,
            finding=problem_text(finding),
            requirement=requirement,
            deadline=deadline,
            user=actor,
            rule_numbers=(43,),
            origin=finding,
            reason=f"工资统发核对发现的问题（{finding.run}）",
        )
    finding.problem = problem
    finding.save(update_fields=["problem"])
    return problem


@dataclass
class KindRecorded:
    recorded: list[Problem] = field(default_factory=list)
    joined: int = 0  # linked to an open problem of an earlier run
    without_unit: int = 0


def kind_problems_record(
    *, run: PayrollRun, kind: str, requirement: str, deadline: datetime.date, actor
) -> KindRecorded:
    """登记问题 for every finding of ``kind`` in ``run`` not yet recorded (rule 45), in one
    transaction: all or none."""
    outcome = KindRecorded()
    findings = PayrollFinding.objects.filter(run=run, kind=kind, problem__isnull=True).order_by(
        "pk"
    )
    with transaction.atomic():
        for finding in findings:
            try:
                problem = finding_problem_record(
                    finding=finding, requirement=requirement, deadline=deadline, actor=actor
                )
            except ValidationError as error:
                if error.messages == [NO_UNIT]:
                    outcome.without_unit += 1
                    continue
                raise
            if _is_origin(problem, finding):
                outcome.recorded.append(problem)
            else:
                outcome.joined += 1
    return outcome


def _is_origin(problem: Problem, finding: PayrollFinding) -> bool:
    return problem.origin_type.model_class() is PayrollFinding and problem.origin_id == finding.pk
