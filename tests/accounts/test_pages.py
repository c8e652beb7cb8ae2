"""账号管理 pages: the office admin's alone, within its region subtree; every other role is
refused, anonymous users are sent to sign in, an account outside the subtree is not found."""

import pytest
from django.urls import reverse

from accounts.models import AccountEvent, Credential
from bianzhi.access import Department, Role
from tests.kit.factories import make_user
from tests.kit.views import assert_redirects_to_login
from tests.kit.world import ROLES

PAGES = [
    "accounts:account_list",
    "accounts:account_add",
    "accounts:clerk_accounts",
    "accounts:login_log",
    "accounts:access_log",
]
ACCOUNT_PAGES = ["accounts:account_detail", "accounts:account_edit"]
ACTIONS = ["deactivate", "reactivate", "reset", "unlock"]


@pytest.fixture
def foreign_clerk(world):
    return make_user(Role.CLERK, institution=world.foreign, username="foreign-clerk")


def every_url(account) -> list[tuple[str, str, str]]:
    """(name, url, method) of every page and action of the accounts app."""
    urls = [(name, reverse(name), "get") for name in PAGES]
    urls += [(name, reverse(name, args=[account.pk]), "get") for name in ACCOUNT_PAGES]
    urls += [
        (f"accounts:account_{a}", reverse(f"accounts:account_{a}", args=[account.pk]), "post")
        for a in ACTIONS
    ]
    urls.append(("accounts:address_unlock", reverse("accounts:address_unlock"), "post"))
    return urls


def test_anonymous_users_are_sent_to_sign_in(client, world):
    for name, url, method in every_url(world.users["clerk"]):
        assert_redirects_to_login(getattr(client, method)(url)), name


@pytest.mark.parametrize("role", [r for r in ROLES if r != "office_admin"])
def test_other_roles_are_refused_every_account_page(client, world, role):
    client.force_login(world.users[role])
    for name, url, method in every_url(world.users["clerk"]):
        assert getattr(client, method)(url, {"reason": "试探"}).status_code == 403, name
    assert not AccountEvent.objects.exists()


def test_the_office_admin_opens_every_page(client, world):
    client.force_login(world.users["office_admin"])
    clerk = world.users["clerk"]
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for name in ACCOUNT_PAGES:
        assert client.get(reverse(name, args=[clerk.pk])).status_code == 200, name


def test_the_list_shows_exactly_the_accounts_of_the_subtree(client, world, foreign_clerk):
    client.force_login(world.users["office_admin"])
    response = client.get(reverse("accounts:account_list"))
    shown = {row.record.username for row in response.context["table"].paginated_rows}
    assert shown == set(ROLES)
    found = client.get(reverse("accounts:account_list"), {"q": "本单位"}).context["table"]
    assert {row.record.username for row in found.paginated_rows} == {"clerk"}
    page = client.get(reverse("accounts:account_list"), {"is_active": "false"})
    assert not list(page.context["table"].paginated_rows)


def test_an_account_outside_the_subtree_is_not_found(client, world, foreign_clerk):
    client.force_login(world.users["office_admin"])
    for name in ACCOUNT_PAGES:
        assert client.get(reverse(name, args=[foreign_clerk.pk])).status_code == 404, name
    for action in ACTIONS:
        url = reverse(f"accounts:account_{action}", args=[foreign_clerk.pk])
        assert client.post(url, {"reason": "越权"}).status_code == 404, action
    foreign_clerk.refresh_from_db()
    assert foreign_clerk.is_active


