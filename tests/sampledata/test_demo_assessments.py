"""The demo county's 评估考核 (rules 36–39): a scheme for each use with the seeds' indicators,
last year's 绩效考核 finished, graded within the A quota and published (its C grade proposing an
establishment review), this year's scheme adjusted from last year's with its round at 自查自评
(the demo clerk's school part-filled), this year's 机构编制评估 at 实地评估; the pages open."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.choices import EvaluationStatus, Grade, RoundStage, SchemeUse
from assessments.models import Evaluation, Round, Scheme
from oversight.selectors import problems_for
from sampledata.demo.orgs import COUNTY_CODE
from tests.kit.database import committed


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    out = StringIO()
    with committed(django_db_blocker):
        call_command("load_demo", stdout=out)
        yield out.getvalue()


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_output")
class TestDemoAssessments:
    def test_the_command_counts_the_schemes(self, demo_output):
        assert "评估考核指标体系 3 套" in demo_output

    def test_each_use_has_a_scheme_with_the_seeds_indicators(self):
        schemes = Scheme.objects.filter(region__code=COUNTY_CODE)
        evaluation = schemes.get(use=SchemeUse.EVALUATION)
        assert set(evaluation.indicators.filter(parent=None).values_list("name", flat=True)) == {
            "职能配置情况",
            "运行机制情况",
            "职责履行情况",
            "机构编制规定执行情况",
        }
        performance = schemes.filter(use=SchemeUse.PERFORMANCE).latest("year")
        assert performance.based_on is not None  # 一年一调整
        assert set(performance.categories.values_list("name", flat=True)) == {
            "教育类",
            "卫生健康类",
        }
        assert performance.indicators.filter(metric="overstaffed").exists()

    def test_last_years_round_is_graded_within_the_quota_and_published(self):
        year = timezone.localdate().year
        finished = Round.objects.get(scheme__year=year - 1)
        assert finished.stage == RoundStage.CLOSED
        evaluations = finished.evaluations.all()
        assert all(e.status == EvaluationStatus.PUBLISHED for e in evaluations)
        for category in finished.scheme.categories.all():
            graded = evaluations.filter(category=category)
            # 30% of five units: one A.
            assert graded.filter(grade=Grade.A).count() == 1
            assert sorted(graded.values_list("rank", flat=True)) == [1, 2, 3, 4, 5]
        (c_grade,) = evaluations.filter(grade=Grade.C)
        assert problems_for(c_grade).count() == 1

    def test_this_years_rounds_are_in_progress(self):
        year = timezone.localdate().year
        performance = Round.objects.get(scheme__year=year, scheme__use=SchemeUse.PERFORMANCE)
        assert performance.stage == RoundStage.SELF
        school = performance.evaluations.get(institution__full_name="示例县第一中学")
        assert school.status == EvaluationStatus.SELF_ASSESSING
        assert school.scores.filter(self_points__isnull=False, indicator__source="review")
        review = Round.objects.get(scheme__use=SchemeUse.EVALUATION)
        assert review.stage == RoundStage.FIELD
        statuses = set(review.evaluations.values_list("status", flat=True))
        assert {EvaluationStatus.SELF_ASSESSING, EvaluationStatus.FINISHED} <= statuses

    def test_the_pages_open_for_the_office_and_the_clerk(self, client):
        client.force_login(user("staff"))
        for round in Round.objects.all():
            assert client.get(round.get_absolute_url()).status_code == 200
        client.force_login(user("clerk"))
        school = Evaluation.objects.get(
            institution__full_name="示例县第一中学", status=EvaluationStatus.SELF_ASSESSING
        )
        page = client.get(school.get_absolute_url()).content.decode()
        assert "保存自评" in page
        assert client.get(reverse("assessments:evaluation_list")).status_code == 200
