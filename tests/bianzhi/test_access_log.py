"""访问日志 (issue 15): every read of full ID numbers and every export is recorded once, with who,
what, which scope and whether numbers were masked; masked reads are not recorded; nobody edits an
entry, and the prune command keeps at least 180 days."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bianzhi import access_log
from bianzhi.history import system_actor
from bianzhi.models import ENTRY_IS_FINAL, AccessAction, AccessEvent, IdNumbers
from people import services
from people.choices import RequestKind
from people.idnumbers import mask_id_number
from people.idsearch import ID_SEARCH_NOT_FOUND
from tests.certificates.scene import issued, staffed
from tests.kit import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    who = builders.person(world.region, "张伟")
    builders.enter(who, builders.quota(world.unit, 5))
    return who


def entries(**filters):
    return list(AccessEvent.objects.filter(**filters))


def test_viewing_a_person_in_full_writes_one_entry(client, world, person):
    user = world.users["office_staff"]
    client.force_login(user)
    url = reverse("people:person_detail", args=[person.pk])
    page = client.get(url, REMOTE_ADDR="10.1.2.3")
    assert person.id_number in page.content.decode()
    (entry,) = entries()
    assert (entry.user, entry.action, entry.label, entry.url) == (
        user,
        AccessAction.PERSON_VIEW,
        "张伟",
        url,
    )
    assert (entry.id_numbers, entry.ip_address) == (IdNumbers.FULL, "10.1.2.3")
    assert entry.scope == f"范围：{world.region}"


@pytest.mark.parametrize("role", ["partner", "reviewer", "clerk"])
def test_a_masked_view_writes_no_entry(client, world, person, role):
    client.force_login(world.users[role])
    page = client.get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200
    assert person.id_number not in page.content.decode()
    assert not AccessEvent.objects.exists()


def test_a_search_by_a_full_id_number_writes_one_entry_with_the_number_masked(
    client, world, person
):
    client.force_login(world.users["clerk"])
    response = client.get(reverse("people:person_list"), {"q": person.id_number})
    assert response.url == reverse("people:person_detail", args=[person.pk])
    (entry,) = entries()
    assert (entry.action, entry.label, entry.query) == (
        AccessAction.ID_SEARCH,
        "张伟",
        mask_id_number(person.id_number),
    )
    assert person.id_number not in entry.url + entry.query


def test_a_search_that_finds_nobody_is_recorded_too(client, world, person):
    client.force_login(world.users["clerk"])
    client.get(reverse("people:person_list"), {"q": "11010519491231002X"})
    (entry,) = entries(action=AccessAction.ID_SEARCH)
    assert (entry.label, entry.query) == (ID_SEARCH_NOT_FOUND, "110105********002X")


def test_a_search_by_name_writes_no_entry(client, world, person):
    client.force_login(world.users["office_staff"])
    client.get(reverse("people:person_list"), {"q": "张伟"})
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    ("role", "id_numbers"), [("office_admin", IdNumbers.FULL), ("partner", IdNumbers.MASKED)]
)
def test_an_export_writes_one_entry_with_its_scope_and_masking(client, world, role, id_numbers):
    user = world.users[role]
    client.force_login(user)
    url = reverse("exports:start", args=["roster"]) + f"?q=职工&under={world.unit.pk}"
    client.post(url)
    (entry,) = entries()
    assert (entry.user, entry.action, entry.label, entry.id_numbers) == (
        user,
        AccessAction.EXPORT,
        "实名制人员花名册",
        id_numbers,
    )
    assert (
        entry.scope
        == f"范围：{world.region}；搜索：职工；单位：{world.unit.full_name}（含下属单位）"
    )


def test_a_ledger_without_id_numbers_is_recorded_as_such(client, world):
    client.force_login(world.users["office_staff"])
    client.post(reverse("exports:start", args=["institutions"]))
    (entry,) = entries()
    assert (entry.label, entry.id_numbers) == ("机构编制台账", IdNumbers.NONE)


def test_the_clerks_roster_download_is_recorded_masked(client, world, person):
    client.force_login(world.users["clerk"])
    client.get(reverse("people:unit_roster_download", args=[world.unit.pk]))
    (entry,) = entries()
    assert (entry.action, entry.label, entry.id_numbers) == (
        AccessAction.EXPORT,
        "本单位花名册",
        IdNumbers.MASKED,
    )


@pytest.mark.parametrize(("role", "logged"), [("office_staff", 1), ("clerk", 0)])
def test_the_as_of_roster_in_full_is_recorded(client, world, person, role, logged):
    client.force_login(world.users[role])
    url = reverse("people:institution_asof", args=[world.unit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert (person.id_number in page.content.decode()) == bool(logged)
    found = entries(action=AccessAction.ASOF_VIEW)
    assert len(found) == logged
    if logged:
        assert found[0].label == f"{world.unit}（{timezone.localdate():%Y-%m-%d}）"


# The clerk sees its own draft in full (bianzhi.privacy.policy_for_entry), not once it is sent.
@pytest.mark.parametrize(
    ("role", "sent", "logged"),
    [("office_staff", False, 1), ("clerk", False, 1), ("clerk", True, 0)],
)
def test_a_request_naming_people_in_full_is_recorded(client, world, person, role, sent, logged):
    request = services.request_create(
        institution=world.unit,
        kind=RequestKind.EXIT,
        occurred_on=timezone.localdate(),
        reason="调出",
        evidence="调令",
        actor=world.users["clerk"],
    )
    services.item_add(
        request=request,
        actor=world.users["clerk"],
        record=person.records.get(),
        data={"end_reason": "transfer_out"},
    )
    if sent:
        services.request_submit(request=request, actor=world.users["clerk"])
    client.force_login(world.users[role])
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200
    assert (person.id_number in page.content.decode()) == bool(logged)
    found = entries(action=AccessAction.REQUEST_VIEW)
    assert [entry.label for entry in found] == [str(request)] * logged


def test_the_command_line_export_is_recorded_as_the_system_account(world, person, tmp_path):
    call_command(
        "export_ledger",
        "roster",
        "--out",
        str(tmp_path / "r.xlsx"),
        "--region",
        world.region.code,
        stdout=StringIO(),
    )
    (entry,) = entries()
    assert (entry.user, entry.action, entry.url, entry.id_numbers) == (
        system_actor(),
        AccessAction.EXPORT,
        "manage.py export_ledger",
        IdNumbers.FULL,
    )
    assert (
        entry.scope == f"范围：{world.region}；行政区划：{world.region.name}（{world.region.code}）"
    )


def test_the_command_line_export_as_a_user_is_recorded_as_that_user(world, person, tmp_path):
    partner = world.users["partner"]
    call_command(
        "export_ledger",
        "roster",
        "--out",
        str(tmp_path / "r.xlsx"),
        "--user",
        partner.username,
        stdout=StringIO(),
    )
    (entry,) = entries()
    assert (entry.user, entry.id_numbers) == (partner, IdNumbers.MASKED)


def test_printing_a_certificate_in_full_is_recorded_and_masked_printing_is_not(client, world):
    certificate = issued(staffed(world.unit))
    url = reverse("certificates:certificate_print", args=[certificate.pk])
    client.force_login(world.users["clerk"])
    assert client.get(url).status_code == 200
    assert not AccessEvent.objects.exists()
    client.force_login(world.users["office_staff"])
    client.get(url)
    (entry,) = entries()
    assert entry.action == AccessAction.CERTIFICATE_PRINT
    assert entry.label == f"{certificate.number} {world.unit.full_name}"


def test_an_entry_cannot_be_changed(world):
    entry = access_log.record(world.users["office_staff"], action=AccessAction.PERSON_VIEW)
    entry.label = "改过"
    with pytest.raises(ValueError, match=ENTRY_IS_FINAL):
        entry.save()


def test_an_entry_cannot_be_changed_or_deleted_through_the_admin(superuser, world):
    entry = access_log.record(world.users["office_staff"], action=AccessAction.PERSON_VIEW)
    change = reverse("admin:bianzhi_accessevent_change", args=[entry.pk])
    assert superuser.get(change).status_code == 200  # read-only
    assert superuser.post(change, {"label": "改过"}).status_code == 403
    delete = reverse("admin:bianzhi_accessevent_delete", args=[entry.pk])
    assert superuser.post(delete, {"post": "yes"}).status_code == 403
    assert superuser.get(reverse("admin:bianzhi_accessevent_add")).status_code == 403
    assert AccessEvent.objects.get(pk=entry.pk).label == ""


def _aged(user, days: int) -> AccessEvent:
    return AccessEvent.objects.create(
        user=user,
        action=AccessAction.PERSON_VIEW,
        id_numbers=IdNumbers.FULL,
        at=timezone.now() - datetime.timedelta(days=days),
    )


@pytest.mark.parametrize("setting", [30, 180])
def test_pruning_never_removes_entries_younger_than_180_days(world, settings, setting):
    settings.BIANZHI = {**settings.BIANZHI, "ACCESS_LOG_KEEP_DAYS": setting}
    user = world.users["office_staff"]
    kept = [_aged(user, 0), _aged(user, 179)]
    _aged(user, 181)
    call_command("prune_exports", stdout=StringIO())
    assert list(AccessEvent.objects.order_by("pk")) == kept


def test_a_longer_keeping_period_is_honoured(world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "ACCESS_LOG_KEEP_DAYS": 400}
    user = world.users["office_staff"]
    kept = _aged(user, 300)
    _aged(user, 401)
    call_command("prune_exports", stdout=StringIO())
    assert list(AccessEvent.objects.all()) == [kept]
