"""Problems for rectification from a case's findings (rules 30, 34): the handler records them in
the 问题台账 with the case as origin (source 违规案件); the case page lists them with their
status; an unfounded report has none; another staff member may not record them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.problems import UNFOUNDED_HAS_NO_PROBLEM, case_problem_record, case_problems
from oversight.choices import ProblemSource, ProblemStatus
from oversight.models import Problem
from tests.kit.clock import TODAY
from tests.kit.views import assert_redirects_to_login

from .scene import assigned, concluded, days_ago, investigated, other_staff

pytestmark = pytest.mark.django_db

DEADLINE = TODAY + datetime.timedelta(days=30)


def record(case, actor, **extra):
    return case_problem_record(
        case=case,
        institution=extra.pop("institution", case.institution),
        finding="违规使用编外人员",
        requirement="清退并报送材料",
        deadline=DEADLINE,
        actor=actor,
    )


def test_the_handler_records_a_problem_of_the_findings_in_the_problem_ledger(world):
    case = concluded(world, institution=world.unit)
    problem = record(case, world.users["office_staff"])
    assert (problem.source, problem.origin, problem.institution, problem.status) == (
        ProblemSource.CASE,
        case,
        world.unit,
        ProblemStatus.OPEN,
    )
    assert list(case_problems(case)) == [problem]


def test_only_the_handler_or_the_admin_records_and_only_from_founded_findings(world):
    case = concluded(world, institution=world.unit)
    with pytest.raises(ValidationError) as refused:
        record(case, other_staff(world))
    assert services.ONLY_HANDLER in refused.value.messages
    record(case, world.users["office_admin"])
    with pytest.raises(ValidationError):
        record(investigated(world, institution=world.unit), world.users["office_staff"])
    unfounded = services.case_conclude(
        case=investigated(world, institution=world.unit),
        conclusion="unfounded",
        findings="反映不属实。",
        concluded_on=days_ago(1),
        actor=world.users["office_staff"],
    )
    with pytest.raises(ValidationError) as refused:
        record(unfounded, world.users["office_staff"])
    assert UNFOUNDED_HAS_NO_PROBLEM in refused.value.messages
    assert Problem.objects.count() == 1


def test_the_case_page_records_and_lists_its_problems(client, world):
    case = concluded(world, institution=world.unit)
    url = reverse("cases:problem_add", args=[case.pk])
    assert_redirects_to_login(client.get(url))
    client.force_login(world.users["clerk"])
    assert client.get(url).status_code == 403
    client.force_login(world.users["office_staff"])
    detail = reverse("cases:case_detail", args=[case.pk])
    assert url in client.get(detail).content.decode()
    form = client.get(url)
    assert form.status_code == 200
    assert world.unit.full_name in form.content.decode()  # the reported unit, chosen
    response = client.post(
        url,
        {
            "institution": world.unit.pk,
            "finding": "违规使用编外人员两名",
            "requirement": "清退并报送材料",
            "deadline": DEADLINE.isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    problem = Problem.objects.get()
    page = client.get(detail).content.decode()
    assert problem.get_absolute_url() in page and "待整改" in page
    listed = client.get(reverse("cases:case_list")).context["table"]
    assert [row.get_cell_value("problem_count") for row in listed.paginated_rows] == [1]


def test_a_case_assigned_but_not_concluded_offers_no_problem_form(client, world):
    case = assigned(world, institution=world.unit)
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:problem_add", args=[case.pk]) not in page


def test_the_units_clerk_rectifies_without_seeing_the_case(client, world):
    case = concluded(world, institution=world.unit)
    problem = record(case, world.users["office_staff"])
    page = reverse("oversight:problem_detail", args=[problem.pk])

    client.force_login(world.users["clerk"])
    clerk_sees = client.get(page).content.decode()
    client.force_login(world.users["office_staff"])
    office_sees = client.get(page).content.decode()

    assert case.get_absolute_url() not in clerk_sees and case.number not in clerk_sees
    assert case.get_absolute_url() in office_sees
