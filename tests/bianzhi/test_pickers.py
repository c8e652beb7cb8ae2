"""Pickers of thousands (bianzhi.pickers): a select holding only the chosen object, and a search
endpoint that lists only what the user may see."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from bianzhi.pickers import (
    QUERY_NAME,
    SearchSelect,
    SearchSelectMultiple,
    department_picker,
    person_picker,
    unit_picker,
)
from orgs.models import Institution, InternalDepartment
from people.models import Person
from people.requests.kinds.transfer import RECEIVING_UNITS
from people.requests.services import request_create
from staffing.models import QuotaLine
from tests.kit.builders import enter, person, quota
from tests.kit.factories import DepartmentFactory

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


def test_filters_narrow_the_search_as_the_fields_queryset_narrows_its_choices(client, world):
    client.force_login(world.users["office_staff"])

    everyone = search(client, Institution, "示例县", label_field="full_name").content.decode()
    under = search(
        client,
        Institution,
        "示例县",
        label_field="full_name",
        filters={"parent": world.supervisor.pk},
    ).content.decode()

    assert "示例县兄弟单位" in everyone
    assert "示例县兄弟单位" not in under and "示例县本单位" in under


def test_people_are_offered_with_their_masked_id_number_and_found_by_its_last_four(client, world):
    someone = person(world.region, "王芳")
    client.force_login(world.users["office_staff"])
    widget = person_picker()
    tail = someone.masked_id_number[-4:]

    found = client.get(
        reverse("pick"), {"t": widget.token(Person), QUERY_NAME: tail}
    ).content.decode()

    assert f"王芳（{someone.masked_id_number}）" in found
    assert someone.id_number not in found


def test_a_clerk_finds_no_one_outside_the_unit(client, world):
    outside = person(world.region, "李雷")
    line = quota(world.unit)
    insider = person(world.region, "韩梅梅")
    enter(insider, line)
    client.force_login(world.users["clerk"])
    token = person_picker().token(Person)

    assert "韩梅梅" in client.get(reverse("pick"), {"t": token, QUERY_NAME: "韩"}).content.decode()
    assert (
        outside.name
        not in client.get(reverse("pick"), {"t": token, QUERY_NAME: "李"}).content.decode()
    )


def test_accounts_are_searched_among_those_the_admin_manages(client, world):
    token = SearchSelect(label_field="username", search_fields=("username",)).token(
        get_user_model()
    )

    client.force_login(world.users["office_admin"])
    assert "clerk" in client.get(reverse("pick"), {"t": token, QUERY_NAME: "cle"}).content.decode()
    client.force_login(world.users["office_staff"])
    assert (
        "clerk" not in client.get(reverse("pick"), {"t": token, QUERY_NAME: "cle"}).content.decode()
    )


def test_a_transfers_receiving_unit_is_searched_in_the_clerks_region(client, world):
    widget = unit_picker(scope=RECEIVING_UNITS, filters={"region": world.region.pk})
    client.force_login(world.users["clerk"])

    found = client.get(
        reverse("pick"), {"t": widget.token(Institution), QUERY_NAME: "单位"}
    ).content.decode()

    assert "示例县兄弟单位" in found
    assert "他县外县单位" not in found


def test_a_forged_quota_line_outside_the_scope_is_refused_in_chinese(client, world):
    foreign_line = quota(world.foreign)
    client.force_login(world.users["office_staff"])

    response = client.post(
        reverse("staffing:permit_add"), {"quota_line": foreign_line.pk, "count": 1}
    )

    assert "选择一个有效的选项" in " ".join(response.context["form"].errors["quota_line"])
    assert options(response.content.decode(), "quota_line") == ["请选择单位和编制类型"]


def test_a_choice_of_several_renders_only_the_chosen_ones(world):
    field = forms.ModelMultipleChoiceField(
        queryset=Institution.objects.all(), widget=SearchSelectMultiple(label_field="full_name")
    )

    html = field.widget.render("institutions", [world.unit.pk])

    assert "multiple" in html
    assert options(html, "institutions") == ["示例县本单位"]


def tokens(html: str) -> dict[str, str]:
    """The signed token of each picker on the page, by the name of its select."""
    found = re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?</select><input[^>]*hx-vals=\'\{"t": "([^"]+)"\}\'',
        html,
        re.S,
    )
    return dict(found)


def test_a_clerks_transfer_item_searches_the_receiving_unit_in_the_region(client, world):
    change_request = request_create(
        institution=world.unit,
        kind="transfer",
        occurred_on=datetime.date(2026, 3, 1),
        reason="调动",
        evidence="调令",
        actor=world.users["clerk"],
    )
    client.force_login(world.users["clerk"])
    page = client.get(reverse("people:request_item_add", args=[change_request.pk]))
    token = tokens(page.content.decode())["institution"]

    found = client.get(reverse("pick"), {"t": token, QUERY_NAME: "单位"}).content.decode()

    assert "示例县兄弟单位" in found
    assert "他县外县单位" not in found


def test_departments_are_offered_with_their_unit_and_only_in_scope(client, world):
    DepartmentFactory(institution=world.unit, name="办公室")
    DepartmentFactory(institution=world.sibling, name="办公室")
    token = department_picker().token(InternalDepartment)

    client.force_login(world.users["clerk"])
    found = client.get(reverse("pick"), {"t": token, QUERY_NAME: "办公室"}).content.decode()

    assert "示例县本单位 · 办公室" in found
    assert "示例县兄弟单位 · 办公室" not in found
