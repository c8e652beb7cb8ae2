"""Approvals racing (PostgreSQL only, see test_concurrency.py): several requests for the last
vacancy, and two officers approving the same request at once. The services lock what they check,
so exactly one approval applies; the others are refused and change nothing."""

import pytest
from django.core.exceptions import ValidationError

from bianzhi.access import Role
from people import services
from people.choices import RequestKind, RequestState
from people.models import ChangeRequest, EstablishmentRecord
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.concurrency import RACING, outcomes, race
from tests.kit.factories import PublicInstitutionFactory, RegionFactory, make_user

pytestmark = RACING

OCCURRED = day(3, 2)


@pytest.fixture
def setting():
    region = RegionFactory(name="测试县")
    school = PublicInstitutionFactory(region=region, full_name="测试县第一中学")
    clerk = make_user(Role.CLERK, institution=school, username="school_clerk")
    officers = [
        make_user(Role.OFFICE_STAFF, region=region, username=f"officer{i}") for i in range(4)
    ]
    return school, clerk, officers


def submitted_entry(school, clerk, line, permit, name):
    request = services.request_create(
        institution=school,
        kind=RequestKind.ENTRY,
        occurred_on=OCCURRED,
        reason="招聘入编",
        actor=clerk,
    )
    services.item_add(
        request=request,
        actor=clerk,
        data={
            "quota_line": line.pk,
            "permit": permit.pk,
            "post_category": "professional",
            "entry_way": "recruitment",
            "new_person": {"id_number": builders.id_number(), "name": name},
        },
    )
    services.request_submit(request=request, actor=clerk)
    return request


def test_requests_racing_for_the_last_vacancy_one_wins(setting):
    school, clerk, officers = setting
    line = builders.quota(school, approved=1)
    permit = builders.permit(line, count=1)
    requests = [
        submitted_entry(school, clerk, line, permit, f"应聘者{i}") for i in range(len(officers))
    ]

    # Each preview warns that the others claim the same place: the officers confirm they saw it.
    results = race(
        [
            lambda r=r, o=o: services.request_approve(request=r, actor=o, confirmed=True)
            for r, o in zip(requests, officers, strict=True)
        ]
    )

    wins, losses = outcomes(results)
    assert len(wins) == 1 and len(losses) == len(officers) - 1
    assert line_figures(line).occupied == 1
    states = sorted(ChangeRequest.objects.values_list("state", flat=True))
    assert states.count(RequestState.APPROVED) == 1


def test_two_officers_approving_one_request_apply_it_once(setting):
    school, clerk, officers = setting
    line = builders.quota(school, approved=3)
    permit = builders.permit(line, count=1)
    request = submitted_entry(school, clerk, line, permit, "应聘者")

    results = race(
        [lambda o=o: services.request_approve(request=request, actor=o) for o in officers[:2]]
    )

    wins, losses = outcomes(results)
    assert len(wins) == 1
    assert all(isinstance(loss, ValidationError) for loss in losses)
    assert EstablishmentRecord.objects.filter(quota_line=line).count() == 1
