"""身份证号加密存储 (issue 15 item 17): the database holds ciphertext, a blind index and the masked
form, never the number; a whole number is still found and still registered once (rule 7); the
history holds no number either; a key rotation re-encrypts everything and the old key can go."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from bianzhi.history import change_log
from bianzhi.privacy import FULL, MASKED, mask_id_number
from people import idcrypto, services
from people.choices import RequestKind
from people.idnumbers import ID_NUMBER_REGISTERED
from people.management.commands.rotate_id_key import REASON
from people.models import ChangeRequestItem, Person
from people.requests.display import describe_items
from tests.kit import builders
from tests.kit.clock import day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def raw_rows(table: str, where: str, value) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {where} = %s", [value])
        return cursor.fetchall()


def text_of(rows) -> str:
    return " ".join(str(value) for row in rows for value in row)


def test_the_person_table_holds_no_plaintext_number(region):
    person = builders.person(region)
    number = person.id_number

    stored = text_of(raw_rows("people_person", "id", person.pk))

    assert number not in stored
    assert number[6:14] not in stored  # not even the birth date digits
    assert mask_id_number(number) in stored
    assert Person.objects.get(pk=person.pk).id_number == number


def test_history_rows_hold_no_plaintext_number(region, actor):
    person = builders.person(region)
    number = person.id_number
    services.person_update(person=person, actor=actor, reason="更正姓名", changes={"name": "张卫"})

    stored = text_of(raw_rows("people_historicalperson", "id", person.pk))

    assert person.history.count() == 2
    assert number not in stored


def entry_request(world, line, *, name="李娜"):
    """A drafted entry (入编) of someone not yet registered: the item holds the number twice, in
    its column and in the proposed person of its data."""
    permit = builders.permit(line, count=1)
    request = services.request_create(
        institution=world.unit,
        kind=RequestKind.ENTRY,
        occurred_on=day(3, 2),
        reason="新进人员",
        evidence="招聘公示",
        actor=world.users["clerk"],
    )
    number = builders.id_number(male=False)
    item = services.item_add(
        request=request,
        actor=world.users["clerk"],
        data={
            "quota_line": line.pk,
            "permit": permit.pk,
            "post_category": builders.post_for(line),
            "entry_way": "recruitment",
            "new_person": {"id_number": number, "name": name, "civil_servant_registered": False},
        },
        person_name=name,
        id_number=number,
    )
    return request, item, number


def test_request_items_and_their_history_hold_no_plaintext_number(world):
    line = builders.quota(world.unit, approved=2)
    _, item, number = entry_request(world, line)

    stored = text_of(raw_rows("people_changerequestitem", "id", item.pk))
    stored += text_of(raw_rows("people_historicalchangerequestitem", "id", item.pk))

    assert number not in stored
    assert mask_id_number(number) in stored
    item = ChangeRequestItem.objects.get(pk=item.pk)
    assert item.id_number == number
    assert item.data["new_person"]["id_number"] != number


def test_an_approved_entry_registers_the_sealed_number(world):
    line = builders.quota(world.unit, approved=2)
    request, _, number = entry_request(world, line)
    services.request_submit(request=request, actor=world.users["clerk"])
    services.request_review(request=request, actor=world.users["reviewer"], comment="同意")

    services.request_approve(request=request, actor=world.users["office_staff"])

    assert Person.objects.by_id_number(number).get().name == "李娜"


def test_the_same_number_twice_in_one_request_is_still_refused(world):
    line = builders.quota(world.unit, approved=2)
    request, _, number = entry_request(world, line)

    assert request.items.filter(id_number_index=idcrypto.blind_index(number)).exists()


def test_a_correction_of_the_number_is_sealed_and_applied(world):
    line = builders.quota(world.unit, approved=2)
    record = builders.enter(builders.person(world.region, "张伟"), line)
    corrected = builders.id_number(male=True)
    request = services.request_create(
        institution=world.unit,
        kind=RequestKind.CORRECTION,
        occurred_on=day(3, 2),
        reason="身份证号录错",
        evidence="户籍证明",
        actor=world.users["clerk"],
    )
    item = services.item_add(
        request=request,
        actor=world.users["clerk"],
        person=record.person,
        record=record,
        data={"person": {"id_number": corrected}},
    )

    stored = text_of(raw_rows("people_changerequestitem", "id", item.pk))
    assert corrected not in stored
    for full, shown in ((True, corrected), (False, mask_id_number(corrected))):
        (row,) = describe_items(request, [item], full_id_numbers=full)
        assert (
            "身份证号",
            f"{record.person.id_number if full else mask_id_number(record.person.id_number)} → {shown}",
        ) in row.details

    services.request_submit(request=request, actor=world.users["clerk"])
    services.request_review(request=request, actor=world.users["reviewer"], comment="同意")
    services.request_approve(request=request, actor=world.users["office_staff"])
    record.person.refresh_from_db()
    assert record.person.id_number == corrected


def labelled(changes) -> set[tuple[str, str]]:
    return {(change.label, change.new) for change in changes}


def test_the_history_page_shows_the_number_as_the_viewer_may_see_it(region):
    person = builders.person(region)

    full = labelled(change_log(person, policy=FULL)[0].changes)
    masked = labelled(change_log(person, policy=MASKED)[0].changes)

    assert ("身份证号", person.id_number) in full
    assert ("身份证号", mask_id_number(person.id_number)) in masked
    assert not any("索引" in label or "脱敏" in label for label, _ in full)


def test_a_whole_number_is_found_through_the_blind_index(region):
    person = builders.person(region)
    builders.person(region, name="李娜", male=False)

    assert list(Person.objects.by_id_number(person.id_number)) == [person]
    assert list(Person.objects.by_id_number(person.id_number.lower())) == [person]
    assert not Person.objects.by_id_number(person.id_number[:10]).exists()


def test_a_number_is_registered_once_with_the_same_message(region, actor):
    person = builders.person(region)

    with pytest.raises(ValidationError) as refused:
        Person(id_number=person.id_number, name="重复", region=region).full_clean()

    assert refused.value.message_dict["id_number"] == [ID_NUMBER_REGISTERED]


def test_an_unchanged_number_keeps_its_ciphertext(region):
    person = builders.person(region)
    stored = person.id_number_encrypted

    person.id_number = person.id_number.lower()

    assert person.id_number_encrypted == stored


def test_rotation_re_encrypts_people_and_history_and_the_old_key_can_go(region, actor, settings):
    settings.ID_KEY = OLD_KEY
    settings.ID_KEYS_OLD = []
    person = builders.person(region)
    number = person.id_number
    services.person_update(person=person, actor=actor, reason="更正姓名", changes={"name": "张卫"})
    settings.ID_INDEX_KEY = "a-new-index-key-" * 4

    settings.ID_KEY, settings.ID_KEYS_OLD = NEW_KEY, [OLD_KEY]
    call_command("rotate_id_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.ID_KEYS_OLD = []

    person = Person.objects.get(pk=person.pk)
    history = list(person.history.order_by("history_id"))
    assert person.id_number == number
    assert [h.instance.id_number for h in history] == [number] * 3
    assert history[-1].history_change_reason == REASON
    assert change_log(person, policy=FULL)[0].changes == []  # same number, new ciphertext
    assert list(Person.objects.by_id_number(number)) == [person]
    with pytest.raises(InvalidToken):
        Fernet(OLD_KEY).decrypt(person.id_number_encrypted.encode())
    for row in history:
        with pytest.raises(InvalidToken):
            Fernet(OLD_KEY).decrypt(row.id_number_encrypted.encode())


def test_rotation_re_encrypts_request_items_and_their_data(world, settings):
    settings.ID_KEY, settings.ID_KEYS_OLD = OLD_KEY, []
    line = builders.quota(world.unit, approved=2)
    _, item, number = entry_request(world, line)

    settings.ID_KEY, settings.ID_KEYS_OLD = NEW_KEY, [OLD_KEY]
    call_command("rotate_id_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.ID_KEYS_OLD = []

    item = ChangeRequestItem.objects.get(pk=item.pk)
    assert item.id_number == number
    assert idcrypto.open_part(item.data, "new_person")["id_number"] == number
    for row in item.history.all():
        assert row.instance.id_number == number
        assert idcrypto.open_part(row.data, "new_person")["id_number"] == number
