"""The demo 跟踪问效: the county's 问效 scheme, a matter approved 7 months ago scored below 60 with
its 核减 proposal pending, one approved 6 months ago due this month with its 八问 research; the
same whatever the load day, and a second load writes nothing."""

import pytest

from assessments.choices import SchemeUse
from assessments.models import Scheme
from bianzhi.history import system_actor
from followups.choices import FollowUpStatus, ProposalState, Stage
from followups.models import FollowUp, Proposal
from followups.scheduling import months_after
from followups.selectors import due_figures, research_for
from sampledata.demo.followups import load_demo_followups
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

pytestmark = pytest.mark.django_db


def test_the_demo_follow_ups_and_a_second_load_that_writes_nothing(world):
    for name in ("示例县融媒体中心", "示例县第一中学", "示例县档案馆", "示例县文化馆"):
        builders.quota(PublicInstitutionFactory(region=world.region, full_name=name), 6)

    assert load_demo_followups(actor=system_actor(), today=TODAY)
    assert Scheme.objects.filter(use=SchemeUse.FOLLOWUP, year=TODAY.year).count() == 1
    proposal = Proposal.objects.get()
    scored = proposal.follow_up
    assert scored.approved_on == months_after(TODAY, -7)
    assert (scored.stage, scored.status) == (Stage.HALF_YEAR, FollowUpStatus.DONE)
    assert scored.total < 60 and proposal.state == ProposalState.PENDING
    due = FollowUp.objects.get(approved_on=months_after(TODAY, -6), stage=Stage.HALF_YEAR)
    assert due.status == FollowUpStatus.DUE
    assert research_for(due).exists()
    figures = due_figures(FollowUp.objects.all(), TODAY)
    assert figures.this_month == 1

    history = FollowUp.history.count()
    assert load_demo_followups(actor=system_actor(), today=TODAY) == {}
    assert FollowUp.history.count() == history
