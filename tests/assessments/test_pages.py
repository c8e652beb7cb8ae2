"""The assessment pages in use: a clerk fills and submits the self-assessment, the office scores,
finishes, grades and publishes; who may open what; the ledgers, the home page and the overview."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.choices import EvaluationStatus, Grade, RoundStage
from assessments.models import IndicatorScore, Scheme
from bianzhi import ledgers
from bianzhi.history import system_actor
from oversight.selectors import problems_for
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.pages import row_starting
from tests.kit.views import assert_redirects_to_login

from .scenario import scored, self_assessed, small_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def setting(world, office):
    scheme, ind = small_scheme(world.region)
    round = services.start_round(scheme=scheme, name="本年度事业单位绩效考核", user=office)
    (evaluation,) = services.add_to_round(round=round, institutions=[world.unit], user=office)
    return scheme, ind, round, evaluation


def urls(scheme, round, evaluation):
    indicator = scheme.indicators.first()
    return {
        "assessments:scheme_add": reverse("assessments:scheme_add"),
        "assessments:indicator_add": reverse("assessments:indicator_add", args=[scheme.pk]),
        "assessments:indicator_edit": reverse("assessments:indicator_edit", args=[indicator.pk]),
        "assessments:round_list": reverse("assessments:round_list"),
        "assessments:round_add": reverse("assessments:round_add"),
        "assessments:round_survey": reverse("assessments:round_survey", args=[round.pk]),
        "assessments:round_detail": reverse("assessments:round_detail", args=[round.pk]),
        "assessments:round_history": reverse("assessments:round_history", args=[round.pk]),
        "assessments:round_advance": reverse("assessments:round_advance", args=[round.pk]),
        "assessments:scheme_list": reverse("assessments:scheme_list"),
        "assessments:scheme_detail": reverse("assessments:scheme_detail", args=[scheme.pk]),
        "assessments:scheme_history": reverse("assessments:scheme_history", args=[scheme.pk]),
        "assessments:scheme_copy": reverse("assessments:scheme_copy", args=[scheme.pk]),
        "assessments:evaluation_list": reverse("assessments:evaluation_list"),
        "assessments:evaluation_score": reverse(
            "assessments:evaluation_score", args=[evaluation.pk]
        ),
        "assessments:evaluation_history": reverse(
            "assessments:evaluation_history", args=[evaluation.pk]
        ),
        "assessments:evaluation_submit": reverse(
            "assessments:evaluation_submit", args=[evaluation.pk]
        ),
        "assessments:evaluation_finish": reverse(
            "assessments:evaluation_finish", args=[evaluation.pk]
        ),
        "assessments:evaluation_problem": reverse(
            "assessments:evaluation_problem", args=[evaluation.pk]
        ),
    }


def test_anonymous_users_are_sent_to_log_in(client, setting):
    scheme, _, round, evaluation = setting
    for url in urls(scheme, round, evaluation).values():
        assert_redirects_to_login(client.get(url))
    assert_redirects_to_login(client.post(reverse("assessments:round_add_units", args=[round.pk])))
    assert_redirects_to_login(
        client.post(reverse("assessments:evaluation_fill", args=[evaluation.pk]))
    )


REGION_PAGES = (
    "assessments:round_list",
    "assessments:round_detail",
    "assessments:round_history",
    "assessments:scheme_list",
    "assessments:scheme_detail",
    "assessments:scheme_history",
)
OFFICE_FORMS = (
    "assessments:round_survey",
    "assessments:scheme_add",
    "assessments:indicator_add",
    "assessments:indicator_edit",
    "assessments:round_add",
    "assessments:round_advance",
    "assessments:scheme_copy",
    "assessments:evaluation_finish",
    "assessments:evaluation_problem",
)
UNIT_PAGES = (
    "assessments:evaluation_list",
    "assessments:evaluation_score",
    "assessments:evaluation_history",
)
EXPECTED = {
    # (region pages, office forms, the unit's evaluation pages, submit the self-assessment)
    "office_admin": (200, 200, 200, 200),
    "office_staff": (200, 200, 200, 200),
    "partner": (200, 403, 200, 403),
    "reviewer": (403, 403, 200, 200),
    "clerk": (403, 403, 200, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_opens_what_it_may(client, world, setting, role):
    scheme, _, round, evaluation = setting
    pages = urls(scheme, round, evaluation)
    client.force_login(world.users[role])
    region, forms, unit, submit = EXPECTED[role]
    for name in REGION_PAGES:
        assert client.get(pages[name]).status_code == region, name
    for name in OFFICE_FORMS:
        # The office's finish waits for the unit's submission, but the page opens.
        assert client.get(pages[name]).status_code == forms, name
    for name in UNIT_PAGES:
        assert client.get(pages[name]).status_code == unit, name
    assert client.get(pages["assessments:evaluation_submit"]).status_code == submit


def test_an_evaluation_of_another_region_is_not_found(client, world, office):
    scheme, _ = small_scheme(world.other_region)
    foreign = services.start_evaluation(
        scheme=scheme, institution=world.foreign, user=system_actor()
    )
    client.force_login(office)
    url = reverse("assessments:evaluation_score", args=[foreign.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.users["clerk"])
    assert client.get(url).status_code == 404


def test_the_clerk_fills_the_self_assessment_keeping_what_was_refused(client, world, setting):
    _, ind, _, evaluation = setting
    client.force_login(world.users["clerk"])
    url = reverse("assessments:evaluation_score", args=[evaluation.pk])
    page = client.get(url).content.decode()
    # The registry indicator is computed from the start, not offered for typing.
    assert f'name="value-{ind["overstaffed"].pk}"' not in page
    assert "系统计算" in page
    refused = client.post(
        url,
        {
            f"value-{ind['survey'].pk}": "92",
            f"points-{ind['business'].pk}": "45",
            f"note-{ind['business'].pk}": "",
        },
    )
    assert refused.status_code == 200
    content = refused.content.decode()
    assert "未得满分，须说明扣分理由" in content
    assert 'value="45"' in content
    evaluation.refresh_from_db()
    survey = evaluation.scores.get(indicator=ind["survey"])
    assert (survey.self_value, survey.self_points) == (D(92), D("27.60"))
    client.post(
        url,
        {
            f"value-{ind['survey'].pk}": "92",
            f"points-{ind['business'].pk}": "45",
            f"note-{ind['business'].pk}": "重点项目进度滞后",
        },
    )
    submit = reverse("assessments:evaluation_submit", args=[evaluation.pk])
    response = client.post(submit, {"report": "全年工作自评报告"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.self_total == D(20) + D("27.60") + D(45)
    # Submitted: the clerk may no longer change it.
    assert client.post(url, {f"value-{ind['survey'].pk}": "99"}).status_code == 403


def test_the_office_scores_finishes_grades_and_publishes(client, world, setting, office):
    _, ind, round, evaluation = setting
    self_assessed(evaluation, ind, office)
    client.force_login(office)
    url = reverse("assessments:evaluation_score", args=[evaluation.pk])
    response = client.post(
        url,
        {
            f"value-{ind['survey'].pk}": "40",
            f"points-{ind['business'].pk}": "20",
            f"note-{ind['business'].pk}": "主体业务完成不足一半",
        },
    )
    assert response.status_code == 302
    finish = reverse("assessments:evaluation_finish", args=[evaluation.pk])
    assert client.post(finish, {"feedback": "主体业务完成差，须整改"}).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.total, evaluation.grade) == (D(52), Grade.C)
    advance = reverse("assessments:round_advance", args=[round.pk])
    while round.stage != RoundStage.PUBLICITY:
        assert client.post(advance).status_code == 302
        round.refresh_from_db()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    assert evaluation.rank == 1
    assert problems_for(evaluation).count() == 1
    page = client.get(reverse("assessments:round_detail", args=[round.pk]))
    row = row_starting(page, world.unit.full_name)
    assert row[-4:] == ["100.00", "52.00", "1", "C"]
    assert "weak-indicators-chart" in page.content.decode()
    # The clerk reads the result and the office's feedback.
    client.force_login(world.users["clerk"])
    sheet = client.get(url).content.decode()
    assert "主体业务完成差，须整改" in sheet
    assert "C（不合格）" in sheet


def test_the_office_adds_units_and_records_a_problem(client, world, setting, office):
    _, _, round, evaluation = setting
    client.force_login(office)
    response = client.post(
        reverse("assessments:round_add_units", args=[round.pk]),
        {"institutions": [world.sibling.pk]},
    )
    assert response.status_code == 302
    assert round.evaluations.count() == 2
    fill = client.post(reverse("assessments:evaluation_fill", args=[evaluation.pk]))
    assert fill.status_code == 302
    response = client.post(
        reverse("assessments:evaluation_problem", args=[evaluation.pk]),
        {
            "finding": "内设机构超出“三定”规定",
            "requirement": "撤并超设的内设机构",
            "deadline": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert [p.finding for p in problems_for(evaluation)] == ["内设机构超出“三定”规定"]


def test_the_office_starts_a_round_and_next_years_scheme(client, world, setting, office):
    scheme = setting[0]
    client.force_login(office)
    response = client.post(
        reverse("assessments:round_add"),
        {"scheme": scheme.pk, "name": "第二批", "started_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    response = client.post(
        reverse("assessments:scheme_copy", args=[scheme.pk]),
        {"year": TODAY.year + 1, "name": ""},
    )
    assert response.status_code == 302
    assert "调整自" in client.get(response.url).content.decode()


def test_home_and_overview_show_assessments_in_progress(client, world, setting, office):
    client.force_login(office)
    home = client.get(reverse("orgs:home")).content.decode()
    assert "进行中的评估考核" in home and "本年度事业单位绩效考核" in home
    overview = client.get(reverse("people:overview")).content.decode()
    assert 'id="assessments-in-progress"' in overview
    client.force_login(world.users["clerk"])
    assert "待填报的自评" in client.get(reverse("orgs:home")).content.decode()


def test_the_round_page_queries_do_not_grow_with_its_units(client, world, setting, office):
    _, ind, round, evaluation = setting
    self_assessed(evaluation, ind, office)
    scored(evaluation, ind, office=office, survey=90, business=45)
    client.force_login(office)
    url = reverse("assessments:round_detail", args=[round.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for unit in [PublicInstitutionFactory(region=world.region) for _ in range(3)]:
        (more,) = services.add_to_round(round=round, institutions=[unit], user=office)
        self_assessed(more, ind, office)
        scored(more, ind, office=office, survey=80, business=40)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)


def test_the_results_ledger_and_the_grade_list(world, setting, office, tmp_path):
    from tests.ledgers.read import read

    _, ind, round, evaluation = setting
    self_assessed(evaluation, ind, office)
    scored(evaluation, ind, office=office, survey=100, business=50)
    while round.stage != RoundStage.GRADING:
        round = services.advance_round(round=round, user=office)
    path = tmp_path / "results.xlsx"
    ledgers.write_ledger(
        ledgers.get("assessment_results"), user=office, params={}, target=str(path)
    )
    results = read(path)
    assert results.column("单位") == [world.unit.full_name]
    assert results.column("评估得分") == ["100.00"]
    path = tmp_path / "grades.xlsx"
    ledgers.write_ledger(
        ledgers.get("assessment_grades"),
        user=world.users["partner"],
        params={"round": str(round.pk)},
        target=str(path),
    )
    grades = read(path)
    assert grades.column("等次") == ["A（优秀）"]
    assert grades.column("排名") == [1]
    latest = tmp_path / "latest.xlsx"
    ledgers.write_ledger(
        ledgers.get("assessment_grades"), user=world.users["partner"], params={}, target=str(latest)
    )
    assert read(latest).column("单位") == [world.unit.full_name]  # the latest graded round


def test_the_office_builds_a_scheme_in_the_browser(client, world, office):
    client.force_login(office)
    response = client.post(
        reverse("assessments:scheme_add"),
        {
            "region": world.region.pk,
            "use": "evaluation",
            "year": TODAY.year,
            "name": "政府部门机构编制评估指标体系",
            "grade_a_min": "90",
            "grade_b_min": "60",
        },
    )
    assert response.status_code == 302
    scheme = Scheme.objects.get(name="政府部门机构编制评估指标体系")
    add = reverse("assessments:indicator_add", args=[scheme.pk])
    response = client.post(
        add,
        {
            "code": "4.1",
            "name": "超编人数",
            "part": "common",
            "kind": "quantitative",
            "source": "registry",
            "metric": "overstaffed",
            "max_points": "8",
            "min_points": "0",
            "rule": "thresholds",
            "thresholds": "0, 8\n1，4",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    indicator = scheme.indicators.get(code="4.1")
    assert indicator.thresholds == [[0, 8], [1, 4]]
    assert indicator.higher_is_better is False
    page = client.get(scheme.get_absolute_url()).content.decode()
    assert "≤0人 得 8 分；≤1人 得 4 分" not in page  # no unit given
    assert "≤0 得 8 分；≤1 得 4 分" in page
    refused = client.post(
        add,
        {
            "code": "4.2",
            "name": "缺计分方式",
            "part": "common",
            "kind": "quantitative",
            "source": "assessed",
            "max_points": "5",
            "min_points": "0",
            "sort_order": "1",
        },
    )
    assert refused.status_code == 200
    assert "定量指标须选择计分方式" in refused.content.decode()


def test_a_scheme_in_use_keeps_its_indicators(client, world, setting, office):
    _, ind, _, _ = setting
    client.force_login(office)
    response = client.post(
        reverse("assessments:indicator_edit", args=[ind["business"].pk]),
        {
            "code": "3",
            "name": "改名",
            "part": "common",
            "kind": "qualitative",
            "source": "assessed",
            "max_points": "50",
            "min_points": "0",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "已用于评估考核，不能再修改指标" in response.content.decode()
    ind["business"].refresh_from_db()
    assert ind["business"].name == "主体业务开展情况"


def test_the_office_enters_the_rounds_survey_on_one_grid(client, world, setting, office):
    _, ind, round, evaluation = setting
    (other,) = services.add_to_round(round=round, institutions=[world.sibling], user=office)
    client.force_login(office)
    url = reverse("assessments:round_survey", args=[round.pk])
    cell = f"cell-{{}}-{ind['survey'].pk}"
    refused = client.post(url, {cell.format(evaluation.pk): "86", cell.format(other.pk): "九十"})
    assert refused.status_code == 200
    assert "“九十”不是数字" in refused.content.decode()
    assert 'value="九十"' in refused.content.decode()
    assert client.post(url, {cell.format(other.pk): "90"}).status_code == 302
    points = {
        score.evaluation_id: score.points
        for score in IndicatorScore.objects.filter(indicator=ind["survey"])
    }
    assert points == {evaluation.pk: D("25.80"), other.pk: D("27.00")}
