"""Rule 35: the reporter's name and contact are stored encrypted, and only the office admin and
the case's handler read them — not other office staff, partners or units, and nobody in lists,
the ledger, history views or the admin site."""

import openpyxl
import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.contrib.auth.models import User
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.access import Role
from cases.models import Case
from cases.reporter import CONFIDENTIAL, may_see_reporter, rekey_reporters, reporter_for
from people import idcrypto
from tests.kit.factories import make_user

from .scene import CONTACT, REPORTER, assigned, closed, other_staff

pytestmark = pytest.mark.django_db


def test_the_reporter_is_stored_encrypted_in_the_case_and_its_history(world):
    case = closed(world)
    for row in [Case.objects.get(pk=case.pk), *case.history.all()]:
        stored = f"{row.reporter_name_encrypted} {row.reporter_contact_encrypted}"
        assert CONTACT not in stored and REPORTER not in stored
    for record in case.history.all():
        assert CONTACT not in (record.history_change_reason or "")


def test_the_office_admin_and_the_handler_read_the_reporter_and_nobody_else(world):
    case = assigned(world)
    foreign_admin = make_user(Role.OFFICE_ADMIN, region=world.other_region, username="fa")
    readers = {
        world.users["office_admin"]: True,
        world.users["office_staff"]: True,  # the handler
        other_staff(world): False,
        world.users["partner"]: False,
        world.users["reviewer"]: False,
        world.users["clerk"]: False,
        foreign_admin: False,
    }
    for user, reads in readers.items():
        assert may_see_reporter(user, case) == reads, user
    reporter = reporter_for(world.users["office_admin"], case)
    assert (reporter.name, reporter.contact) == (REPORTER, CONTACT)


def test_a_handler_who_is_replaced_no_longer_reads_the_reporter(world):
    from cases import services

    case = assigned(world)
    successor = other_staff(world)
    case = services.case_assign(case=case, handler=successor, actor=world.users["office_admin"])
    assert not may_see_reporter(world.users["office_staff"], case)
    assert may_see_reporter(successor, case)


@pytest.mark.parametrize(
    ("who", "shown"), [("office_admin", True), ("handler", True), ("other_staff", False)]
)
def test_the_case_page_shows_the_reporter_only_to_the_admin_and_the_handler(
    client, world, who, shown
):
    case = assigned(world)
    user = (
        other_staff(world)
        if who == "other_staff"
        else world.users["office_admin" if who == "office_admin" else "office_staff"]
    )
    client.force_login(user)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert (CONTACT in page) == shown
    assert (REPORTER in page) == shown
    assert (CONFIDENTIAL in page) != shown


@pytest.mark.parametrize("role", ["office_admin", "office_staff"])
def test_lists_history_and_the_ledger_never_show_the_reporter(client, world, role, tmp_path):
    case = closed(world)
    client.force_login(world.users[role])
    for url in (
        reverse("cases:case_list"),
        reverse("cases:case_history", args=[case.pk]),
    ):
        page = client.get(url).content.decode()
        assert CONTACT not in page and REPORTER not in page, url
    # The list's search does not find a case by its reporter.
    for term in (REPORTER, CONTACT):
        found = client.get(reverse("cases:case_list"), {"q": term}).context["table"]
        assert not list(found.paginated_rows)
    path = tmp_path / "cases.xlsx"
    ledgers.write_ledger(ledgers.get("cases"), user=world.users[role], params={}, target=path)
    cells = [
        str(value)
        for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert case.number in cells
    assert not [cell for cell in cells if CONTACT in cell or REPORTER in cell]


def test_the_admin_site_never_shows_the_reporter(client, world):
    case = closed(world)
    client.force_login(User.objects.create_superuser("root", "root@example.cn", "x"))
    for url in (
        reverse("admin:cases_case_changelist"),
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_case_history", args=[case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert CONTACT not in page and REPORTER not in page, url
        assert case.reporter_contact_encrypted not in page, url


def test_a_key_rotation_re_encrypts_the_reporter_and_the_old_key_can_go(world, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ID_KEY, settings.ID_KEYS_OLD = old_key, []
    case = closed(world)
    settings.ID_KEY, settings.ID_KEYS_OLD = new_key, [old_key]
    assert rekey_reporters in idcrypto.rotation_hooks  # run by rotate_id_key
    assert "违规案件" in rekey_reporters()
    settings.ID_KEYS_OLD = []
    case.refresh_from_db()
    assert reporter_for(world.users["office_admin"], case).contact == CONTACT
    for row in case.history.all():
        with pytest.raises(InvalidToken):
            Fernet(old_key).decrypt(row.reporter_contact_encrypted.encode())
