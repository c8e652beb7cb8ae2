"""The demo 违规案件: one 12310 report closed after its feedback, one under investigation past
its deadline, whatever the day the demo is loaded; a second load writes nothing."""

import pytest

from bianzhi.access import Role
from cases.choices import CaseState
from cases.models import Case
from cases.reporter import reporter_for
from oversight.selectors import problems_for
from sampledata.demo.cases import CLOSED_UNIT, OPEN_UNIT, load_demo_cases
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_cases_and_a_second_load_that_writes_nothing(world):
    PublicInstitutionFactory(region=world.region, full_name=CLOSED_UNIT)
    PublicInstitutionFactory(region=world.region, full_name=OPEN_UNIT)
    admin = make_user(Role.OFFICE_ADMIN, region=world.region, username="admin")
    make_user(Role.OFFICE_STAFF, region=world.region, username="staff")

    assert load_demo_cases(today=TODAY) == 2
    closed, still_open = Case.objects.order_by("serial")
    assert closed.state == CaseState.CLOSED
    assert closed.feedback_on < TODAY and closed.feedback_method
    assert closed.responsible.count() == 1
    (problem,) = problems_for(closed)
    assert (problem.source, problem.institution.full_name) == ("case", CLOSED_UNIT)
    assert still_open.state == CaseState.INVESTIGATING
    assert still_open.due_on < TODAY  # overdue on any day
    assert still_open.handler.username == "staff"
    assert reporter_for(admin, closed).name == "王某某"
    assert load_demo_cases(today=TODAY) == 0
    assert Case.objects.count() == 2
