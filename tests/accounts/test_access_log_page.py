"""访问日志 page: the office admin's, filterable by account, action, days and masking, paginated,
and exported as a ledger with the same filters; other roles are refused (tests/accounts/
test_pages.py covers every role)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bianzhi import access_log, ledgers
from bianzhi.models import AccessAction, AccessEvent, IdNumbers
from tests.kit.factories import make_user
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db
URL = reverse("accounts:access_log")


@pytest.fixture
def log(world):
    staff, partner = world.users["office_staff"], world.users["partner"]
    access_log.record(staff, action=AccessAction.PERSON_VIEW, label="张伟")
    access_log.record(
        partner, action=AccessAction.EXPORT, label="实名制人员花名册", id_numbers=IdNumbers.MASKED
    )
    old = access_log.record(staff, action=AccessAction.CERTIFICATE_PDF, label="旧证书")
    AccessEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    return world


def labels(client, **query) -> list[str]:
    response = client.get(URL, query)
    assert response.status_code == 200
    return [row.record.label for row in response.context["table"].page.object_list]


def test_the_admin_filters_by_account_action_masking_and_days(client, log):
    client.force_login(log.users["office_admin"])
    assert labels(client) == ["实名制人员花名册", "张伟", "旧证书"]
    assert labels(client, user=log.users["partner"].pk) == ["实名制人员花名册"]
    assert labels(client, action=AccessAction.CERTIFICATE_PDF) == ["旧证书"]
    assert labels(client, id_numbers=IdNumbers.MASKED) == ["实名制人员花名册"]
    since = timezone.localdate() - datetime.timedelta(days=7)
    assert labels(client, since=since.isoformat()) == ["实名制人员花名册", "张伟"]
    until = timezone.localdate() - datetime.timedelta(days=30)
    assert labels(client, until=until.isoformat()) == ["旧证书"]


def test_the_page_is_paginated(client, log, settings):
    settings.BIANZHI = {**settings.BIANZHI, "LIST_PAGE_SIZE": 2}
    client.force_login(log.users["office_admin"])
    assert len(labels(client)) == 2
    assert labels(client, page=2) == ["旧证书"]


def test_entries_of_accounts_outside_the_admins_region_are_not_listed(client, log):
    stranger = make_user(
        log.users["office_staff"].scope.role, region=log.other_region, username="外县"
    )
    access_log.record(stranger, action=AccessAction.PERSON_VIEW, label="外县人员")
    client.force_login(log.users["office_admin"])
    assert "外县人员" not in labels(client)


def test_the_log_is_exported_with_the_pages_filters(client, log, tmp_path):
    client.force_login(log.users["office_admin"])
    page = client.get(URL).content.decode()
    assert reverse("exports:start", args=["access_log"]) in page
    path = tmp_path / "log.xlsx"
    ledgers.write_ledger(
        ledgers.get("access_log"),
        user=log.users["office_admin"],
        params={"id_numbers": IdNumbers.FULL},
        target=str(path),
    )
    sheet = read(path)
    assert sheet.column("对象") == ["张伟", "旧证书"]
    assert sheet.column("身份证号") == ["完整", "完整"]


def test_only_the_office_admin_may_export_the_log(world, tmp_path):
    ledger = ledgers.get("access_log")
    assert ledgers.offered_to(world.users["office_staff"]).count(ledger) == 0
    with pytest.raises(ledgers.LedgerError):
        ledgers.write_ledger(
            ledger, user=world.users["office_staff"], params={}, target=str(tmp_path / "x.xlsx")
        )


def test_an_empty_log_says_so_instead_of_a_bare_header(client, world):
    client.force_login(world.users["office_admin"])
    page = client.get(URL).content.decode()
    assert "暂无记录。" in page


def test_a_table_with_its_own_empty_text_keeps_it(client, world):
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("people:request_list")).content.decode()
    assert "没有符合条件的变动申报。" in page
