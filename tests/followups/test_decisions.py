"""Rules 41 and 42: a follow-up scored below the pass mark proposes 核减 (a quota matter) or 撤并
(a new unit); the office accepts the proposal into a real 核减编制 adjustment or dismisses it
with a reason; the 八问 research is recorded before approval and shown beside the follow-up."""

import pytest
from django.core.exceptions import ValidationError

from bianzhi.history import system_actor
from followups import services
from followups.choices import FollowUpStatus, ProposalKind, ProposalState
from followups.models import DISMISS_NEEDS_REASON, FollowUp, Proposal
from followups.scheduling import followups_schedule
from followups.selectors import research_for
from people.choices import RequestKind, RequestState
from people.requests.services import request_create
from staffing.choices import AdjustmentKind
from staffing.models import QuotaLine
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

from .scenario import follow_up_of, months_ago

pytestmark = pytest.mark.django_db

ASPECTS = {
    "current_state": "现有编制 8 名，实有 8 人",
    "history_notes": "2019 年设立",
    "policy_basis": "省委编办有关文件",
    "supporting_measures": "经费由财政保障",
    "expected_effect": "窗口办理时限缩短一半",
    "aftercare": "批复后 6 个月问效",
}


def staff():
    return system_actor()


def test_a_total_below_60_proposes_cutting_the_quota(world):
    follow_up = services.followup_conclude(
        follow_up=follow_up_of(world.unit), total="52.5", actor=staff()
    )
    assert (follow_up.status, follow_up.total) == (FollowUpStatus.DONE, 52.5)
    proposal = follow_up.proposal
    assert (proposal.kind, proposal.state) == (ProposalKind.CUT, ProposalState.PENDING)
    assert "52.5" in proposal.grounds and "60" in proposal.grounds


def test_a_total_of_60_passes_without_a_proposal(world):
    services.followup_conclude(follow_up=follow_up_of(world.unit), total=60, actor=staff())
    assert not Proposal.objects.exists()


def test_a_new_unit_below_60_is_proposed_for_merging(world):
    unit = PublicInstitutionFactory(region=world.region, established_on=months_ago(6))
    followups_schedule(today=TODAY)
    follow_up = FollowUp.objects.filter(institution=unit).first()
    services.followup_conclude(follow_up=follow_up, total=41, actor=staff())
    assert Proposal.objects.get().kind == ProposalKind.MERGE


def test_a_concluded_follow_up_is_not_scored_again(world):
    follow_up = follow_up_of(world.unit)
    services.followup_conclude(follow_up=follow_up, total=70, actor=staff())
    with pytest.raises(ValidationError, match=services.ALREADY_CONCLUDED):
        services.followup_conclude(follow_up=follow_up, total=50, actor=staff())


def low_scored(world) -> Proposal:
    follow_up = follow_up_of(world.unit)
    return services.followup_conclude(follow_up=follow_up, total=45, actor=staff()).proposal


def test_accepting_cuts_the_units_quota_by_a_real_adjustment(world):
    proposal = low_scored(world)
    line = QuotaLine.objects.get(institution=world.unit)
    before = line_figures(line).approved
    document = builders.document(world.unit)
    adjustment = services.proposal_accept(
        proposal=proposal,
        quota_line=line,
        count=2,
        document=document,
        effective_on=TODAY,
        actor=world.users["office_staff"],
    )
    assert adjustment.kind == AdjustmentKind.DECREASE
    assert adjustment.document == document
    assert line_figures(line).approved == before - 2
    proposal.refresh_from_db()
    assert (proposal.state, proposal.adjustment) == (ProposalState.ACCEPTED, adjustment)
    assert proposal.decided_by == world.users["office_staff"]
    with pytest.raises(ValidationError, match="已处理"):
        services.proposal_dismiss(proposal=proposal, reason="重复", actor=staff())


def test_accepting_below_the_people_needs_an_over_establishment_reason(world):
    proposal = low_scored(world)
    line = QuotaLine.objects.get(institution=world.unit)
    builders.staff(line, 8)  # 10 approved today, 8 people: a cut of 3 goes below them
    with pytest.raises(ValidationError, match="超编原因"):
        services.proposal_accept(
            proposal=proposal,
            quota_line=line,
            count=3,
            document=builders.document(world.unit),
            effective_on=TODAY,
            actor=staff(),
        )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_accepting_cuts_only_the_followed_units_quota(world):
    proposal = low_scored(world)
    other = builders.quota(world.sibling, 5)
    with pytest.raises(ValidationError, match="不属于"):
        services.proposal_accept(
            proposal=proposal,
            quota_line=other,
            count=1,
            document=builders.document(world.sibling),
            effective_on=TODAY,
            actor=staff(),
        )


def test_dismissing_needs_a_reason(world):
    proposal = low_scored(world)
    with pytest.raises(ValidationError, match=DISMISS_NEEDS_REASON):
        services.proposal_dismiss(proposal=proposal, reason="  ", actor=staff())
    services.proposal_dismiss(proposal=proposal, reason="职责近期已调整", actor=staff())
    proposal.refresh_from_db()
    assert (proposal.state, proposal.dismiss_reason) == (ProposalState.DISMISSED, "职责近期已调整")


def clerk_request(world):
    return request_create(
        institution=world.unit,
        kind=RequestKind.PERMIT,
        occurred_on=TODAY,
        reason="申请用编 2 名",
        actor=world.users["clerk"],
    )


def test_research_is_recorded_on_a_request_before_its_approval(world):
    request = clerk_request(world)
    research = services.research_record(
        actor=staff(), institution=world.unit, subject="用编", change_request=request, **ASPECTS
    )
    assert research.recorded_on == TODAY
    request.state = RequestState.APPROVED
    with pytest.raises(ValidationError, match="批复前"):
        services.research_record(
            actor=staff(), institution=world.unit, subject="补", change_request=request, **ASPECTS
        )


def test_the_follow_up_shows_its_matters_research_and_the_units_research_before_approval(world):
    follow_up = follow_up_of(world.unit, months=6)
    on_matter = services.research_record(
        actor=staff(),
        institution=world.unit,
        subject="本事项",
        adjustment=follow_up.adjustment,
        **ASPECTS,
    )
    before = services.research_record(
        actor=staff(),
        institution=world.unit,
        subject="批复前调研",
        recorded_on=months_ago(7),
        **ASPECTS,
    )
    services.research_record(
        actor=staff(), institution=world.unit, subject="批复后另一事项", **ASPECTS
    )
    services.research_record(
        actor=staff(),
        institution=world.sibling,
        subject="别的单位",
        recorded_on=months_ago(7),
        **ASPECTS,
    )
    assert set(research_for(follow_up)) == {on_matter, before}


def test_a_low_score_is_also_a_problem_for_the_unit_to_rectify(world):
    from oversight.choices import ProblemSource
    from oversight.selectors import problems_for

    proposal = low_scored(world)
    (problem,) = problems_for(proposal.follow_up)
    assert (problem.institution, problem.source) == (world.unit, ProblemSource.FOLLOWUP)
    assert proposal.grounds in problem.finding
    assert problem.deadline > TODAY


def test_a_passing_score_records_no_problem(world):
    from oversight.models import Problem

    services.followup_conclude(follow_up=follow_up_of(world.unit), total=75, actor=staff())
    assert not Problem.objects.exists()
