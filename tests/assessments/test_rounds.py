"""Rounds (rules 37–39): the procedure stage by stage, grades and ranks with the A quota per
category, publishing with the C grade's proposal, next year's scheme, and registry metrics."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from assessments import metrics, services
from assessments.choices import EvaluationStatus, Grade, RoundStage, SchemeUse
from assessments.models import Category, Scheme
from assessments.services.rounds import UNFINISHED
from bianzhi.history import save_tracked, system_actor
from orgs.choices import InstitutionKind
from oversight.choices import ProblemSource
from oversight.selectors import problems_for
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

from .scenario import scored, self_assessed, small_scheme


@pytest.fixture
def office(world):
    return world.users["office_staff"]


def advance_to(round, stage, office):
    while round.stage != stage:
        round = services.advance_round(round=round, user=office)
    return round


def test_a_round_follows_the_procedure_of_its_use(world, office):
    scheme, _ = small_scheme(world.region)
    round = services.start_round(scheme=scheme, name="绩效考核", user=office)
    services.add_to_round(round=round, institutions=[world.unit], user=office)
    stages = [round.stage]
    while True:
        try:
            round = services.advance_round(round=round, user=office)
        except ValidationError:
            break
        stages.append(round.stage)
    # 确定等次 waits for every unit to be scored.
    assert stages == [
        RoundStage.SELF,
        RoundStage.NOTICE,
        RoundStage.FIELD,
        RoundStage.SURVEY,
        RoundStage.REVIEW,
    ]


def test_grading_waits_for_every_unit_to_be_scored(world, office):
    scheme, ind = small_scheme(world.region)
    round = services.start_round(scheme=scheme, name="绩效考核", user=office)
    done, _waiting = services.add_to_round(
        round=round, institutions=[world.unit, world.sibling], user=office
    )
    self_assessed(done, ind, office)
    scored(done, ind, office=office, survey=100, business=50)
    round = advance_to(round, RoundStage.REVIEW, office)
    with pytest.raises(ValidationError) as refused:
        services.advance_round(round=round, user=office)
    assert refused.value.messages == [
        UNFINISHED % {"stage": "确定等次", "units": world.sibling.full_name}
    ]


def test_grades_and_ranks_are_set_per_category_with_the_a_quota(world, office):
    scheme, ind = small_scheme(world.region, a_quota_percent=50)
    schools = Category.objects.create(scheme=scheme, name="教育类")
    hospitals = Category.objects.create(scheme=scheme, name="卫生类")
    units = [PublicInstitutionFactory(region=world.region) for _ in range(4)]
    round = services.start_round(scheme=scheme, name="绩效考核", user=office)
    first, second = services.add_to_round(
        round=round, institutions=units[:2], category=schools, user=office
    )
    third, fourth = services.add_to_round(
        round=round, institutions=units[2:], category=hospitals, user=office
    )
    # 20 (no 超编) + survey × 30% + business.
    for evaluation, survey, business in (
        (first, 100, 48),  # 98
        (second, 100, 45),  # 95: above the A line, beyond the quota of 1 in 2
        (third, 80, 30),  # 74
        (fourth, 50, 20),  # 55: C
    ):
        self_assessed(evaluation, ind, office)
        scored(evaluation, ind, office=office, survey=survey, business=business)
    advance_to(round, RoundStage.GRADING, office)
    results = {e.pk: (e.total, e.rank, e.grade) for e in round.evaluations.all()}
    assert results == {
        first.pk: (D(98), 1, Grade.A),
        second.pk: (D(95), 2, Grade.B),
        third.pk: (D(74), 1, Grade.B),
        fourth.pk: (D(55), 2, Grade.C),
    }


def test_publishing_a_c_grade_records_an_establishment_review_once(world, office):
    scheme, ind = small_scheme(world.region)
    round = services.start_round(scheme=scheme, name="绩效考核", user=office)
    (evaluation,) = services.add_to_round(round=round, institutions=[world.unit], user=office)
    self_assessed(evaluation, ind, office)
    scored(evaluation, ind, office=office, survey=20, business=10)
    round = advance_to(round, RoundStage.PUBLICITY, office)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    (problem,) = problems_for(evaluation)
    assert problem.source == ProblemSource.ASSESSMENT
    assert "等次为 C" in problem.finding
    assert "核减编制" in problem.requirement
    assert problem.rule_numbers == [39]
    services.propose_for_c_grade(evaluation, office)
    assert problems_for(evaluation).count() == 1


def test_the_office_records_a_problem_found_in_an_evaluation(world, office):
    scheme, _ = small_scheme(world.region, use=SchemeUse.EVALUATION)
    evaluation = services.start_evaluation(scheme=scheme, institution=world.unit, user=office)
    services.record_evaluation_problem(
        evaluation=evaluation,
        finding="内设机构设置与“三定”规定不符",
        requirement="按“三定”规定调整内设机构",
        deadline=TODAY + datetime.timedelta(days=30),
        user=office,
    )
    assert [p.finding for p in problems_for(evaluation)] == ["内设机构设置与“三定”规定不符"]
    # … and the registry metric counts it until it is signed off.
    assert metrics.compute("unresolved_problems", world.unit, TODAY) == 1


def test_next_years_scheme_is_a_copy_to_adjust(world, office):
    scheme, _ = small_scheme(world.region, a_quota_percent=30)
    Category.objects.create(scheme=scheme, name="教育类")
    copy = services.copy_scheme(scheme=scheme, year=TODAY.year + 1, user=office)
    assert (copy.year, copy.version, copy.based_on, copy.a_quota_percent) == (
        TODAY.year + 1,
        1,
        scheme,
        30,
    )
    codes = sorted(copy.indicators.values_list("code", "parent__code"))
    assert codes == [("1", None), ("1.1", "1"), ("2", None), ("3", None)]
    assert list(copy.categories.values_list("name", flat=True)) == ["教育类"]
    again = services.copy_scheme(scheme=scheme, year=TODAY.year + 1, user=office)
    assert again.version == 2
    assert Scheme.objects.filter(year=TODAY.year + 1).count() == 2


def test_registry_metrics_count_leadership_and_mixed_establishment(world):
    line = builders.quota(world.unit, 3)
    (holder,) = builders.staff(line, 1)
    quota = builders.leadership_quota(world.unit, approved=0)
    builders.appoint(holder.person, quota, over_quota_document=builders.document(world.unit))
    assert metrics.compute("over_leadership", world.unit, TODAY) == 1
    assert metrics.compute("mixed", world.unit, TODAY) == 0
    # The unit's kind later changed to 党政机关: its person on 事业编制 is 混编.
    world.unit.kind = InstitutionKind.PARTY_GOVERNMENT
    world.unit.public_service_class = ""
    save_tracked(world.unit, actor=system_actor(), reason="变更单位类型")
    assert metrics.compute("mixed", world.unit, TODAY) == 1
