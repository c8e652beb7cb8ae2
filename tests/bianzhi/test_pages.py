"""Login, logout and the layout every page shares."""

from django.urls import reverse

from tests.kit.factories import PASSWORD


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "用户名" in page and "密码" in page and "登录" in page


def test_wrong_password_gets_a_chinese_message(client, world):
    response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_login_then_logout(client, world):
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("orgs:home")
    home = client.get(reverse("orgs:home")).content.decode()
    assert "单位经办人" in home and "示例县本单位" in home
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("orgs:home")).status_code == 302


def test_inactive_users_cannot_log_in(client, world):
    clerk = world.users["clerk"]
    clerk.is_active = False
    clerk.save()
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 200


def test_navigation_reaches_the_registry(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("orgs:home")).content.decode()
    for name in ["institution_list", "institution_tree", "department_list", "document_list"]:
        assert reverse(f"orgs:{name}") in page
    assert reverse("admin:index") not in page


def test_navigation_reaches_establishment_and_people_pages(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("orgs:home")).content.decode()
    for name in [
        "staffing:region_totals",
        "staffing:adjustment_list",
        "staffing:permit_list",
        "staffing:leadership_list",
        "people:person_list",
        "people:entry_add",
        "people:overview",
    ]:
        assert reverse(name) in page, name


def test_clerks_are_not_offered_region_pages_or_entry(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("orgs:home")).content.decode()
    assert reverse("people:person_list") in page
    for name in ["staffing:region_totals", "people:overview", "people:entry_add"]:
        assert reverse(name) not in page, name


def test_office_admin_is_offered_account_management_not_the_django_admin(client, world):
    client.force_login(world.users["office_admin"])
    page = client.get(reverse("orgs:home")).content.decode()
    assert reverse("accounts:account_list") in page
    assert reverse("admin:index") not in page


def test_a_user_without_scope_sees_nothing_and_is_told_why(client, db):
    from tests.kit.factories import InstitutionFactory, UserFactory

    InstitutionFactory()
    client.force_login(UserFactory(username="nobody"))
    page = client.get(reverse("orgs:home")).content.decode()
    assert "尚未分配角色和范围" in page
    assert client.get(reverse("orgs:institution_list")).status_code == 403


def test_pagination_speaks_chinese(client, world):
    from tests.kit.factories import InstitutionFactory

    for _ in range(30):
        InstitutionFactory(region=world.region)
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("orgs:institution_list"), {"page": 2}).content.decode()
    assert "上一页" in page
    assert "> previous" not in page and "next\n" not in page


def test_a_user_changes_the_own_password(client, world):
    client.force_login(world.users["clerk"])
    assert "修改密码" in client.get(reverse("password_change")).content.decode()
    new = "another-horse-battery-staple-42"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "clerk", "password": new})
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("orgs:home")
