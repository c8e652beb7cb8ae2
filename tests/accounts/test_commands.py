"""A real office starts from an empty database: setup_region, then create_office_admin; the
office admin signs in with the printed password and must change it first."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AccountEvent
from orgs.models import Region

pytestmark = pytest.mark.django_db


def test_an_office_starts_from_an_empty_database(client):
    assert not get_user_model().objects.filter(is_active=True).exists()
    call_command("setup_region", code="371500", name="聊城市", level="city", stdout=StringIO())
    call_command(
        "setup_region",
        code="371521",
        name="莘县",
        level="county",
        parent="371500",
        stdout=StringIO(),
    )
    county = Region.objects.get(code="371521")
    assert county.parent.code == "371500"
    assert county.history.get().history_user.username == "system"

    out = StringIO()
    call_command(
        "create_office_admin", region="371521", username="xx-admin", name="张三", stdout=out
    )
    password = re.search(r"初始密码.*：(\S+)", out.getvalue()).group(1)
    admin = get_user_model().objects.get(username="xx-admin")
    assert admin.scope.role == "office_admin" and admin.scope.region == county
    assert AccountEvent.objects.get(user=admin).kind == AccountEvent.Kind.CREATED

    assert client.post(reverse("login"), {"username": "xx-admin", "password": password}).url
    response = client.get(reverse("accounts:account_list"))
    assert response.status_code == 302 and response.url == reverse("password_change")


def test_a_rerun_changes_nothing_and_a_conflict_is_refused():
    call_command("setup_region", code="371521", name="莘县", level="county", stdout=StringIO())
    call_command("setup_region", code="371521", name="莘县", level="county", stdout=StringIO())
    assert Region.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("setup_region", code="371521", name="别县", level="county", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("create_office_admin", region="999999", username="a", name="a")
