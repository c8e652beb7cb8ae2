"""Rules 30 and 32: a problem is recorded by the office, the responsible unit's clerk reports its
rectification with evidence, and the office signs it off (销号) or sends it back; every other
step is refused and writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.services import attachment_add
from bianzhi.access import Role
from oversight import services
from oversight.choices import ProblemSource, ProblemStatus
from oversight.models import Problem
from oversight.selectors import problems_for
from tests.kit.clock import TODAY
from tests.kit.factories import InstitutionFactory, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(problem, user):
    upload = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    return attachment_add(owner=problem, upload=upload, actor=user)


def report(problem, clerk, text="已免去副局长 1 名，按核定职数配备"):
    return services.problem_report(problem=problem, actor=clerk, rectification=text)


def history_reasons(problem):
    return [h.history_change_reason for h in problem.history.order_by("history_id")]


def test_a_recorded_problem_waits_for_the_unit_and_is_tracked(problem, actor, unit):
    assert problem.status == ProblemStatus.OPEN
    assert problem.responsible_institution == unit
    assert problem.recorded_by == actor and problem.recorded_on == TODAY
    assert problem.rule_numbers == [5]
    (record,) = problem.history.all()
    assert record.history_user == actor
    assert problem.get_absolute_url() == f"/oversight/{problem.pk}/"


def test_the_clerk_reports_with_evidence_and_the_office_signs_it_off(problem, clerk, actor):
    evidence(problem, clerk)
    problem = report(problem, clerk)
    assert problem.status == ProblemStatus.REPORTED
    assert problem.reported_by == clerk and problem.reported_on == TODAY
    problem = services.problem_sign_off(problem=problem, actor=actor, verification="核查属实")
    assert problem.status == ProblemStatus.CLOSED
    assert problem.closed_on == TODAY and problem.verified_by == actor
    assert history_reasons(problem)[1:] == [
        "报送整改情况：已免去副局长 1 名，按核定职数配备",
        "销号：核查属实",
    ]


def test_a_return_sends_the_problem_back_to_the_unit_to_report_again(problem, clerk, actor):
    evidence(problem, clerk)
    report(problem, clerk)
    problem = services.problem_return(problem=problem, actor=actor, reason="缺少免职文件")
    assert problem.status == ProblemStatus.RETURNED
    assert problem.verification == "缺少免职文件" and problem.returned_count == 1
    problem = report(problem, clerk, "补充免职文件")
    assert problem.status == ProblemStatus.REPORTED


def test_signing_off_a_problem_not_reported_is_refused(problem, actor):
    with pytest.raises(ValidationError) as refused:
        services.problem_sign_off(problem=problem, actor=actor, verification="核查属实")
    assert "单位尚未报送整改情况，不能销号" in refused.value.messages[0]
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN and problem.history.count() == 1


def test_sending_back_a_problem_not_reported_is_refused(problem, actor):
    with pytest.raises(ValidationError):
        services.problem_return(problem=problem, actor=actor, reason="不到位")


def test_a_clerk_of_another_unit_may_not_report(problem, region):
    other = make_user(Role.CLERK, institution=InstitutionFactory(region=region))
    with pytest.raises(PermissionDenied) as refused:
        report(problem, other)
    assert str(refused.value) == services.NOT_THE_UNITS_CLERK % {"unit": "测试县林业局"}


def test_office_staff_may_not_report_for_the_unit(problem, actor):
    with pytest.raises(PermissionDenied):
        report(problem, actor)


def test_a_report_without_evidence_is_refused(problem, clerk):
    with pytest.raises(ValidationError) as refused:
        report(problem, clerk)
    assert refused.value.messages == [services.EVIDENCE_REQUIRED]
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_a_report_without_words_is_refused(problem, clerk):
    evidence(problem, clerk)
    with pytest.raises(ValidationError) as refused:
        report(problem, clerk, "  ")
    assert refused.value.messages == [services.RECTIFICATION_REQUIRED]


def test_a_closed_problem_takes_no_report(problem, clerk, actor):
    evidence(problem, clerk)
    report(problem, clerk)
    services.problem_sign_off(problem=problem, actor=actor, verification="核查属实")
    with pytest.raises(ValidationError):
        report(problem, clerk)
    with pytest.raises(ValidationError):
        evidence(problem, clerk)


def test_sign_off_needs_a_verification_note(problem, clerk, actor):
    evidence(problem, clerk)
    report(problem, clerk)
    with pytest.raises(ValidationError) as refused:
        services.problem_sign_off(problem=problem, actor=actor, verification="")
    assert refused.value.messages == [services.VERIFICATION_REQUIRED]


def test_the_unit_may_not_sign_off_its_own_problem(problem, clerk):
    evidence(problem, clerk)
    report(problem, clerk)
    with pytest.raises(PermissionDenied):
        services.problem_sign_off(problem=problem, actor=clerk, verification="已整改")


def test_only_the_office_records_problems(unit, clerk):
    with pytest.raises(PermissionDenied):
        services.record_problem(
            institution=unit,
            source=ProblemSource.INSPECTION,
            finding="x",
            requirement="y",
            deadline=TODAY,
            user=clerk,
        )


def test_the_office_records_only_in_its_region(actor):
    foreign = InstitutionFactory(full_name="他县单位")
    with pytest.raises(PermissionDenied):
        services.record_problem(
            institution=foreign,
            source=ProblemSource.AUDIT,
            finding="x",
            requirement="y",
            deadline=TODAY,
            user=actor,
        )
    assert not Problem.objects.exists()


def test_a_deadline_before_the_record_is_refused(unit, actor):
    with pytest.raises(ValidationError):
        services.record_problem(
            institution=unit,
            source=ProblemSource.AUDIT,
            finding="x",
            requirement="y",
            deadline=TODAY - datetime.timedelta(days=1),
            user=actor,
        )


def test_a_responsible_unit_other_than_the_problems_reports_it(unit, actor, region):
    supervisor = InstitutionFactory(region=region, full_name="测试县自然资源局")
    problem = services.record_problem(
        institution=unit,
        source=ProblemSource.AUDIT,
        finding="下属单位登记不规范",
        requirement="督促下属单位完成登记",
        deadline=TODAY,
        user=actor,
        responsible_institution=supervisor,
    )
    own_clerk = make_user(Role.CLERK, institution=unit)
    with pytest.raises(PermissionDenied):
        evidence(problem, own_clerk)
    supervisor_clerk = make_user(Role.CLERK, institution=supervisor)
    evidence(problem, supervisor_clerk)
    assert report(problem, supervisor_clerk).status == ProblemStatus.REPORTED


def test_problems_for_an_origin_are_those_recorded_from_it(unit, actor, region):
    origin = InstitutionFactory(region=region, full_name="来源对象")
    from_origin = services.record_problem(
        institution=unit,
        source=ProblemSource.CASE,
        finding="违规设置内设机构",
        requirement="撤销",
        deadline=TODAY,
        user=actor,
        origin=origin,
    )
    services.record_problem(
        institution=unit,
        source=ProblemSource.CASE,
        finding="另一问题",
        requirement="整改",
        deadline=TODAY,
        user=actor,
    )
    assert list(problems_for(origin)) == [from_origin]
    assert from_origin.origin == origin
