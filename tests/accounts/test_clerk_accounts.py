"""批量创建经办人账号: one clerk account per selected unit, passwords handed out once on a
printable page or in a ledger workbook."""

import io

import openpyxl
from django.urls import reverse

from accounts.models import AccountEvent, Credential


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
