"""空编收回 pages for every role: the list, detail and history of the proposals in scope (clerks
and reviewers read their units' proposals, partners the region's); only the office decides
(收回 confirmed before → after, 保留 with a reason) and runs the scan; the office's home counts
the pending proposals; the ledger downloads what the list shows."""

import pytest
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.history import save_tracked, system_actor
from reclaims.choices import ReclaimState, ReclaimTrigger
from reclaims.detection import reclaims_scan
from reclaims.models import KEEP_NEEDS_REASON, ReclaimProposal
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, QuotaLine
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login, visible
from tests.kit.world import ROLES, WRITERS
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db


def line_of(institution) -> QuotaLine:
    return QuotaLine.objects.filter(institution=institution).first() or builders.quota(
        institution, 5
    )


def proposal_at(world, place: str, state=ReclaimState.LAPSED) -> ReclaimProposal:
    """A proposal of the place's line, written directly (already closed, so several may share a
    line)."""
    return save_tracked(
        ReclaimProposal(
            quota_line=line_of(world.place(place)),
            trigger=ReclaimTrigger.STANDING,
            vacancy=2,
            vacant_since=builders.EFFECTIVE,
            detected_on=TODAY,
            state=state,
            decided_on=TODAY if state != ReclaimState.PENDING else None,
        ),
        actor=system_actor(),
        reason="测试数据",
    )


def pending_at(world, place: str) -> ReclaimProposal:
    """A real pending proposal: the place's line approved and left empty, then scanned."""
    line = line_of(world.place(place))
    (proposal,) = reclaims_scan(today=TODAY, lines=QuotaLine.objects.filter(pk=line.pk)).created
    return proposal


class TestProposalPages(ViewTestCases.ReadViews):
    model = ReclaimProposal
    urls = Urls(
        list="reclaims:proposal_list",
        detail="reclaims:proposal_detail",
        history="reclaims:proposal_history",
    )

    def make_object(self, world, place):
        return proposal_at(world, place)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_sees_the_decision_forms(client, world, role):
    proposal = pending_at(world, "unit")
    client.force_login(world.users[role])
    page = client.get(reverse("reclaims:proposal_detail", args=[proposal.pk])).content.decode()
    assert ("收回至统筹编制" in page) == (role in WRITERS)
    assert (reverse("reclaims:proposal_keep", args=[proposal.pk]) in page) == (role in WRITERS)


def accept_data(proposal, **extra):
    document = builders.document(proposal.quota_line.institution)
    return {
        "count": "2",
        "document": document.number,
        "effective_on": TODAY.isoformat(),
        **extra,
    }


@pytest.mark.parametrize("place", ["unit", "sibling", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_reclaiming_is_for_the_office_in_scope_after_confirmation(client, world, role, place):
    proposal = pending_at(world, place)
    url = reverse("reclaims:proposal_accept", args=[proposal.pk])
    client.force_login(world.users[role])
    data = accept_data(proposal)
    first = client.post(url, data)
    if role not in WRITERS:
        assert first.status_code == 403
    elif not visible(role, place):
        assert first.status_code == 404
    else:
        assert first.status_code == 200
        assert "确认收回空编" in first.content.decode()
        assert not Adjustment.objects.filter(kind=AdjustmentKind.RECLAIM).exists()
        response = client.post(url, {**data, "confirm": "1"})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.state == ReclaimState.RECLAIMED
        assert proposal.adjustment.kind == AdjustmentKind.RECLAIM
        return
    proposal.refresh_from_db()
    assert proposal.state == ReclaimState.PENDING


def test_reclaiming_needs_a_login(client, world):
    proposal = pending_at(world, "unit")
    for name in ("reclaims:proposal_accept", "reclaims:proposal_keep"):
        assert_redirects_to_login(client.get(reverse(name, args=[proposal.pk])))
    assert_redirects_to_login(client.post(reverse("reclaims:scan")))


def test_reclaiming_more_than_available_is_shown_on_the_form(client, world):
    proposal = pending_at(world, "unit")
    client.force_login(world.users["office_staff"])
    url = reverse("reclaims:proposal_accept", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, accept_data(proposal, count="9"))
    assert response.status_code == 200
    assert "不能收回 9 名" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_keeping_is_for_the_office_with_a_reason(client, world, role):
    proposal = pending_at(world, "unit")
    url = reverse("reclaims:proposal_keep", args=[proposal.pk])
    client.force_login(world.users[role])
    if role not in WRITERS:
        assert client.post(url, {"keep_reason": "拟招聘"}).status_code == 403
        return
    assert client.get(url).status_code == 200
    refused = client.post(url, {"keep_reason": ""})
    assert refused.status_code == 200
    response = client.post(url, {"keep_reason": "年内拟公开招聘"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.keep_reason) == (ReclaimState.KEPT, "年内拟公开招聘")
    assert proposal.decided_by == world.users[role]
    assert KEEP_NEEDS_REASON  # the service's message; the form's required field speaks first


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_runs_the_scan_from_the_page(client, world, role, settings):
    settings.TASKS = IMMEDIATE
    line_of(world.unit)
    client.force_login(world.users[role])
    response = client.post(reverse("reclaims:scan"))
    if role in WRITERS:
        assert response.status_code == 302
        assert ReclaimProposal.objects.filter(state=ReclaimState.PENDING).count() == 1
    else:
        assert response.status_code == 403
        assert not ReclaimProposal.objects.exists()


def test_the_scan_from_the_page_stays_in_the_users_region(client, world, settings):
    settings.TASKS = IMMEDIATE
    line_of(world.foreign)
    client.force_login(world.users["office_staff"])
    client.post(reverse("reclaims:scan"))
    assert not ReclaimProposal.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_office_home_counts_the_pending_proposals(client, world, role):
    pending_at(world, "unit")
    pending_at(world, "sibling")
    proposal_at(world, "unit")  # closed: not counted
    client.force_login(world.users[role])
    counters = {c.label: c for c in client.get(reverse("orgs:home")).context["counters"]}
    if role in WRITERS:
        counter = counters["待处理空编收回建议"]
        assert counter.value == 2
        assert counter.url == reverse("reclaims:proposal_list") + "?state=pending"
    else:
        assert "待处理空编收回建议" not in counters


def test_the_menu_offers_the_proposals(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("orgs:home")).content.decode()
    assert reverse("reclaims:proposal_list") in page


def test_the_ledger_lists_proposals_and_decisions(world, tmp_path):
    from reclaims.services import proposal_keep

    kept = pending_at(world, "unit")
    proposal_keep(proposal=kept, reason="拟调入", actor=world.users["office_staff"])
    pending_at(world, "sibling")
    path = tmp_path / "reclaims.xlsx"
    ledger = ledgers.get("reclaims")
    ledgers.write_ledger(ledger, user=world.users["office_staff"], params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers() == [
        "序号",
        "单位",
        "编制类型",
        "触发原因",
        "空编起始",
        "建议收回数",
        "发现日期",
        "处理结果",
        "收回数",
        "文号",
        "处理人",
        "处理日期",
        "保留理由",
    ]
    assert sorted(sheet.column("处理结果")) == ["保留", "待处理"]
    assert "拟调入" in sheet.column("保留理由")
    assert sheet.totals()[5] == 10
    assert not ledger.missing_table_columns()
