"""The engine's services (rules 36–38): self-assessment, scores, registry values, totals."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.choices import EvaluationStatus, Grade
from assessments.services.evaluations import NOTE_NEEDED, REGISTRY_COMPUTED
from assessments.signals import evaluation_finished
from tests.kit import builders
from tests.kit.clock import TODAY

from .scenario import small_scheme


@pytest.fixture
def setup(world):
    scheme, ind = small_scheme(world.region)
    office = world.users["office_staff"]
    evaluation = services.start_evaluation(scheme=scheme, institution=world.unit, user=office)
    return scheme, ind, evaluation


def test_only_the_office_starts_an_evaluation(world):
    scheme, _ = small_scheme(world.region)
    with pytest.raises(PermissionDenied):
        services.start_evaluation(scheme=scheme, institution=world.unit, user=world.users["clerk"])


def test_the_unit_self_assesses_and_the_office_scores_apart(world, setup):
    _, ind, evaluation = setup
    clerk, office = world.users["clerk"], world.users["office_staff"]
    services.record_score(evaluation=evaluation, indicator=ind["survey"], user=clerk, value=D(90))
    services.record_score(
        evaluation=evaluation, indicator=ind["business"], user=clerk, points=D(50)
    )
    evaluation = services.submit_self_assessment(evaluation=evaluation, user=clerk)
    # Self: survey 30 × 90% = 27, business 50, 超编 none = 20.
    assert evaluation.self_total == D(97)
    assert evaluation.status == EvaluationStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.record_score(
            evaluation=evaluation, indicator=ind["business"], user=clerk, points=D(40), note="x"
        )
    services.record_score(evaluation=evaluation, indicator=ind["survey"], user=office, value=D(80))
    services.record_score(
        evaluation=evaluation,
        indicator=ind["business"],
        user=office,
        points=D(35),
        note="重点工作推进较慢",
    )
    evaluation = services.finish_evaluation(evaluation=evaluation, user=office)
    assert evaluation.total == D(20) + D(24) + D(35)
    assert evaluation.grade == Grade.B
    assert evaluation.self_total == D(97)


def test_a_qualitative_score_stays_in_its_range_and_a_deduction_needs_a_note(world, setup):
    _, ind, evaluation = setup
    office = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.record_score(
            evaluation=evaluation, indicator=ind["business"], user=office, points=D(51)
        )
    with pytest.raises(ValidationError) as refused:
        services.record_score(
            evaluation=evaluation, indicator=ind["business"], user=office, points=D(45)
        )
    assert NOTE_NEEDED % {"indicator": str(ind["business"])} in refused.value.messages


def test_registry_indicators_are_computed_not_typed(world, setup):
    _, ind, evaluation = setup
    with pytest.raises(ValidationError) as refused:
        services.record_score(
            evaluation=evaluation,
            indicator=ind["overstaffed"],
            user=world.users["office_staff"],
            value=D(0),
        )
    assert REGISTRY_COMPUTED % {"indicator": str(ind["overstaffed"])} in refused.value.messages


def test_overstaffing_in_the_registry_costs_points(world, setup):
    _, ind, evaluation = setup
    line = builders.quota(world.unit, 2)
    builders.staff(line, 2)
    builders.enter_unchecked(builders.person(world.region, "超编人员"), line)
    services.fill_registry_values(evaluation, TODAY)
    score = evaluation.scores.get(indicator=ind["overstaffed"])
    assert (score.value, score.points) == (D(1), D(10))


def test_finishing_needs_every_indicator_scored_and_sends_the_signal(world, setup):
    _, ind, evaluation = setup
    clerk, office = world.users["clerk"], world.users["office_staff"]
    services.record_score(evaluation=evaluation, indicator=ind["survey"], user=clerk, value=D(90))
    services.record_score(
        evaluation=evaluation, indicator=ind["business"], user=clerk, points=D(50)
    )
    services.submit_self_assessment(evaluation=evaluation, user=clerk)
    services.record_score(evaluation=evaluation, indicator=ind["survey"], user=office, value=D(95))
    with pytest.raises(ValidationError) as refused:
        services.finish_evaluation(evaluation=evaluation, user=office)
    assert "主体业务开展情况" in refused.value.messages[0]
    received = []

    def receive(sender, evaluation, **kwargs):
        received.append(evaluation)

    evaluation_finished.connect(receive)
    services.record_score(
        evaluation=evaluation, indicator=ind["business"], user=office, points=D(50)
    )
    try:
        services.finish_evaluation(evaluation=evaluation, user=office)
    finally:
        evaluation_finished.disconnect(receive)
    assert [e.pk for e in received] == [evaluation.pk]
    assert received[0].total == D(20) + D("28.50") + D(50)
