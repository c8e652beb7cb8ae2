"""问题台账 pages for every role: the list, detail and history of the problems in scope (a
clerk and a reviewer read their units', partners the region's); only the office records, signs
off and sends back, only the responsible unit's clerk reports; the 自查 page turns a breach into
a problem in one click; homes and the overview flag overdue problems; the ledgers download what
the list shows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attachments.services import attachment_add
from bianzhi import ledgers
from bianzhi.history import system_actor
from oversight import services
from oversight.choices import ProblemSource, ProblemStatus
from oversight.models import Problem
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.views import Urls, ViewTestCases, assert_redirects_to_login
from tests.kit.world import ROLES, WRITERS
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def problem_at(world, place, *, deadline_days=20, recorded_days_ago=0, **extra):
    return services.record_problem(
        institution=world.place(place),
        source=extra.pop("source", ProblemSource.INSPECTION),
        finding=extra.pop("finding", "检查发现超职数配备"),
        requirement="按核定职数调整",
        deadline=TODAY + datetime.timedelta(days=deadline_days),
        recorded_on=TODAY - datetime.timedelta(days=recorded_days_ago),
        user=system_actor(),
        **extra,
    )


def overdue_at(world, place):
    return problem_at(world, place, deadline_days=-3, recorded_days_ago=30)


def with_evidence(problem, user):
    upload = SimpleUploadedFile("整改报告.pdf", PDF, content_type="application/pdf")
    attachment_add(owner=problem, upload=upload, actor=user)
    return problem


def reported_at(world, place="unit"):
    problem = with_evidence(problem_at(world, place), world.users["clerk"])
    return services.problem_report(
        problem=problem, actor=world.users["clerk"], rectification="已整改"
    )


class TestProblemPages(ViewTestCases.ReadViews):
    model = Problem
    urls = Urls(
        list="oversight:problem_list",
        detail="oversight:problem_detail",
        history="oversight:problem_history",
    )

    def make_object(self, world, place):
        return problem_at(world, place)


class TestSummaryPage(ViewTestCases.PageView):
    page_url = "oversight:problem_summary"


def test_the_summary_counts_what_the_filters_keep(staff, world):
    problem_at(world, "unit")
    overdue_at(world, "sibling")
    summary = staff.get(reverse("oversight:problem_summary") + "?overdue=1").context["summary"]
    assert [(t.label, t.total, t.overdue) for t in summary.by_unit] == [("示例县兄弟单位", 1, 1)]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_records_a_problem(client, world, role):
    client.force_login(world.users[role])
    url = reverse("oversight:problem_add")
    data = {
        "institution": world.unit.pk,
        "source": ProblemSource.AUDIT,
        "finding": "巡视发现超审批权限设置机构",
        "rule_numbers": "8、5",
        "requirement": "撤销或报批",
        "deadline": (TODAY + datetime.timedelta(days=30)).isoformat(),
    }
    if role not in WRITERS:
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        assert not Problem.objects.exists()
        return
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == problem.get_absolute_url()
    assert problem.rule_numbers == [5, 8] and problem.responsible_institution == world.unit
    assert problem.history.get().history_user == world.users[role]


def test_recording_outside_the_region_is_refused_on_the_form(staff, world):
    response = staff.post(
        reverse("oversight:problem_add"),
        {
            "institution": world.foreign.pk,
            "source": ProblemSource.AUDIT,
            "finding": "x",
            "requirement": "y",
            "deadline": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Problem.objects.exists()


def test_a_bad_rule_number_is_refused_with_the_data_kept(staff, world):
    response = staff.post(
        reverse("oversight:problem_add"),
        {
            "institution": world.unit.pk,
            "source": ProblemSource.AUDIT,
            "finding": "发现的问题",
            "rule_numbers": "五",
            "requirement": "y",
            "deadline": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "规则编号须为正整数" in response.content.decode()
    assert "发现的问题" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_responsible_units_clerk_reports(client, world, role):
    problem = with_evidence(problem_at(world, "unit"), world.users["clerk"])
    client.force_login(world.users[role])
    detail = client.get(problem.get_absolute_url()).content.decode()
    assert ('id="report-form"' in detail) == (role == "clerk")
    response = client.post(
        reverse("oversight:problem_report", args=[problem.pk]), {"rectification": "已整改到位"}
    )
    problem.refresh_from_db()
    if role == "clerk":
        assert response.status_code == 302
        assert problem.status == ProblemStatus.REPORTED
    else:
        assert response.status_code == 403
        assert problem.status == ProblemStatus.OPEN


def test_a_clerk_cannot_reach_another_units_problem(client, world):
    problem = problem_at(world, "sibling")
    client.force_login(world.users["clerk"])
    response = client.post(
        reverse("oversight:problem_report", args=[problem.pk]), {"rectification": "已整改"}
    )
    assert response.status_code == 404


def test_the_clerk_is_told_to_attach_evidence_first(client, world):
    problem = problem_at(world, "unit")
    client.force_login(world.users["clerk"])
    response = client.post(
        reverse("oversight:problem_report", args=[problem.pk]), {"rectification": "已整改"}
    )
    assert response.status_code == 200
    assert "报送整改情况前请先上传至少一份整改佐证材料" in response.content.decode()
    assert "已整改" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_signs_off_after_confirmation(client, world, role):
    problem = reported_at(world)
    url = reverse("oversight:problem_sign_off", args=[problem.pk])
    client.force_login(world.users[role])
    response = client.get(url)
    if role not in WRITERS:
        assert response.status_code == 403
        assert client.post(url, {"verification": "核查属实"}).status_code == 403
        problem.refresh_from_db()
        assert problem.status == ProblemStatus.REPORTED
        return
    assert response.status_code == 200 and "确认销号" in response.content.decode()
    assert client.post(url, {"verification": ""}).status_code == 200
    response = client.post(url, {"verification": "核查属实"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.verified_by == world.users[role]


def test_signing_off_an_unreported_problem_sends_the_office_back_with_the_reason(staff, world):
    problem = problem_at(world, "unit")
    response = staff.get(reverse("oversight:problem_sign_off", args=[problem.pk]), follow=True)
    assert "单位尚未报送整改情况，不能销号" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN


def test_the_office_sends_a_report_back_with_a_reason(staff, world):
    problem = reported_at(world)
    url = reverse("oversight:problem_return", args=[problem.pk])
    assert staff.get(url).status_code == 200
    response = staff.post(url, {"verification": "缺少免职文件"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RETURNED


def test_the_steps_need_a_login(client, world):
    problem = problem_at(world, "unit")
    for name in ("problem_report", "problem_sign_off", "problem_return"):
        assert_redirects_to_login(client.get(reverse(f"oversight:{name}", args=[problem.pk])))
    assert_redirects_to_login(client.get(reverse("oversight:problem_add")))
    assert_redirects_to_login(client.post(reverse("oversight:problem_from_breach")))


@pytest.fixture
def empty_sibling(world):
    """The sibling unit holds quota and nobody: a 空壳机构 breach of 自查 (rule 8)."""
    builders.quota(world.sibling, 2)
    return world.sibling


def breach_data(unit):
    return {"check_code": "empty_unit", "institution_id": unit.pk, "subject": unit.full_name}


def test_one_click_on_the_self_check_page_records_the_breach(staff, world, empty_sibling):
    page = staff.get(reverse("checks:breach_list")).content.decode()
    assert reverse("oversight:problem_from_breach") in page and "登记问题" in page
    response = staff.post(reverse("oversight:problem_from_breach"), breach_data(empty_sibling))
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == problem.get_absolute_url()
    assert problem.source == ProblemSource.SELF_CHECK
    page = staff.get(reverse("checks:breach_list")).content.decode()
    assert "已登记问题" in page and problem.get_absolute_url() in page


def test_a_second_click_on_the_same_breach_says_it_is_recorded(staff, world, empty_sibling):
    staff.post(reverse("oversight:problem_from_breach"), breach_data(empty_sibling))
    response = staff.post(
        reverse("oversight:problem_from_breach"), breach_data(empty_sibling), follow=True
    )
    assert "该自查问题已登记在问题台账中" in response.content.decode()
    assert Problem.objects.count() == 1


@pytest.mark.parametrize("role", sorted(set(ROLES) - WRITERS))
def test_only_the_office_records_from_the_self_check(client, world, role, empty_sibling):
    client.force_login(world.users[role])
    response = client.post(reverse("oversight:problem_from_breach"), breach_data(empty_sibling))
    assert response.status_code == 403
    assert not Problem.objects.exists()


def test_the_self_check_export_has_no_button_column(world, empty_sibling):
    assert "actions" not in {c.key for c in ledgers.get("breaches").columns(None)}
    assert not ledgers.get("breaches").missing_table_columns()


@pytest.mark.parametrize("role", ROLES)
def test_the_homes_flag_overdue_problems(client, world, role):
    overdue_at(world, "unit")
    overdue_at(world, "sibling")
    problem_at(world, "unit")
    reported_at(world)
    client.force_login(world.users[role])
    counters = {c.label: c for c in client.get(reverse("orgs:home")).context["counters"]}
    if role in WRITERS:
        assert counters["逾期未整改问题"].value == 2
        assert counters["逾期未整改问题"].url == reverse("oversight:problem_list") + "?overdue=1"
        assert counters["待核查销号的问题"].value == 1
    elif role in ("clerk", "reviewer"):
        assert counters["逾期未整改问题"].value == 1
        assert counters["待整改问题"].value == 2
    else:
        assert "逾期未整改问题" not in counters


def test_the_clerks_home_lists_its_open_problems_soonest_first(client, world):
    later = problem_at(world, "unit", finding="后到期的问题")
    sooner = overdue_at(world, "unit")
    client.force_login(world.users["clerk"])
    page = client.get(reverse("orgs:home")).content.decode()
    assert page.index(sooner.get_absolute_url()) < page.index(later.get_absolute_url())
    assert "逾期 3 天" in page


def test_the_overview_shows_the_overdue_problems(staff, world):
    overdue_at(world, "unit")
    response = staff.get(reverse("people:overview"))
    page = response.content.decode()
    assert 'id="overview-problems"' in page
    assert reverse("oversight:problem_list") + "?overdue=1" in page


def test_the_list_flags_overdue_and_filters_them(staff, world):
    late = overdue_at(world, "unit")
    problem_at(world, "sibling")
    response = staff.get(reverse("oversight:problem_list") + "?overdue=1")
    assert [row.record for row in response.context["table"].page.object_list] == [late]
    assert "逾期" in response.content.decode()


def test_the_menu_offers_the_problems(client, world):
    for role in ROLES:
        client.force_login(world.users[role])
        page = client.get(reverse("orgs:home")).content.decode()
        assert reverse("oversight:problem_list") in page
        assert (reverse("oversight:problem_add") in page) == (role in WRITERS)


def test_the_ledger_lists_the_problems_with_their_status(world, tmp_path):
    overdue_at(world, "unit")
    reported_at(world, "unit")
    path = tmp_path / "problems.xlsx"
    ledger = ledgers.get("problems")
    assert not ledger.missing_table_columns()
    ledgers.write_ledger(ledger, user=world.users["office_staff"], params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers()[:4] == ["序号", "问题单位", "问题来源", "问题"]
    statuses = sheet.column("整改状态")
    assert sorted(statuses) == ["已报整改", "待整改（逾期）"]


def test_the_summary_ledger_counts_by_unit(world, tmp_path):
    overdue_at(world, "unit")
    overdue_at(world, "sibling")
    problem_at(world, "sibling")
    path = tmp_path / "summary.xlsx"
    ledgers.write_ledger(
        ledgers.get("problem_summary"),
        user=world.users["office_staff"],
        params={},
        target=str(path),
    )
    sheet = read(path)
    counts = dict(zip(sheet.column("问题单位"), sheet.column("合计"), strict=True))
    assert counts == {"示例县本单位": 1, "示例县兄弟单位": 2}
    assert sheet.column("其中逾期") == [1, 1]
