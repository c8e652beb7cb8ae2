"""Rule 34 (举报必查、事后反馈) and the deadlines of 违规案件, as the services keep them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.choices import CaseState, Channel, Measure
from cases.models import CLOSED_NEEDS_FEEDBACK, Case
from cases.selectors import figures_for, overdue_cases
from tests.kit.clock import TODAY

from .scene import assigned, concluded, days_ago, fed_back, investigated, other_staff, received

pytestmark = pytest.mark.django_db


def test_a_report_is_numbered_per_region_and_year_and_due_after_the_case_days(world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "CASE_DAYS": 60, "CASE_NUMBER_PREFIX": "编举"}
    first = received(world, received_days_ago=5)
    second = received(world, received_days_ago=5)
    elsewhere = received(world, region=world.other_region, received_days_ago=5)
    year = days_ago(5).year
    assert first.number == f"编举〔{year}〕第001号"
    assert second.number == f"编举〔{year}〕第002号"
    assert elsewhere.number == f"编举〔{year}〕第001号"
    assert first.due_on == days_ago(5) + datetime.timedelta(days=60)
    assert first.state == CaseState.RECEIVED


def test_a_referral_names_who_referred_it(world):
    with pytest.raises(ValidationError) as refused:
        received(world, channel=Channel.REFERRAL)
    assert "转办单位" in str(refused.value)
    case = received(world, channel=Channel.REFERRAL, referred_by="市编办")
    assert case.referred_by == "市编办"


def test_a_report_cannot_be_received_in_the_future_nor_be_due_before_it_was_received(world):
    with pytest.raises(ValidationError):
        received(world, received_days_ago=-1)
    with pytest.raises(ValidationError):
        received(world, due_on=days_ago(20))


def test_only_the_office_admin_assigns_and_only_to_the_office(world):
    case = received(world)
    with pytest.raises(ValidationError) as refused:
        services.case_assign(
            case=case, handler=world.users["office_staff"], actor=world.users["office_staff"]
        )
    assert services.ASSIGN_FOR_ADMIN in refused.value.messages
    for outsider in ("partner", "clerk"):
        with pytest.raises(ValidationError) as refused:
            services.case_assign(
                case=case, handler=world.users[outsider], actor=world.users["office_admin"]
            )
        assert services.HANDLER_NOT_OFFICE in refused.value.messages
    case = services.case_assign(
        case=case, handler=world.users["office_staff"], actor=world.users["office_admin"]
    )
    assert (case.state, case.handler, case.assigned_on) == (
        CaseState.INVESTIGATING,
        world.users["office_staff"],
        TODAY,
    )


def test_only_the_handler_or_the_office_admin_investigates(world):
    case = assigned(world)
    with pytest.raises(ValidationError) as refused:
        services.case_investigate(
            case=case, root_cause="x", process="y", current_state="z", actor=other_staff(world)
        )
    assert services.ONLY_HANDLER in refused.value.messages
    case = services.case_investigate(
        case=case,
        root_cause="根源",
        process="过程",
        current_state="现状",
        actor=world.users["office_admin"],
    )
    assert (case.root_cause, case.process, case.current_state) == ("根源", "过程", "现状")


def test_findings_need_the_root_the_course_and_the_present_state_on_record(world):
    case = services.case_investigate(
        case=assigned(world),
        root_cause="根源",
        process="",
        current_state="现状",
        actor=world.users["office_staff"],
    )
    with pytest.raises(ValidationError) as refused:
        services.case_conclude(
            case=case,
            conclusion="true",
            findings="属实",
            concluded_on=TODAY,
            actor=world.users["office_staff"],
        )
    assert services.INVESTIGATION_INCOMPLETE in refused.value.messages


def test_a_case_cannot_close_without_a_recorded_feedback(world):
    case = concluded(world)
    with pytest.raises(ValidationError) as refused:
        services.case_close(case=case, actor=world.users["office_staff"])
    assert CLOSED_NEEDS_FEEDBACK in refused.value.messages
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED


def test_nor_can_an_investigation_close_before_its_findings(world):
    with pytest.raises(ValidationError) as refused:
        services.case_close(case=investigated(world), actor=world.users["office_staff"])
    assert CLOSED_NEEDS_FEEDBACK in refused.value.messages


def test_the_database_refuses_a_closed_case_without_feedback(world):
    case = concluded(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(state=CaseState.CLOSED)


def test_feedback_comes_after_the_findings_and_not_in_the_future(world):
    case = concluded(world)  # concluded three days ago
    for day, message in (
        (days_ago(4), "不能早于查结日期"),
        (TODAY + datetime.timedelta(days=1), services.IN_FUTURE),
    ):
        with pytest.raises(ValidationError) as refused:
            services.case_feedback(
                case=case, feedback_on=day, method="phone", actor=world.users["office_staff"]
            )
        assert message in str(refused.value)


def test_a_case_with_feedback_closes_and_stays_closed(world):
    case = fed_back(world)
    services.responsible_add(
        case=case,
        name="李某",
        post="主任",
        measure=Measure.ADMONITION,
        actor=world.users["office_staff"],
    )
    case = services.case_close(case=case, actor=world.users["office_staff"])
    assert (case.state, case.closed_on) == (CaseState.CLOSED, TODAY)
    with pytest.raises(ValidationError):
        services.case_feedback(
            case=case, feedback_on=TODAY, method="phone", actor=world.users["office_staff"]
        )
    with pytest.raises(ValidationError):
        services.responsible_add(
            case=case,
            name="王某",
            post="副主任",
            measure=Measure.CRITICISM,
            actor=world.users["office_staff"],
        )


def test_open_cases_past_their_deadline_are_overdue_and_closed_ones_are_not(world):
    late = received(world, received_days_ago=70)  # due 10 days ago
    received(world, received_days_ago=10)
    late_but_closed = fed_back(world, received_days_ago=80)
    services.case_close(case=late_but_closed, actor=world.users["office_staff"])
    received(world, region=world.other_region, received_days_ago=90)
    assert list(overdue_cases(Case.objects.filter(region=world.region), TODAY)) == [late]
    assert late.days_overdue(TODAY) == 10
    figures = figures_for(world.users["office_staff"], TODAY)
    assert (figures.open, figures.overdue) == (2, 1)
    assert figures_for(world.users["partner"], TODAY) is None
    assert figures_for(world.users["clerk"], TODAY) is None
