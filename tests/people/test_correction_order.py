"""Issue 14 (item 12), 信息更正: a correction that moves an organ member to a 工勤 post AND revokes
their civil-servant registration is valid in its final state, so it is approved: the post changes
first, then the registration (each step valid under rule 6). The other way round, a registration
granted with a move to a post needing it, the registration comes first."""

import pytest
from django.urls import reverse

from people.choices import RequestState
from staffing.choices import EstablishmentType
from tests.kit import builders
from tests.kit.factories import make_user

from .request_scene import (
    CONFIRMED,
    approve_data,
    build_scene,
    correction_item,
    header_data,
    state_of,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organ(world):
    """The sibling unit (an organ) with a 机关工勤编制 line, its clerk, and 陈明 a registered
    civil servant in a management post on its 行政编制."""
    scene = build_scene(world)
    worker_line = builders.quota(
        world.sibling, 2, establishment_type=EstablishmentType.ORGAN_WORKER
    )
    record = builders.enter(builders.person(world.region, "陈明"), scene.sibling_line)
    clerk = make_user("clerk", institution=world.sibling, username="sibling_clerk")
    return scene, worker_line, record, clerk


def correct(client, organ, **changes):
    scene, _, record, clerk = organ
    client.force_login(clerk)
    client.post(reverse("people:request_add"), header_data("correction"))
    request = scene.world.sibling.change_requests.get()
    data = correction_item(scene, record=record.pk, name="", job_title="", **changes)
    response = client.post(url("request_item_add", request), data)
    assert response.status_code == 302, response.context["form"].errors
    assert client.post(url("request_submit", request), CONFIRMED).status_code == 302
    client.force_login(scene.user("office_staff"))
    return request, client.post(url("request_approve", request), approve_data(scene))


def test_moving_to_a_worker_post_and_revoking_the_registration_in_one_request(client, organ):
    _, worker_line, record, _ = organ
    assert record.person.civil_servant_registered
    request, response = correct(
        client,
        organ,
        quota_line=worker_line.pk,
        post_category="worker",
        civil_servant_registered="no",
    )
    assert response.status_code == 302, response.context["form"].errors
    assert state_of(request) == RequestState.APPROVED
    record.refresh_from_db()
    record.person.refresh_from_db()
    assert (record.quota_line, record.post_category) == (worker_line, "worker")
    assert record.person.civil_servant_registered is False


def test_granting_the_registration_with_a_move_to_a_post_needing_it(client, organ):
    scene, worker_line, _, _ = organ
    worker = builders.person(scene.world.region, "周工", civil_servant_registered=False)
    builders.enter(worker, worker_line, post_category="worker")
    organ = (scene, worker_line, worker.records.get(), organ[3])
    _, response = correct(
        client,
        organ,
        quota_line=scene.sibling_line.pk,
        post_category="management",
        civil_servant_registered="yes",
    )
    assert response.status_code == 302, response.context["form"].errors
    worker.refresh_from_db()
    assert worker.civil_servant_registered is True
    assert worker.records.get().post_category == "management"
