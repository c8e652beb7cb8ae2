"""Rule 14: one policy decides full or masked ID numbers for every output, and wherever a number is
masked its birth date is the year only — no reader rebuilds a number from what is printed."""

import datetime
import hashlib
import io

import pytest
from django.urls import reverse

from bianzhi import ledgers, privacy
from bianzhi.ledgers import write_ledger
from certificates.models import Certificate
from people import services
from tests.certificates.scene import issued
from tests.kit import builders
from tests.kit.privacy import (
    assert_no_rebuild,
    html_rows,
    pdf_rows,
    rebuilt_numbers,
    workbook_rows,
)
from tests.kit.world import ROLES

pytestmark = pytest.mark.django_db
MASKED_ROLES = ("partner", "clerk")
BIRTHS = (datetime.date(1985, 3, 9), datetime.date(1990, 11, 23), datetime.date(1972, 7, 1))


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def scene(world, _media_in_tmp):
    """本单位 with three people born on different days, one of whom left, a certificate whose
    stored PDF holds their full numbers, and a correction of a birth date in the history."""
    line = builders.quota(world.unit, approved=10)
    records = [
        builders.enter(builders.person(world.region, name, birth=birth), line)
        for name, birth in zip(("王建国", "李秀英", "张志强"), BIRTHS, strict=True)
    ]
    certificate = issued(world.unit, store_pdf=True)
    services.exit_register(
        record=records[2],
        ended_on=builders.ENTERED,
        end_reason="other",
        actor=world.users["office_staff"],
    )
    return world, [record.person for record in records], certificate


def test_the_attack_rebuilds_a_number_from_its_mask_and_a_full_birth_date():
    """The helper the tests below rely on: it does rebuild where a page prints the full date."""
    number = builders.id_number(birth=BIRTHS[0], male=True)
    masked = privacy.mask_id_number(number)
    assert rebuilt_numbers([f"{masked} 1985-03-09"], [number]) == {number}
    assert rebuilt_numbers([f"<td>{masked}</td><td>1985年</td>"], [number]) == set()


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_full_numbers(world, role):
    """Office roles and partners allowed them, within their scope; never outside it."""
    user = world.users[role]
    full = role in ("office_admin", "office_staff")
    assert privacy.may_see_full_id_numbers(user, institution=world.unit) is full
    assert privacy.may_see_full_id_numbers(user, institution=world.foreign) is False
    user.scope.may_see_full_id = True
    user.scope.save()
    assert privacy.may_see_full_id_numbers(user, institution=world.unit) is (
        full or role == "partner"
    )


def masked_pages(world, persons, certificate, role) -> dict[str, str]:
    pages = {
        "roster": reverse("people:person_list") + "?status=",
        "certificate print": reverse("certificates:certificate_print", args=[certificate.pk]),
        "certificate history": reverse("certificates:certificate_history", args=[certificate.pk]),
        "as-of": reverse("people:institution_asof", args=[world.unit.pk]),
    }
    for person in persons:
        pages[f"{person.name} detail"] = reverse("people:person_detail", args=[person.pk])
        pages[f"{person.name} history"] = reverse("people:person_history", args=[person.pk])
    if role == "partner":
        pages["overview"] = reverse("people:overview")
        pages["duplicates"] = reverse("people:overview_duplicates")
    return pages


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_no_masked_page_lets_a_reader_rebuild_a_number(client, scene, role):
    world, persons, certificate = scene
    real = [person.id_number for person in persons]
    client.force_login(world.users[role])
    for where, url in masked_pages(world, persons, certificate, role).items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_no_rebuild(html_rows(response.content.decode()), real, where)


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_no_masked_export_lets_a_reader_rebuild_a_number(scene, role, tmp_path):
    world, persons, _ = scene
    real = [person.id_number for person in persons]
    user = world.users[role]
    for kind in ("roster", "leavers"):
        target = tmp_path / f"{kind}.xlsx"
        params = {"since": (builders.ENTERED - datetime.timedelta(days=1)).isoformat()}
        written = write_ledger(ledgers.get(kind), user=user, params=params, target=target)
        assert written, kind
        rows = workbook_rows(target.read_bytes())
        assert any("*" * 8 in row for row in rows), kind
        assert_no_rebuild(rows, real, kind)


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_the_stored_pdf_is_only_for_full_numbers_others_get_it_masked(client, scene, role):
    world, persons, certificate = scene
    url = reverse("certificates:certificate_pdf", args=[certificate.pk])
    client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() != certificate.pdf_sha256
    rows = pdf_rows(data)
    assert any(privacy.mask_id_number(persons[0].id_number) in row for row in rows)
    assert_no_rebuild(rows, [person.id_number for person in persons], "pdf")


@pytest.mark.parametrize("role", ["office_admin", "office_staff", "partner"])
def test_roles_that_may_see_full_numbers_get_the_stored_pdf(client, scene, role):
    world, persons, certificate = scene
    if role == "partner":
        world.users[role].scope.may_see_full_id = True
        world.users[role].scope.save()
    client.force_login(world.users[role])
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.pk]))
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    text = client.get(reverse("certificates:certificate_print", args=[certificate.pk]))
    assert persons[0].id_number in text.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_certificate_print_and_history_show_numbers_as_the_policy_says(client, scene, role):
    """The access matrix of the certificate views meets the masking policy (rule 14)."""
    world, persons, certificate = scene
    full = role in ("office_admin", "office_staff")
    client.force_login(world.users[role])
    for name in ("certificate_print", "certificate_history"):
        page = client.get(reverse(f"certificates:{name}", args=[certificate.pk])).content.decode()
        assert (persons[0].id_number in page) is full, name
        assert privacy.mask_id_number(persons[0].id_number) in page or full, name


def test_a_certificate_outside_the_scope_is_not_found(client, scene):
    world, _, _ = scene
    foreign = issued(world.foreign)
    client.force_login(world.users["partner"])
    for name in ("certificate_print", "certificate_pdf", "certificate_history"):
        response = client.get(reverse(f"certificates:{name}", args=[foreign.pk]))
        assert response.status_code == 404, name
    assert Certificate.objects.count() == 2


def test_masked_history_values_keep_dates_as_years_and_numbers_masked():
    policy = privacy.MASKED
    number = builders.id_number(birth=BIRTHS[1], male=False)
    snapshot = {"roster": [{"id_number": number, "birth": "1990-11", "name": "李秀英"}]}
    shown = policy.scrub(snapshot)
    assert shown["roster"][0] == {
        "id_number": privacy.mask_id_number(number),
        "birth": "1990年",
        "name": "李秀英",
    }
    assert (
        policy.text(f"更正身份证号为 {number}")
        == f"更正身份证号为 {privacy.mask_id_number(number)}"
    )
    assert privacy.FULL.scrub(snapshot) is snapshot


def test_the_masked_pdf_is_rendered_through_the_certificate_pdf_path(scene):
    _, persons, certificate = scene
    from certificates import printing

    data = printing.masked_certificate_pdf(certificate)
    text = "\n".join(pdf_rows(data))
    assert persons[0].name in text
    assert persons[0].id_number not in text
    assert io.BytesIO(data).read(4) == b"%PDF"
