"""Rule 25, detection: an exit or transfer out that leaves an available vacancy (H − A − R > 0)
is proposed for reclaiming at once; the daily scan proposes standing vacancies (vacant N months
back and still) and vacancies beyond M of the line; it is idempotent, updates counts, closes
proposals whose vacancy is gone, and respects the office's decision to keep one."""

import pytest
from django.core.management import call_command

from bianzhi.history import system_actor
from people import services as people_services
from reclaims.choices import ReclaimState, ReclaimTrigger
from reclaims.detection import months_before, reclaims_scan
from reclaims.models import ReclaimProposal
from reclaims.services import proposal_keep
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind
from staffing.services import LineChange
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

from .scenario import ago, full_line, increase, leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(region):
    return PublicInstitutionFactory(region=region, full_name="测试县农业技术推广中心")


def pending(line):
    return ReclaimProposal.objects.filter(quota_line=line, state=ReclaimState.PENDING)


# --- after an exit ---------------------------------------------------------------------------


def test_an_exit_that_leaves_a_vacancy_is_proposed_at_once(unit, actor):
    line, records = full_line(unit, 3)
    leave(records[0], ago(5), actor)
    (proposal,) = pending(line)
    assert proposal.trigger == ReclaimTrigger.EXIT
    assert proposal.vacancy == 1
    assert proposal.vacant_since == ago(5)
    assert proposal.detected_on == TODAY
    assert proposal.history.get().history_user == actor


def test_a_transfer_out_proposes_the_vacancy_it_leaves(unit, region):
    line, records = full_line(unit, 2)
    other = PublicInstitutionFactory(region=region, full_name="测试县水利服务中心")
    target = builders.quota(other, 2)
    people_services.transfer_register(
        record=records[0],
        quota_line=target,
        permit=builders.permit(target),
        transferred_on=ago(3),
        post_category="professional",
        actor=system_actor(),
    )
    (proposal,) = pending(line)
    assert (proposal.trigger, proposal.vacancy) == (ReclaimTrigger.EXIT, 1)
    assert not pending(target).exists()


def test_an_exit_from_an_over_established_line_leaves_no_vacancy_to_reclaim(unit):
    line, records = full_line(unit, 3)
    staffing_services.adjustment_apply(
        region=unit.region,
        kind=AdjustmentKind.DECREASE,
        summary="核减编制",
        document=builders.document(unit),
        effective_on=ago(60),
        lines=[LineChange(line.establishment_type, -1, unit, line.funding_form)],
        actor=system_actor(),
        over_establishment_reason="机构合并",
    )
    leave(records[0], ago(5))
    assert not ReclaimProposal.objects.exists()


def test_a_second_exit_updates_the_pending_proposal_instead_of_adding_one(unit):
    line, records = full_line(unit, 3)
    leave(records[0], ago(9))
    leave(records[1], ago(4))
    (proposal,) = pending(line)
    assert proposal.vacancy == 2
    assert proposal.vacant_since == ago(9)


# --- standing vacancies ----------------------------------------------------------------------


def test_a_vacancy_standing_longer_than_n_months_is_proposed(unit):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    result = reclaims_scan(today=TODAY)
    (proposal,) = result.created
    assert (proposal.quota_line, proposal.trigger, proposal.vacancy) == (
        line,
        ReclaimTrigger.STANDING,
        3,
    )
    # Vacant since the quota was approved: the last increase before the day looked back to.
    assert proposal.vacant_since == builders.EFFECTIVE


def test_a_fresh_small_vacancy_waits_until_it_has_stood_n_months(unit):
    line, _ = full_line(unit, 10)
    increase(line, 1, ago(60))
    assert reclaims_scan(today=TODAY).created == []
    later = months_before(TODAY, -6)
    (proposal,) = reclaims_scan(today=later).created
    assert (proposal.trigger, proposal.vacancy, proposal.vacant_since) == (
        ReclaimTrigger.STANDING,
        1,
        ago(60),
    )


def test_a_vacancy_beyond_the_share_of_the_line_is_proposed_before_it_stands(unit):
    line, _ = full_line(unit, 7)
    increase(line, 3, ago(60))  # 3 of 10 vacant: 30% > 20%
    (proposal,) = reclaims_scan(today=TODAY).created
    assert (proposal.trigger, proposal.vacancy, proposal.vacant_since) == (
        ReclaimTrigger.SHARE,
        3,
        ago(60),
    )


def test_a_vacancy_an_open_permit_reserves_is_not_proposed(unit):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    builders.permit(line, count=3)
    assert reclaims_scan(today=TODAY).created == []


def test_the_command_scans_the_whole_registry(unit, capsys):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    call_command("detect_reclaims")
    assert "新增空编收回建议 1 条" in capsys.readouterr().out
    assert pending(line).get().history.get().history_user.username == "system"


# --- idempotence and the situation changing ---------------------------------------------------


def test_a_rescan_neither_duplicates_nor_rewrites_an_unchanged_proposal(unit):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    reclaims_scan(today=TODAY)
    again = reclaims_scan(today=TODAY)
    assert (again.created, again.updated, again.lapsed) == ([], [], [])
    (proposal,) = pending(line)
    assert proposal.history.count() == 1


def test_a_rescan_updates_the_count_when_the_vacancy_changes(unit):
    line = builders.quota(unit, 10)
    records = builders.staff(line, 7)
    reclaims_scan(today=TODAY)
    leave(records[0], ago(2))
    (proposal,) = pending(line)
    assert proposal.vacancy == 4
    assert proposal.trigger == ReclaimTrigger.STANDING


def test_a_proposal_whose_vacancy_is_reserved_lapses(unit):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    (proposal,) = reclaims_scan(today=TODAY).created
    builders.permit(line, count=3)
    result = reclaims_scan(today=TODAY)
    assert result.lapsed == [proposal]
    proposal.refresh_from_db()
    assert proposal.state == ReclaimState.LAPSED


def test_a_kept_vacancy_is_not_proposed_again_until_it_grows(unit, actor):
    line = builders.quota(unit, 10)
    records = builders.staff(line, 7)
    (proposal,) = reclaims_scan(today=TODAY).created
    proposal_keep(proposal=proposal, reason="年内拟招聘急需专业技术人员", actor=actor)
    assert reclaims_scan(today=TODAY).created == []
    leave(records[0], ago(1))
    (again,) = pending(line)
    assert (again.trigger, again.vacancy) == (ReclaimTrigger.EXIT, 4)


def test_a_kept_vacancy_is_proposed_again_after_the_keep_period(unit, actor):
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    (proposal,) = reclaims_scan(today=TODAY).created
    proposal_keep(proposal=proposal, reason="拟调入", actor=actor)
    later = months_before(TODAY, -13)
    (again,) = reclaims_scan(today=later).created
    assert again.vacancy == 3
