"""跟踪问效 pages for every role: the follow-ups and the 八问 research in scope; only the office
scores, decides the 处理意见 (采纳 into a 核减编制 adjustment, 不予采纳 with a reason),
schedules and records research — from the change request's or adjustment's own page; the
office's home and the overview count what is due this month and overdue; the ledger downloads
what the list shows."""

import pytest
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.history import system_actor
from followups import services
from followups.choices import FollowUpStatus, ProposalState
from followups.models import FollowUp, Proposal, Research
from staffing.choices import AdjustmentKind
from staffing.models import Adjustment, QuotaLine
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login, visible
from tests.kit.world import ROLES, WRITERS
from tests.ledgers.read import read

from .scenario import approved, follow_up_of
from .test_decisions import ASPECTS, clerk_request

pytestmark = pytest.mark.django_db


class TestFollowUpPages(ViewTestCases.ReadViews):
    model = FollowUp
    urls = Urls(
        list="followups:followup_list",
        detail="followups:followup_detail",
        history="followups:followup_history",
    )

    def make_object(self, world, place):
        return follow_up_of(world.place(place))


class TestResearchPages(ViewTestCases.ReadViews):
    model = Research
    urls = Urls(
        list="followups:research_list",
        detail="followups:research_detail",
        history="followups:research_history",
    )

    def make_object(self, world, place):
        return services.research_record(
            actor=system_actor(), institution=world.place(place), subject="增设窗口", **ASPECTS
        )


def low_scored(world, place="unit") -> Proposal:
    follow_up = follow_up_of(world.place(place))
    return services.followup_conclude(follow_up=follow_up, total=45, actor=system_actor()).proposal


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_scores_a_follow_up(client, world, role):
    follow_up = follow_up_of(world.unit)
    url = reverse("followups:followup_score", args=[follow_up.pk])
    client.force_login(world.users[role])
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert ('id="followup-score"' in page) == (role in WRITERS)
    response = client.post(url, {"total": "48.5"})
    follow_up.refresh_from_db()
    if role in WRITERS:
        assert response.status_code == 302
        assert (follow_up.status, str(follow_up.total)) == (FollowUpStatus.DONE, "48.5")
        page = client.get(follow_up.get_absolute_url()).content.decode()
        assert "核减编制" in page
        assert reverse("followups:proposal_accept", args=[follow_up.proposal.pk]) in page
    else:
        assert response.status_code == 403
        assert follow_up.status == FollowUpStatus.DUE


def test_a_score_out_of_range_is_shown_on_the_form(client, world):
    follow_up = follow_up_of(world.unit)
    client.force_login(world.users["office_staff"])
    url = reverse("followups:followup_score", args=[follow_up.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"total": "120"})
    assert response.status_code == 200
    assert response.context["form"].errors["total"]


