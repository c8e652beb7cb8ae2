"""Django admin is the office admin's: accounts and scopes are managed there, the registry is
read-only there (its changes go through the services), and nobody deletes a user (rule 13)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from orgs.models import Institution


def test_office_admin_manages_accounts(office_admin):
    assert office_admin.get(reverse("admin:index")).status_code == 200
    assert office_admin.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_users_are_deactivated_never_deleted(office_admin, world):
    clerk = world.users["clerk"]
    assert office_admin.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    response = office_admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [clerk.pk]},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert User.objects.filter(pk=clerk.pk).exists()
    assert not clerk.is_active


def test_registry_is_read_only_in_admin(office_admin, world):
    url = reverse("admin:orgs_institution_change", args=[world.unit.pk])
    assert office_admin.get(url).status_code == 200
    response = office_admin.post(url, {"full_name": "在后台改名"})
    assert response.status_code == 403
    assert Institution.objects.get(pk=world.unit.pk).full_name == "示例县本单位"
    assert office_admin.get(reverse("admin:orgs_institution_add")).status_code == 403


@pytest.mark.parametrize("role", ["office_staff", "partner", "reviewer", "clerk"])
def test_other_roles_cannot_use_admin_even_as_staff(client, world, role):
    user = world.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:orgs_institution_changelist")).status_code == 403


def test_admin_needs_a_staff_login(client, world):
    client.force_login(world.users["clerk"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
