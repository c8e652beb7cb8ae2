"""Rule 14 against an ID-number oracle: a unit adding an entry does not learn who is registered,
under which name, or in which unit and quota type someone is placed; its refused look-ups are
counted and throttled. The office still reads the full reason."""

import pytest
from django.utils.html import strip_tags

from bianzhi import privacy
from people import services
from people.requests.kinds.entry import ID_NUMBER_UNAVAILABLE, NAME_NEEDED
from people.requests.preview import request_preview
from people.rules import ACTIVE_ELSEWHERE
from tests.kit import builders

from .request_scene import Scene, add_item, build_scene, create, entry_item, login, snapshot, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:
    return build_scene(world)


def post_item(client, scene, request, data):
    login(client, scene, "clerk")
    return client.post(url("request_item_add", request), data)


def errors(response) -> dict:
    assert response.status_code == 200
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def active_at_sibling(scene, name="孙悟"):
    return builders.enter(builders.person(scene.world.region, name), scene.sibling_line).person


def test_someone_active_elsewhere_is_refused_naming_no_unit_or_type(client, scene):
    elsewhere = active_at_sibling(scene)
    request = create(client, scene, "entry")
    before = snapshot()
    for given in ("孙悟", "孙空"):  # the registered name, and another one: the same refusal
        response = post_item(
            client, scene, request, entry_item(scene, given, id_number=elsewhere.id_number)
        )
        assert errors(response) == {"id_number": [ID_NUMBER_UNAVAILABLE]}, given
        page = response.content.decode()
        assert scene.world.sibling.full_name not in page
        assert scene.sibling_line.type_label not in page
    assert snapshot() == before


def test_a_missing_name_is_asked_for_alike_for_new_and_registered_numbers(client, scene):
    elsewhere = active_at_sibling(scene)
    request = create(client, scene, "entry")
    for number in (elsewhere.id_number, builders.id_number()):
        response = post_item(client, scene, request, entry_item(scene, "", id_number=number))
        assert errors(response) == {"name": [NAME_NEEDED]}


def test_repeated_refused_look_ups_are_throttled(client, scene, settings):
    settings.BIANZHI = {**settings.BIANZHI, "ID_LOOKUP_REFUSALS_PER_HOUR": 2}
    elsewhere = active_at_sibling(scene)
    request = create(client, scene, "entry")
    for _ in range(2):
        response = post_item(
            client, scene, request, entry_item(scene, "猜名", id_number=elsewhere.id_number)
        )
        assert errors(response) == {"id_number": [ID_NUMBER_UNAVAILABLE]}
    # Now even a new person's number is not looked up, until the hour is over.
    response = post_item(client, scene, request, entry_item(scene, "李娜"))
    assert errors(response) == {"id_number": [privacy.throttled_message()]}
    assert not request.items.exists()
    assert "2 次" in privacy.throttled_message()


def test_the_preview_tells_the_unit_no_unit_but_the_office_the_full_reason(client, scene):
    """A person who left another unit is added; they are placed elsewhere before approval."""
    left = builders.enter(builders.person(scene.world.region, "郑重"), scene.sibling_line)
    services.exit_register(
        record=left, ended_on=builders.ENTERED, end_reason="other", actor=scene.user("office_staff")
    )
    request = create(client, scene, "entry")
    add_item(client, scene, request, entry_item(scene, "郑重", id_number=left.person.id_number))
    builders.enter(left.person, scene.sibling_line)

    page = login(client, scene, "clerk").get(request.get_absolute_url()).content.decode()
    assert ACTIVE_ELSEWHERE in strip_tags(page)  # 规则 7 is a link to the rules page
    assert scene.world.sibling.full_name not in page
    preview = request_preview(request)
    assert any(scene.world.sibling.full_name in error for error in preview.errors)
    assert preview.errors_for(scene.user("office_staff")) == preview.errors
    assert preview.errors_for(scene.user("clerk")) == preview.unit_errors
    assert not any(scene.world.sibling.full_name in e for e in preview.unit_errors)
