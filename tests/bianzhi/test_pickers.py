"""Pickers of thousands (bianzhi.pickers): a select holding only the chosen object, and a search
endpoint that lists only what the user may see."""

import re

import pytest
from django.urls import reverse

from bianzhi.pickers import QUERY_NAME, SearchSelect
from orgs.models import Institution
from staffing.models import QuotaLine
from tests.kit.builders import quota

pytestmark = pytest.mark.django_db


def search(client, model, typed, **widget):
    token = SearchSelect(**widget).token(model)
    return client.get(reverse("pick"), {"t": token, QUERY_NAME: typed})


def test_the_search_lists_only_units_in_the_users_scope(client, world):
    client.force_login(world.users["clerk"])

    found = search(client, Institution, "示例县", label_field="full_name").content.decode()

    assert "示例县本单位" in found
    assert "示例县兄弟单位" not in found
    assert "他县外县单位" not in search(client, Institution, "外县", label_field="full_name")
    client.force_login(world.users["office_staff"])
    assert (
        "示例县兄弟单位"
        in search(client, Institution, "兄弟", label_field="full_name").content.decode()
    )


def test_quota_lines_are_found_by_their_units_name(client, world):
    quota(world.unit)
    client.force_login(world.users["office_staff"])

    found = search(
        client,
        QuotaLine,
        "本单位",
        search_fields=("institution__full_name",),
        related=("institution",),
    ).content.decode()

    assert "示例县本单位 ·" in found


def test_a_forged_token_is_refused(client, world):
    client.force_login(world.users["office_staff"])

    response = client.get(reverse("pick"), {"t": "forged", QUERY_NAME: "县"})

    assert response.status_code == 400


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_filter_renders_only_the_empty_and_the_chosen_option(client, world):
    client.force_login(world.users["office_staff"])
    url = reverse("people:person_list")

    unfiltered = client.get(url).content.decode()
    chosen = client.get(url, {"institution": world.sibling.pk}).content.decode()

    assert options(unfiltered, "institution") == ["全部"]
    assert options(chosen, "institution") == ["全部", "示例县兄弟单位"]
    assert "selected>示例县兄弟单位" in chosen


def test_a_unit_outside_the_scope_is_still_refused(client, world):
    client.force_login(world.users["clerk"])

    response = client.get(reverse("people:person_list"), {"institution": world.sibling.pk})

    assert "institution" in response.context["filter"].form.errors
    assert options(response.content.decode(), "institution") == ["全部"]


def test_a_form_shows_the_chosen_unit_again_when_it_is_refused_for_another_field(client, world):
    client.force_login(world.users["office_staff"])
    url = reverse("people:entry_add")

    blank = client.get(url).content.decode()
    refused = client.post(url, {"institution": world.sibling.pk}).content.decode()

    assert options(blank, "institution") == ["请选择单位"]
    assert options(refused, "institution") == ["请选择单位", "示例县兄弟单位"]
    assert "selected>示例县兄弟单位" in refused
