import pytest
from rest_framework.test import APIClient

from api import services
from api.models import Masking
from bianzhi.access import Department, Role
from people import services as people_services
from people.choices import RequestKind
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import make_user


@pytest.fixture
def issue(world):
    """A new token of the world's office admin: ``issue(masking=…, region=…)`` → (token, secret)."""

    admins = {world.region: world.users["office_admin"]}

    def make(*, masking=Masking.MASKED, region=None, system="县人社局工资统发系统"):
        region = region or world.region
        if region not in admins:
            admins[region] = make_user(Role.OFFICE_ADMIN, region=region)
        issued = services.issue(
            actor=admins[region],
            system=system,
            department=Department.HUMAN_RESOURCES,
            region=region,
            masking=masking,
        )
        return issued.token, issued.secret

    return make


def client_for(secret: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


@pytest.fixture
def partner(issue):
    """A client with a live masked token of the world's region."""
    token, secret = issue()
    client = client_for(secret)
    client.token = token
    client.secret = secret
    return client


def approved_entry(world, line, name="李娜"):
    """An entry request of the world's unit, submitted, reviewed and approved."""
    permit = builders.permit(line)
    request = people_services.request_create(
        institution=world.unit,
        kind=RequestKind.ENTRY,
        occurred_on=day(3, 2),
        reason="公开招聘",
        evidence="聘用合同",
        actor=world.users["clerk"],
    )
    people_services.item_add(
        request=request,
        actor=world.users["clerk"],
        data={
            "quota_line": line.pk,
            "permit": permit.pk,
            "post_category": builders.post_for(line),
            "entry_way": "recruitment",
            "new_person": {
                "id_number": builders.id_number(male=False),
                "name": name,
                "civil_servant_registered": False,
            },
        },
        person_name=name,
    )
    people_services.request_submit(request=request, actor=world.users["clerk"])
    people_services.request_review(request=request, actor=world.users["reviewer"], comment="同意")
    people_services.request_approve(request=request, actor=world.users["office_staff"])
    request.refresh_from_db()
    return request
