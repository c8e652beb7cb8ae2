"""Rule 41 on the indicator engine: the office scores a follow-up on the region's 问效 scheme (the
engine's score sheet); finishing the evaluation concludes the follow-up, and a total below 60
proposes 核减. Only a POST opens the evaluation."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.choices import IndicatorKind, IndicatorSource
from assessments.models import Indicator
from assessments.services import record_score
from bianzhi.history import system_actor
from followups.choices import FollowUpStatus, ProposalKind
from followups.models import FollowUp, Proposal
from sampledata.demo.followups import demo_scheme
from tests.kit.clock import TODAY

from .scenario import follow_up_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(world):
    return demo_scheme(region=world.region, year=TODAY.year, actor=system_actor())


def test_the_scheme_has_three_parts_and_40_indicators_of_100_points(scheme):
    parts = Indicator.objects.filter(scheme=scheme, parent=None)
    assert [p.name for p in parts] == ["决策落实", "运行效果", "调整优化方向"]
    leaves = Indicator.objects.filter(scheme=scheme).exclude(kind=IndicatorKind.GROUP)
    assert leaves.count() == 40
    assert sum(leaf.max_points for leaf in leaves) == 100
    assert sum(part.max_points for part in parts) == 100


def score_all(evaluation, user, points: str):
    for indicator in evaluation.indicators().exclude(kind=IndicatorKind.GROUP):
        if indicator.source == IndicatorSource.REGISTRY:
            continue
        record_score(
            evaluation=evaluation,
            indicator=indicator,
            user=user,
            points=Decimal(points),
            note="人员未按批复到位",
        )


def test_scoring_on_the_scheme_below_60_concludes_with_a_cut_proposal(client, world, scheme):
    staff = world.users["office_staff"]
    follow_up = follow_up_of(world.unit)
    client.force_login(staff)
    url = reverse("followups:followup_score", args=[follow_up.pk])
    assert client.get(url).url == follow_up.get_absolute_url()  # a GET opens nothing
    assert FollowUp.objects.get(pk=follow_up.pk).evaluation is None
    started = client.post(url)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.SCORING
    assert started.url == reverse("assessments:evaluation_score", args=[follow_up.evaluation_id])
    assert follow_up.evaluation.scheme == scheme
    assert client.post(url).url == started.url  # once only

    finish = reverse("followups:followup_finish", args=[follow_up.pk])
    refused = client.post(finish, follow=True).content.decode()
    assert "尚未评分" in refused
    score_all(follow_up.evaluation, staff, "1")
    client.post(finish)
    follow_up.refresh_from_db()
    # 39 indicators at 1 point, and the registry's 无超编进人 full (2.5): 41.5.
    assert (follow_up.status, follow_up.total) == (FollowUpStatus.DONE, Decimal("41.5"))
    assert follow_up.concluded_by == staff
    assert Proposal.objects.get(follow_up=follow_up).kind == ProposalKind.CUT
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert "决策落实" in page and "采纳" in page


def test_a_passing_score_on_the_scheme_proposes_nothing(world, scheme):
    from followups import scoring

    staff = world.users["office_staff"]
    follow_up = follow_up_of(world.unit)
    scoring.start(follow_up=follow_up, actor=staff)
    follow_up.refresh_from_db()
    score_all(follow_up.evaluation, staff, "2")
    follow_up = scoring.finish(follow_up=follow_up, actor=staff)
    assert follow_up.total == Decimal("80.5")
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role", ["partner", "reviewer", "clerk"])
def test_only_the_office_finishes_a_follow_up(client, world, role):
    follow_up = follow_up_of(world.unit)
    client.force_login(world.users[role])
    assert client.post(reverse("followups:followup_finish", args=[follow_up.pk])).status_code == 403


def test_finishing_needs_a_login(client, world):
    follow_up = follow_up_of(world.unit)
    response = client.post(reverse("followups:followup_finish", args=[follow_up.pk]))
    assert response.status_code == 302 and "/login/" in response.url
