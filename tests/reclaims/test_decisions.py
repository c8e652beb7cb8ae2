"""Rule 25, decisions: the office reclaims a proposed vacancy into the region's pool by a 空编收回
adjustment with a document (never more than the available vacancy), or keeps it with a reason;
a decided proposal cannot be decided again."""

import pytest
from django.core.exceptions import ValidationError

from reclaims.choices import ReclaimState
from reclaims.detection import reclaims_scan
from reclaims.models import KEEP_NEEDS_REASON
from reclaims.services import (
    ABOVE_AVAILABLE,
    ALREADY_DECIDED,
    proposal_accept,
    proposal_keep,
)
from staffing.choices import AdjustmentKind
from staffing.models import PoolBalance
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.writes import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(region):
    unit = PublicInstitutionFactory(region=region, full_name="测试县林业服务中心")
    line = builders.quota(unit, 10)
    builders.staff(line, 7)
    (proposal,) = reclaims_scan(today=TODAY).created
    return proposal


def accept(proposal, actor, count=2):
    return proposal_accept(
        proposal=proposal,
        count=count,
        document=builders.document(proposal.quota_line.institution),
        effective_on=TODAY,
        actor=actor,
    )


def test_reclaiming_moves_the_vacancy_from_the_unit_to_the_pool(proposal, actor, region):
    line = proposal.quota_line
    adjustment = accept(proposal, actor, count=2)
    assert adjustment.kind == AdjustmentKind.RECLAIM
    assert [(ln.institution, ln.delta) for ln in adjustment.lines.all()] == [
        (line.institution, -2),
        (None, 2),
    ]
    figures = line_figures(line)
    assert (figures.approved, figures.occupied, figures.available) == (8, 7, 1)
    assert (
        PoolBalance.objects.get(region=region, establishment_type=line.establishment_type).balance
        == 2
    )
    proposal.refresh_from_db()
    assert proposal.state == ReclaimState.RECLAIMED
    assert (proposal.reclaimed, proposal.adjustment, proposal.decided_by) == (2, adjustment, actor)
    assert proposal.decided_on == TODAY
    last = proposal.history.first()
    assert (last.history_user, last.history_document) == (actor, adjustment.document.number)


def test_what_a_partial_reclaim_leaves_is_not_proposed_again(proposal, actor):
    accept(proposal, actor, count=2)
    assert reclaims_scan(today=TODAY).created == []


def test_reclaiming_more_than_the_available_vacancy_is_refused(proposal, actor):
    builders.permit(proposal.quota_line, count=2)  # 3 vacant, 2 of them now reserved
    with nothing_written(), pytest.raises(ValidationError) as refused:
        accept(proposal, actor, count=2)
    assert refused.value.message_dict["count"] == [
        ABOVE_AVAILABLE
        % {
            "line": f"“{proposal.quota_line.institution.full_name}”事业编制（全额拨款）",
            "available": 1,
            "count": 2,
        }
    ]
    proposal.refresh_from_db()
    assert proposal.state == ReclaimState.PENDING


def test_keeping_records_the_reason_and_who_decided(proposal, actor):
    proposal_keep(proposal=proposal, reason="年内拟公开招聘", actor=actor)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.keep_reason, proposal.decided_by) == (
        ReclaimState.KEPT,
        "年内拟公开招聘",
        actor,
    )
    assert proposal.history.first().history_change_reason == "保留空编：年内拟公开招聘"


def test_keeping_without_a_reason_is_refused(proposal, actor):
    with pytest.raises(ValidationError) as refused:
        proposal_keep(proposal=proposal, reason="  ", actor=actor)
    assert refused.value.message_dict["keep_reason"] == [KEEP_NEEDS_REASON]
    proposal.refresh_from_db()
    assert proposal.state == ReclaimState.PENDING


@pytest.mark.parametrize("first", ["accept", "keep"])
def test_a_decided_proposal_cannot_be_decided_again(proposal, actor, first):
    if first == "accept":
        accept(proposal, actor, count=1)
        state = "已收回"
    else:
        proposal_keep(proposal=proposal, reason="拟调入", actor=actor)
        state = "保留"
    message = ALREADY_DECIDED % {"state": state}
    with nothing_written(), pytest.raises(ValidationError) as refused:
        accept(proposal, actor, count=1)
    assert refused.value.messages == [message]
    with pytest.raises(ValidationError) as refused:
        proposal_keep(proposal=proposal, reason="再议", actor=actor)
    assert refused.value.messages == [message]
