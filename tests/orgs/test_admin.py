"""Django admin is the superusers' alone (issue 15: an office admin there could make any account
a superuser); the registry is read-only there (its changes go through the services), nobody
deletes a user, and a region edit names its reason (rule 13)."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AccountEvent
from bianzhi.history import system_actor
from orgs.models import Institution, Region
from orgs.services import REGION_REASON_REQUIRED, region_save


def test_superuser_manages_accounts(superuser):
    assert superuser.get(reverse("admin:index")).status_code == 200
    assert superuser.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_users_are_deactivated_never_deleted(superuser, world):
    clerk = world.users["clerk"]
    assert superuser.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    response = superuser.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [clerk.pk]},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert User.objects.filter(pk=clerk.pk).exists()
    assert not clerk.is_active


def test_registry_is_read_only_in_admin(superuser, world):
    url = reverse("admin:orgs_institution_change", args=[world.unit.pk])
    assert superuser.get(url).status_code == 200
    response = superuser.post(url, {"full_name": "在后台改名"})
    assert response.status_code == 403
    assert Institution.objects.get(pk=world.unit.pk).full_name == "示例县本单位"
    assert superuser.get(reverse("admin:orgs_institution_add")).status_code == 403


@pytest.mark.parametrize("role", ["office_admin", "office_staff", "partner", "reviewer", "clerk"])
def test_no_role_opens_the_admin_even_as_staff(client, world, role):
    user = world.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    for name in ["admin:index", "admin:auth_user_changelist", "admin:orgs_institution_changelist"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert reverse("admin:login") in response.url


def test_an_office_admin_cannot_make_itself_superuser_through_the_admin(client, world):
    admin_user = world.users["office_admin"]
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[world.users["clerk"].pk])
    client.post(url, {"username": "clerk", "is_superuser": "on", "is_active": "on"})
    assert not User.objects.filter(is_superuser=True).exists()


def test_granting_superuser_in_the_admin_is_an_account_event(superuser, world):
    clerk = world.users["clerk"]
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    form = superuser.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        username="clerk",
        is_active="on",
        is_superuser="on",
        date_joined_0=clerk.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=clerk.date_joined.strftime("%H:%M:%S"),
        **{
            "scope-TOTAL_FORMS": "1",
            "scope-INITIAL_FORMS": "1",
            "scope-MIN_NUM_FORMS": "0",
            "scope-MAX_NUM_FORMS": "1",
            "scope-0-id": clerk.scope.pk,
            "scope-0-user": clerk.pk,
            "scope-0-role": "clerk",
            "scope-0-institution": world.unit.pk,
        },
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = superuser.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AccountEvent.objects.get(user=clerk, kind=AccountEvent.Kind.SUPERUSER_GRANTED)
    assert event.actor.username == "root"
    assert event.reason


def test_admin_needs_a_superuser_login(client, world):
    client.force_login(world.users["clerk"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_a_region_edit_without_a_reason_is_refused(superuser, world):
    url = reverse("admin:orgs_region_change", args=[world.region.pk])
    data = {"code": world.region.code, "name": "改名县", "level": world.region.level}
    response = superuser.post(url, data)
    assert response.status_code == 200
    assert REGION_REASON_REQUIRED in response.context["adminform"].form.errors["reason"]
    world.region.refresh_from_db()
    assert world.region.name != "改名县"


def test_a_region_edit_records_its_reason_and_actor(superuser, world):
    url = reverse("admin:orgs_region_change", args=[world.region.pk])
    data = {"code": world.region.code, "name": "改名县", "level": world.region.level}
    response = superuser.post(url, {**data, "reason": "国务院批复更名"})
    assert response.status_code == 302
    latest = Region.objects.get(pk=world.region.pk).history.latest()
    assert (latest.name, latest.history_change_reason) == ("改名县", "国务院批复更名")
    assert latest.history_user.username == "root"


def test_the_region_service_refuses_an_edit_without_a_reason(world):
    world.region.name = "改名县"
    with pytest.raises(ValidationError, match=REGION_REASON_REQUIRED):
        region_save(region=world.region, actor=system_actor(), reason="  ")
