"""Named personnel in the Django admin: read-only for the office admin (changes go through the
services), hidden from everyone else, and ID numbers masked in its lists (rule 14)."""

import pytest
from django.urls import reverse

from people.idnumbers import mask_id_number
from tests.kit.privacy import assert_no_rebuild, html_rows
from tests.people.test_person_views import active_person

MODELS = ["person", "establishmentrecord", "leadershipappointment"]


def test_people_are_read_only_in_admin(superuser, world):
    record = active_person(world, "unit", name="后台查看")
    person = record.person
    for model in MODELS:
        assert superuser.get(reverse(f"admin:people_{model}_changelist")).status_code == 200
        assert superuser.get(reverse(f"admin:people_{model}_add")).status_code == 403
    url = reverse("admin:people_person_change", args=[person.pk])
    assert superuser.get(url).status_code == 200
    assert superuser.post(url, {"name": "在后台改名"}).status_code == 403
    assert superuser.get(reverse("admin:people_person_delete", args=[person.pk])).status_code == 403
    person.refresh_from_db()
    assert person.name == "后台查看"


def test_the_admin_list_masks_id_numbers_and_finds_a_whole_number_only(superuser, world):
    person = active_person(world, "unit").person
    changelist = reverse("admin:people_person_changelist")
    page = superuser.get(changelist).content.decode()
    assert person.id_number not in page
    assert mask_id_number(person.id_number) in page
    assert_no_rebuild(html_rows(page), [person.id_number], "admin list")
    found = superuser.get(changelist, {"q": person.id_number}).context["cl"].result_count
    partial = superuser.get(changelist, {"q": person.id_number[:10]}).context["cl"].result_count
    assert (found, partial) == (1, 0)


@pytest.mark.parametrize("role", ["office_admin", "office_staff", "partner", "reviewer", "clerk"])
def test_no_role_sees_people_in_admin_even_as_staff(client, world, role):
    user = world.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    for model in MODELS:
        assert client.get(reverse(f"admin:people_{model}_changelist")).status_code == 302
