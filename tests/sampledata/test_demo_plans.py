"""The demo county's 用编进人计划 (rule 24): last year's plan used, this year's issued and half
used with the school's proposal made through its clerk's request, next year's awaiting the office;
every role's plan pages open on it."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from people.choices import RequestKind, RequestState
from people.models import ChangeRequest
from plans import selectors
from plans.choices import PlanStatus
from plans.models import AnnualPlan, PlanLine
from sampledata.demo.orgs import COUNTY_CODE
from sampledata.demo.plans import THIS_YEAR
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
class TestDemoPlans:
    def test_the_command_counts_the_plans(self, demo_output):
        assert "用编进人计划 2 个年度" in demo_output

    def test_this_years_plan_is_issued_and_partly_used(self):
        year = timezone.localdate().year
        plan = AnnualPlan.objects.get(region__code=COUNTY_CODE, year=year)
        assert plan.status == PlanStatus.ISSUED
        progress = selectors.progress(plan.lines.all(), year)
        assert progress.planned >= 6
        # Each line set within its room on the day the demo is loaded (rule 2), so on some days
        # a line gets less than proposed; the people entered never exceed what it got.
        entered = 0
        for proposal in THIS_YEAR:
            line = plan.lines.get(
                quota_line__institution__full_name=proposal.unit,
                quota_line__establishment_type=proposal.establishment_type,
            )
            entered += min(proposal.entered, line.approved)
        assert 0 < progress.used == entered <= progress.planned
        assert plan.lines.filter(approved=0).exists()  # one proposal declined
        assert plan.lines.filter(request_item__isnull=False).count() == 1

    def test_last_years_plan_was_used_and_shows_beside_this_years(self):
        year = timezone.localdate().year
        last = AnnualPlan.objects.get(region__code=COUNTY_CODE, year=year - 1)
        assert selectors.progress(last.lines.all(), year - 1).used > 0
        plan = AnnualPlan.objects.get(region__code=COUNTY_CODE, year=year)
        rows = selectors.line_rows(plan, plan.lines.all(), today=timezone.localdate())
        assert any(row.last_year and row.last_year[1] for row in rows)

    def test_the_schools_proposal_for_next_year_awaits_the_office(self):
        pending = ChangeRequest.objects.get(
            kind=RequestKind.PLAN,
            state=RequestState.REVIEWED,
            institution__full_name="示例县第一中学",
        )
        assert pending.items.get().data["year"] == timezone.localdate().year + 1
        assert not PlanLine.objects.filter(plan__year=timezone.localdate().year + 1).exists()

    @pytest.mark.parametrize("name", ["staff", "partner"])
    def test_the_region_roles_open_the_plan_page(self, client, name):
        plan = AnnualPlan.objects.get(region__code=COUNTY_CODE, year=timezone.localdate().year)
        client.force_login(user(name))
        page = client.get(plan.get_absolute_url()).content.decode()
        assert "示例县人民医院" in page and "减多增少" in page

    def test_the_clerk_sees_the_schools_plan_lines(self, client):
        client.force_login(user("clerk"))
        page = client.get(reverse("plans:line_list")).content.decode()
        assert "示例县第一中学" in page and "示例县人民医院" not in page
