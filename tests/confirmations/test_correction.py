"""A unit's 信息更正 of the 聘用合同 (the status 人社 confirms), once the office approves it,
puts 人社's confirmation back to 待确认 and names the approving officer (rule 47)."""

import pytest
from django.urls import reverse

from bianzhi.access import Department, Role
from confirmations import services
from confirmations.choices import ConfirmationState
from confirmations.models import IdentityConfirmation
from people.choices import RequestState
from tests.kit.factories import make_user
from tests.people.request_scene import (
    CONFIRMED,
    approve_data,
    build_scene,
    correction_item,
    header_data,
    post,
    state_of,
    url,
)

pytestmark = pytest.mark.django_db


def test_an_approved_correction_of_the_contract_resets_the_confirmation(client, world):
    scene = build_scene(world)
    person = scene.record.person
    person.employment_contract_signed = True
    person.save()
    human_resources = make_user(
        Role.PARTNER, region=world.region, department=Department.HUMAN_RESOURCES
    )
    services.confirm(records=[scene.record], actor=human_resources)

    client.force_login(scene.user("clerk"))
    client.post(reverse("people:request_add"), header_data("correction"))
    request = world.unit.change_requests.get()
    data = correction_item(scene, name="", job_title="", employment_contract_signed="no")
    assert client.post(url("request_item_add", request), data).status_code == 302
    assert client.post(url("request_submit", request), CONFIRMED).status_code == 302
    assert post(client, scene, "reviewer", "request_review", request).status_code == 302
    office = scene.user("office_staff")
    client.force_login(office)
    response = client.post(url("request_approve", request), approve_data(scene))
    assert response.status_code == 302, response.context["form"].errors

    assert state_of(request) == RequestState.APPROVED
    person.refresh_from_db()
    assert person.employment_contract_signed is False
    confirmation = IdentityConfirmation.objects.get()
    assert confirmation.state == ConfirmationState.PENDING
    assert confirmation.history.latest().history_user == office
