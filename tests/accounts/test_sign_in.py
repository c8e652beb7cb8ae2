"""Sign-in: lockout per user name and per address (django-axes), the login log, the office
admin's unlock, idle and absolute session lifetimes, and the password rules."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent, LoginEvent
from accounts.passwords import NEEDS_LETTERS_AND_DIGITS, OFFICE_TOO_SHORT, generate_password
from accounts.signals import SIGNED_IN_AT
from tests.kit.factories import PASSWORD


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT="测试浏览器/1.0",
    )


def test_five_failures_lock_the_user_name_until_the_admin_unlocks_it(client, world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "clerk", f"wrong-{attempt}", address=f"10.0.0.{attempt + 1}")
    locked = sign_in(client, "clerk", PASSWORD, address="10.0.9.9")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert LoginEvent.objects.filter(username="clerk", kind=LoginEvent.Kind.LOCKOUT).exists()

    admin_client = client.__class__()
    admin_client.force_login(world.users["office_admin"])
    detail = admin_client.get(reverse("accounts:account_detail", args=[world.users["clerk"].pk]))
    assert detail.context["locked"]
    unlock = reverse("accounts:account_unlock", args=[world.users["clerk"].pk])
    assert admin_client.post(unlock, {"reason": "本人来电确认"}).status_code == 302
    assert AccountEvent.objects.get(kind=AccountEvent.Kind.UNLOCKED).reason == "本人来电确认"
    assert sign_in(client, "clerk", PASSWORD, address="10.0.9.9").status_code == 302


def test_five_failures_from_one_address_lock_the_address(client, world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{attempt}", "wrong", address="10.6.6.6")
    assert sign_in(client, "clerk", PASSWORD, address="10.6.6.6").status_code == 429
    assert sign_in(client, "clerk", PASSWORD, address="10.7.7.7").status_code == 302

    admin_client = client.__class__()
    admin_client.force_login(world.users["office_admin"])
    log = admin_client.get(reverse("accounts:login_log"))
    assert [a["ip_address"] for a in log.context["locked_addresses"]] == ["10.6.6.6"]
    admin_client.post(reverse("accounts:address_unlock"), {"ip_address": "10.6.6.6"})
    client.logout()
    assert sign_in(client, "clerk", PASSWORD, address="10.6.6.6").status_code == 302


def test_the_login_log_shows_success_and_failure_with_address_and_browser(client, world):
    sign_in(client, "clerk", "wrong", address="10.1.2.3")
    sign_in(client, "clerk", PASSWORD, address="10.1.2.4")
    events = LoginEvent.objects.filter(username="clerk").order_by("pk")
    assert [(e.kind, e.ip_address, e.user_agent) for e in events] == [
        (LoginEvent.Kind.FAILURE, "10.1.2.3", "测试浏览器/1.0"),
        (LoginEvent.Kind.SUCCESS, "10.1.2.4", "测试浏览器/1.0"),
    ]
    client.force_login(world.users["office_admin"])
    page = client.get(reverse("accounts:login_log"), {"q": "clerk"})
    rows = [row.record for row in page.context["table"].paginated_rows]
    assert {row.ip_address for row in rows} == {"10.1.2.3", "10.1.2.4"}


def test_the_login_log_leaves_out_accounts_of_other_regions(client, world):
    from bianzhi.access import Role
    from tests.kit.factories import make_user

    make_user(Role.CLERK, institution=world.foreign, username="foreign-clerk")
    sign_in(client, "foreign-clerk", "wrong")
    client.force_login(world.users["office_admin"])
    page = client.get(reverse("accounts:login_log"), {"q": "foreign"})
    assert not list(page.context["table"].paginated_rows)


def test_a_session_idle_for_longer_than_the_timeout_ends(client, world):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(world.users["clerk"])
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        response = client.get(reverse("orgs:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_session_in_use_ends_after_its_absolute_lifetime(client, world):
    client.force_login(world.users["clerk"])
    assert client.get(reverse("orgs:home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = timezone.now().timestamp() - settings.SESSION_ABSOLUTE_AGE - 1
    session.save()
    response = client.get(reverse("orgs:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("orgs:home")).status_code == 302


@pytest.mark.parametrize("role", ["office_admin", "office_staff"])
def test_office_passwords_need_ten_characters_letters_and_digits(world, role):
    user = world.users[role]
    with pytest.raises(ValidationError) as refused:
        validate_password("abcd12345", user)
    assert OFFICE_TOO_SHORT in refused.value.messages
    validate_password("abcd123456x", user)


def test_every_password_needs_letters_and_digits(world):
    with pytest.raises(ValidationError) as refused:
        validate_password("only-letters-here", world.users["clerk"])
    assert NEEDS_LETTERS_AND_DIGITS in refused.value.messages
    validate_password("clerk2pass", world.users["clerk"])


def test_generated_passwords_pass_the_office_rules(world):
    for _ in range(20):
        validate_password(generate_password(), world.users["office_admin"])
