"""批量创建经办人账号: one clerk account per selected unit, passwords handed out once on a
printable page or in a ledger workbook."""

import io

import openpyxl
from django.urls import reverse

from accounts.models import AccountEvent, Credential
from tests.kit.factories import InstitutionFactory, RegionFactory


def test_accounts_for_many_units_at_once_printed_once(client, world):
    admin = world.users["office_admin"]
    client.force_login(admin)
    response = client.post(
        reverse("accounts:clerk_accounts"),
        {
            "institutions": [world.unit.pk, world.sibling.pk],
            "reason": "首次开通",
            "output": "print",
        },
    )
    assert response.status_code == 200
    created = response.context["created"]
    assert {place for place, _, _ in created} == {world.unit, world.sibling}
    for place, user, password in created:
        assert user.scope.institution == place and user.scope.role == "clerk"
        assert user.username.startswith(f"{world.region.code}-")
        assert user.check_password(password)
        assert Credential.objects.get(user=user).must_change_password
        assert AccountEvent.objects.get(user=user).actor == admin


def test_the_passwords_as_a_ledger_workbook_keep_codes_as_text(client, world):
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("accounts:clerk_accounts"),
        {"institutions": [world.unit.pk], "reason": "首次开通", "output": "xlsx"},
    )
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == "示例县本单位"]
    ((_, username, _, password),) = rows
    user = AccountEvent.objects.get(user__username=username).user
    assert user.check_password(password)


def test_a_unit_outside_the_subtree_cannot_be_given_an_account(client, world):
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("accounts:clerk_accounts"),
        {"institutions": [world.foreign.pk], "reason": "越权", "output": "print"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["institutions"]
    assert not AccountEvent.objects.exists()


def listed(client, **query) -> set[str]:
    response = client.get(reverse("accounts:clerk_accounts"), query)
    assert response.status_code == 200
    return {unit.full_name for unit in response.context["units"]}


def test_one_regions_units_without_a_clerk_are_listed_at_a_time(client, world):
    """A city holds thousands of units: the page lists one region's, by default those still
    without a clerk (本单位 has one)."""
    district = RegionFactory(code="990123", name="示例县开发区", parent=world.region)
    InstitutionFactory(full_name="开发区管委会", region=district)
    client.force_login(world.users["office_admin"])
    assert listed(client) == {"示例县主管局", "示例县兄弟单位"}
    assert listed(client, listing="all") == {"示例县主管局", "示例县本单位", "示例县兄弟单位"}
    assert listed(client, region=district.pk) == {"开发区管委会"}
    assert listed(client, region=world.other_region.pk) == {"示例县主管局", "示例县兄弟单位"}


def test_a_unit_of_another_listed_region_may_still_be_posted(client, world):
    district = RegionFactory(code="990123", name="示例县开发区", parent=world.region)
    client.force_login(world.users["office_admin"])
    response = client.post(
        reverse("accounts:clerk_accounts") + f"?region={district.pk}",
        {"institutions": [world.sibling.pk], "reason": "首次开通", "output": "print"},
    )
    assert [place for place, _, _ in response.context["created"]] == [world.sibling]