def test_creating_an_account_shows_its_password_once_and_records_the_event(client, world):
    admin = world.users["office_admin"]
    client.force_login(admin)
    response = client.post(
        reverse("accounts:account_add"),
        {
            "username": "new-staff",
            "full_name": "李四",
            "role": Role.OFFICE_STAFF,
            "region": world.region.pk,
            "reason": "新进工作人员",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    ((_place, user, password),) = response.context["created"]
    assert password in response.content.decode()
    assert user.check_password(password)
    assert Credential.objects.get(user=user).must_change_password
    event = AccountEvent.objects.get(user=user)
    assert (event.kind, event.actor, event.reason) == (
        AccountEvent.Kind.CREATED,
        admin,
        "新进工作人员",
    )


def test_the_admin_cannot_create_an_account_over_a_region_above_or_beside_its_own(client, world):
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("accounts:account_add"),
        {
            "username": "intruder",
            "full_name": "王五",
            "role": Role.OFFICE_ADMIN,
            "region": world.other_region.pk,
            "reason": "越权",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert not AccountEvent.objects.exists()


def test_editing_role_and_scope_is_recorded_in_both_histories(client, world):
    admin, clerk = world.users["office_admin"], world.users["clerk"]
    client.force_login(admin)
    response = client.post(
        reverse("accounts:account_edit", args=[clerk.pk]),
        {
            "full_name": "赵六",
            "role": Role.CLERK,
            "institution": world.sibling.pk,
            "reason": "调动",
        },
    )
    assert response.status_code == 302
    clerk.scope.refresh_from_db()
    assert clerk.scope.institution == world.sibling
    assert clerk.scope.history.latest().history_change_reason == "调动"
    assert clerk.scope.history.latest().history_user == admin
    kinds = set(AccountEvent.objects.filter(user=clerk).values_list("kind", flat=True))
    assert kinds == {AccountEvent.Kind.SCOPE_CHANGED, AccountEvent.Kind.PROFILE_CHANGED}


def test_deactivating_keeps_the_account_and_records_who_and_why(client, world):
    admin, clerk = world.users["office_admin"], world.users["clerk"]
    client.force_login(admin)
    url = reverse("accounts:account_deactivate", args=[clerk.pk])
    assert client.post(url, {"reason": "人员调离"}).status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    event = AccountEvent.objects.get(user=clerk)
    assert (event.kind, event.actor, event.reason) == (
        AccountEvent.Kind.DEACTIVATED,
        admin,
        "人员调离",
    )
    reactivate = reverse("accounts:account_reactivate", args=[clerk.pk])
    assert client.post(reactivate, {"reason": "返岗"}).status_code == 302
    clerk.refresh_from_db()
    assert clerk.is_active


def test_the_admin_cannot_deactivate_itself(client, world):
    admin = world.users["office_admin"]
    client.force_login(admin)
    client.post(reverse("accounts:account_deactivate", args=[admin.pk]), {"reason": "误操作"})
    admin.refresh_from_db()
    assert admin.is_active


def test_an_action_without_a_reason_changes_nothing(client, world):
    clerk = world.users["clerk"]
    client.force_login(world.users["office_admin"])
    client.post(reverse("accounts:account_deactivate", args=[clerk.pk]), {"reason": ""})
    clerk.refresh_from_db()
    assert clerk.is_active


def test_a_reset_password_must_be_changed_at_the_next_sign_in(client, world):
    clerk = world.users["clerk"]
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("accounts:account_reset", args=[clerk.pk]), {"reason": "忘记密码"}
    )
    ((_, _, password),) = response.context["created"]
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "clerk", "password": password})
    assert signed_in.status_code == 302
    home = client.get(reverse("orgs:home"))
    assert home.status_code == 302 and home.url == reverse("password_change")
    new = "my-own-secret-2077"
    changed = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert client.get(reverse("orgs:home")).status_code == 200
    assert not Credential.objects.get(user=clerk).must_change_password


def test_a_partner_account_needs_its_department(client, world):
    client.force_login(world.users["office_admin"])
    fields = {
        "username": "org-reader",
        "full_name": "组织部干部",
        "role": Role.PARTNER,
        "region": world.region.pk,
        "reason": "组织部门确认人员身份",
    }
    response = client.post(reverse("accounts:account_add"), fields)
    assert response.context["form"].errors["department"] == ["协作部门查询人员须选择协作部门。"]
    response = client.post(
        reverse("accounts:account_add"), {**fields, "department": Department.ORGANIZATION}
    )
    ((_place, user, _password),) = response.context["created"]
    assert user.scope.department == Department.ORGANIZATION
    # Another role keeps none, whatever the form says.
    response = client.post(
        reverse("accounts:account_edit", args=[user.pk]),
        {**fields, "role": Role.OFFICE_STAFF, "department": Department.FINANCE},
    )
    user.scope.refresh_from_db()
    assert (user.scope.role, user.scope.department) == (Role.OFFICE_STAFF, "")