@pytest.mark.parametrize("place", ["unit", "sibling", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_accepting_is_for_the_office_in_scope(client, world, role, place):
    proposal = low_scored(world, place)
    line = QuotaLine.objects.get(institution=world.place(place))
    url = reverse("followups:proposal_accept", args=[proposal.pk])
    client.force_login(world.users[role])
    document = builders.document(world.place(place))
    data = {
        "quota_line": line.pk,
        "count": "2",
        "document": document.number,
        "effective_on": TODAY.isoformat(),
    }
    response = client.post(url, data)
    proposal.refresh_from_db()
    if role not in WRITERS:
        assert response.status_code == 403
    elif not visible(role, place):
        assert response.status_code == 404
    else:
        assert client.get(url).status_code == 200
        assert response.status_code == 302
        assert proposal.state == ProposalState.ACCEPTED
        assert proposal.adjustment.kind == AdjustmentKind.DECREASE
        return
    assert proposal.state == ProposalState.PENDING
    assert not Adjustment.objects.filter(kind=AdjustmentKind.DECREASE).exists()


@pytest.mark.parametrize("role", ROLES)
def test_dismissing_is_for_the_office_with_a_reason(client, world, role):
    proposal = low_scored(world)
    url = reverse("followups:proposal_dismiss", args=[proposal.pk])
    client.force_login(world.users[role])
    if role not in WRITERS:
        assert client.post(url, {"dismiss_reason": "x"}).status_code == 403
        return
    assert client.get(url).status_code == 200
    assert client.post(url, {"dismiss_reason": ""}).status_code == 200
    assert client.post(url, {"dismiss_reason": "问效期间人员尚未到位"}).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.dismiss_reason) == (
        ProposalState.DISMISSED,
        "问效期间人员尚未到位",
    )


def test_the_office_pages_need_a_login(client, world):
    follow_up = follow_up_of(world.unit)
    assert_redirects_to_login(client.get(reverse("followups:followup_score", args=[follow_up.pk])))
    proposal = services.followup_conclude(
        follow_up=follow_up, total=10, actor=system_actor()
    ).proposal
    for name in ("followups:proposal_accept", "followups:proposal_dismiss"):
        assert_redirects_to_login(client.get(reverse(name, args=[proposal.pk])))
    assert_redirects_to_login(client.post(reverse("followups:schedule")))
    assert_redirects_to_login(client.get(reverse("followups:research_add")))


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_schedules_from_the_page(client, world, role):
    approved(world.unit)
    approved(world.foreign)
    client.force_login(world.users[role])
    response = client.post(reverse("followups:schedule"))
    if role in WRITERS:
        assert response.status_code == 302
        assert FollowUp.objects.count() == 4  # the whole registry, as the daily command
    else:
        assert response.status_code == 403
        assert not FollowUp.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_office_records_research_from_the_request_page_before_approval(client, world, role):
    request = clerk_request(world)
    client.force_login(world.users[role])
    page = client.get(request.get_absolute_url()).content.decode()
    add_url = reverse("followups:research_add") + f"?request={request.pk}"
    assert (add_url in page) == (role in WRITERS)
    if role not in WRITERS:
        assert client.get(add_url).status_code == 403
        return
    form = client.get(add_url)
    assert form.context["form"].initial["institution"] == world.unit.pk
    response = client.post(
        add_url, {"institution": world.unit.pk, "subject": "申请用编", **ASPECTS}
    )
    assert response.status_code == 302
    research = Research.objects.get()
    assert (research.change_request, research.recorded_by) == (request, world.users[role])
    assert "申请用编" in client.get(request.get_absolute_url()).content.decode()


def test_research_outside_scope_is_refused(client, world):
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("followups:research_add"),
        {"institution": world.foreign.pk, "subject": "外县", **ASPECTS},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["institution"]
    assert not Research.objects.exists()


def test_research_on_an_adjustment_is_shown_beside_its_follow_up(client, world):
    follow_up = follow_up_of(world.unit)
    client.force_login(world.users["office_staff"])
    adjustment_page = client.get(follow_up.adjustment.get_absolute_url()).content.decode()
    add_url = reverse("followups:research_add") + f"?adjustment={follow_up.adjustment_id}"
    assert add_url in adjustment_page
    client.post(add_url, {"institution": world.unit.pk, "subject": "增编论证", **ASPECTS})
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert "增编论证" in page and ASPECTS["expected_effect"] in page


@pytest.mark.parametrize("role", ROLES)
def test_the_office_home_counts_due_overdue_and_pending(client, world, role):
    follow_up_of(world.unit, months=7)  # due last month
    due = follow_up_of(world.sibling, months=6)  # due this month
    low_scored(world)
    client.force_login(world.users[role])
    counters = {c.label: c for c in client.get(reverse("orgs:home")).context["counters"]}
    if role in WRITERS:
        assert counters["本月到期跟踪问效"].value == 1
        assert counters["逾期未问效"].value == 1 + int(due.due_on < TODAY)
        assert counters["待处理问效处理意见"].value == 1
        assert counters["逾期未问效"].url == reverse("followups:followup_list") + "?due=overdue"
    else:
        assert "本月到期跟踪问效" not in counters


def test_the_list_filters_what_is_due(client, world):
    overdue = follow_up_of(world.unit, months=7)
    due = follow_up_of(world.sibling, months=6)
    client.force_login(world.users["office_staff"])
    url = reverse("followups:followup_list")
    month = client.get(url, {"due": "month"}).context["table"].data
    assert {f.pk for f in month} == {overdue.pk, due.pk}
    late = client.get(url, {"due": "overdue"}).context["table"].data
    assert {f.pk for f in late} == {overdue.pk} | ({due.pk} if due.due_on < TODAY else set())


def test_the_overview_and_the_menu_show_the_follow_ups(client, world):
    follow_up_of(world.unit, months=7)
    client.force_login(world.users["office_staff"])
    overview = client.get(reverse("people:overview")).content.decode()
    assert 'id="followups-card"' in overview and "逾期 1" in overview
    assert reverse("followups:followup_list") in client.get(reverse("orgs:home")).content.decode()


def test_the_ledger_lists_follow_ups_and_decisions(world, tmp_path):
    proposal = low_scored(world)
    services.proposal_dismiss(proposal=proposal, reason="职责已调整", actor=system_actor())
    path = tmp_path / "followups.xlsx"
    ledger = ledgers.get("followups")
    ledgers.write_ledger(ledger, user=world.users["office_staff"], params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers() == [
        "序号",
        "单位",
        "事项类别",
        "批复事项",
        "批复日期",
        "问效节点",
        "应问效日期",
        "问效状态",
        "问效日期",
        "综合得分",
        "处理意见",
        "处理结果",
        "文号",
        "不予采纳理由",
    ]
    assert sorted(sheet.column("问效状态")) == ["已问效", "待问效"]
    assert "45.0" in sheet.column("综合得分")
    assert "职责已调整" in sheet.column("不予采纳理由")
    assert not ledger.missing_table_columns()


def test_the_adjustment_form_offers_research_before_approval(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("staffing:adjustment_add")).content.decode()
    assert reverse("followups:research_add") in page
