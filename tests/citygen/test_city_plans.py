"""The generated city has this year's 用编进人计划 in every region, issued within its headroom
(rule 24)."""

import pytest

from bianzhi.history import system_actor
from plans import selectors
from plans.choices import PlanStatus
from plans.models import AnnualPlan
from sampledata.citygen import generate_city
from tests.kit.clock import TODAY

pytestmark = pytest.mark.django_db


def test_every_region_of_the_city_has_this_years_plan_issued():
    totals = generate_city(
        institutions=60, people=600, seed=7, actor=system_actor(), today=TODAY, log=lambda _: None
    )
    plans = AnnualPlan.objects.filter(year=TODAY.year)
    assert totals["plan_lines"] > 0
    assert plans.exists()
    for plan in plans:
        assert plan.status == PlanStatus.ISSUED
        assert not plan.lines.filter(permit__isnull=True).exists()
        assert all(row.left >= 0 for row in selectors.headroom(plan).values())
