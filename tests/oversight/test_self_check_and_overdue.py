"""Rules 31 and 33 and the 自查 one click: a problem past its deadline while the unit has still to
act is overdue; a 自查 breach becomes a problem once, with its check's rules and fix; when the
自查 no longer finds the breach the problem is 数据已消除待销号 and the office may sign it off
without the unit's report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.services import attachment_add
from oversight import selectors, services
from oversight.choices import ProblemSource, ProblemStatus
from oversight.models import Problem
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def recorded(unit, actor, *, recorded_days_ago=40, deadline_days=-10):
    return services.record_problem(
        institution=unit,
        source=ProblemSource.AUDIT,
        finding="审计发现问题",
        requirement="整改",
        deadline=TODAY + datetime.timedelta(days=deadline_days),
        recorded_on=TODAY - datetime.timedelta(days=recorded_days_ago),
        user=actor,
    )


def test_a_problem_past_its_deadline_awaiting_the_unit_is_overdue(unit, actor, clerk):
    late = recorded(unit, actor)
    recorded(unit, actor, deadline_days=5)
    assert late.is_overdue(TODAY) and late.days_overdue(TODAY) == 10
    assert list(selectors.overdue(Problem.objects.all(), TODAY)) == [late]
    assert selectors.figures(Problem.objects.all(), TODAY)["overdue"] == 1


def test_a_reported_problem_is_not_overdue_but_a_returned_one_is(unit, actor, clerk):
    late = recorded(unit, actor)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    attachment_add(owner=late, upload=upload, actor=clerk)
    late = services.problem_report(problem=late, actor=clerk, rectification="已整改")
    assert not late.is_overdue(TODAY) and late.reported_late
    late = services.problem_return(problem=late, actor=actor, reason="不到位")
    assert late.is_overdue(TODAY)


@pytest.fixture
def empty_unit(region):
    """A unit with quota and nobody in it: the 自查's 空壳机构 (rule 8)."""
    unit = PublicInstitutionFactory(region=region, full_name="测试县空壳中心")
    builders.quota(unit, 2)
    return unit


def from_breach(unit, actor):
    return services.problem_from_breach(
        check_code="empty_unit", institution_id=unit.pk, subject=unit.full_name, user=actor
    )


def test_a_breach_becomes_a_problem_with_its_checks_rules_and_fix(empty_unit, actor):
    problem = from_breach(empty_unit, actor)
    assert problem.source == ProblemSource.SELF_CHECK
    assert problem.institution == empty_unit and problem.rule_numbers == [8]
    assert problem.finding.startswith("空壳机构：有核定编制而无在编人员：测试县空壳中心")
    assert problem.requirement.startswith("核实机构是否实际运行")
    assert problem.deadline == TODAY + datetime.timedelta(days=services.DEFAULT_DEADLINE_DAYS)
    assert (problem.check_code, problem.check_subject) == ("empty_unit", "测试县空壳中心")


def test_a_breach_is_recorded_once_until_signed_off(empty_unit, actor):
    first = from_breach(empty_unit, actor)
    with pytest.raises(ValidationError) as refused:
        from_breach(empty_unit, actor)
    assert refused.value.messages == [services.BREACH_ALREADY_RECORDED % {"problem": first}]
    assert Problem.objects.count() == 1


def test_a_breach_the_check_does_not_find_is_refused(region, actor):
    unit = PublicInstitutionFactory(region=region)
    with pytest.raises(ValidationError) as refused:
        from_breach(unit, actor)
    assert refused.value.messages == [services.BREACH_NOT_FOUND]


def test_a_breach_that_disappears_is_cleared_by_data(empty_unit, actor):
    problem = from_breach(empty_unit, actor)
    problems = Problem.objects.all()
    assert selectors.cleared_by_data(problems, actor) == set()
    builders.staff(empty_unit.quota_lines.get(), 1)
    assert selectors.cleared_by_data(problems, actor) == {problem.pk}


def test_a_problem_cleared_by_data_is_signed_off_without_a_report(empty_unit, actor):
    problem = from_breach(empty_unit, actor)
    builders.staff(empty_unit.quota_lines.get(), 1)
    problem = services.problem_sign_off(
        problem=problem, actor=actor, verification="已补录在编人员，核查属实"
    )
    assert problem.status == ProblemStatus.CLOSED
    # Closed: the breach may be recorded again should it come back.
    assert services.open_problem_for_breach("empty_unit", empty_unit.pk, "测试县空壳中心") is None


def test_a_self_check_problem_still_found_needs_the_units_report(empty_unit, actor):
    problem = from_breach(empty_unit, actor)
    with pytest.raises(ValidationError):
        services.problem_sign_off(problem=problem, actor=actor, verification="核查")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_the_counts_by_source_status_and_unit(unit, actor, empty_unit):
    recorded(unit, actor)
    recorded(unit, actor, deadline_days=3)
    from_breach(empty_unit, actor)
    summary = selectors.summary(Problem.objects.all(), TODAY)
    by_source = {tally.label: (tally.total, tally.overdue) for tally in summary.by_source}
    assert by_source == {"自查发现": (1, 0), "审计巡视": (2, 1)}
    by_unit = {tally.label: tally.cells() for tally in summary.by_unit}
    assert by_unit == {"测试县林业局": [2, 0, 0, 0], "测试县空壳中心": [1, 0, 0, 0]}
    assert summary.total.total == 3 and summary.total.overdue == 1
