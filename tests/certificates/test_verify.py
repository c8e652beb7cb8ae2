"""The public verification page: reached by the short code without login, it says whether the
edition is current, replaced or withdrawn, and shows no personal data."""

import pytest
from django.urls import reverse

from bianzhi.history import system_actor
from certificates import services

from .scene import ROSTER, issued, staffed

pytestmark = pytest.mark.django_db


def answer(client, code: str):
    response = client.get(reverse("certificates:verify", args=[code]))
    return response, response.content.decode()


def assert_no_personal_data(text: str, certificate):
    for row in certificate.snapshot["roster"]:
        assert row["name"] not in text
        assert row["id_number"] not in text and row["id_number"][:6] + "*" not in text


def test_a_current_certificate_is_confirmed_without_login(client, world):
    certificate = issued(staffed(world.unit))
    response, text = answer(client, certificate.code)
    assert response.status_code == 200
    assert 'data-answer="current"' in text
    assert "本证书为现行有效版本" in text
    assert certificate.number in text and "示例县本单位" in text
    assert_no_personal_data(text, certificate)
    assert set(ROSTER) & {row["name"] for row in certificate.snapshot["roster"]}


def test_a_replaced_edition_names_its_successor(client, world):
    first = issued(staffed(world.unit))
    second = services.certificate_reissue(certificate=first, actor=system_actor(), store_pdf=False)
    _, old = answer(client, first.code)
    assert 'data-answer="replaced"' in old and second.number in old
    assert_no_personal_data(old, first)
    _, new = answer(client, second.code.lower())
    assert 'data-answer="current"' in new


def test_a_withdrawn_certificate_is_reported_withdrawn(client, world):
    certificate = issued(staffed(world.unit))
    services.certificate_withdraw(certificate=certificate, actor=system_actor(), reason="机构撤销")
    _, text = answer(client, certificate.code)
    assert 'data-answer="withdrawn"' in text and "已收回" in text
    assert_no_personal_data(text, certificate)


def test_an_unknown_code_is_not_found_and_the_lookup_form_redirects(client, world):
    certificate = issued(staffed(world.unit))
    response, text = answer(client, "ZZZZ2222")
    assert response.status_code == 404 and 'data-answer="not_found"' in text
    form = client.get(reverse("certificates:verify_lookup"))
    assert form.status_code == 200
    found = client.get(reverse("certificates:verify_lookup"), {"code": f" {certificate.code} "})
    assert found.url == reverse("certificates:verify", args=[certificate.code])


def test_the_printed_copies_carry_the_code_and_a_qr_code(client, world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "VERIFY_BASE_URL": "https://bz.example.gov.cn/"}
    certificate = issued(staffed(world.unit))
    client.force_login(world.users["clerk"])
    text = client.get(reverse("certificates:certificate_print", args=[certificate.pk])).content
    text = text.decode()
    assert text.count(certificate.code) >= 2 and text.count("<svg") == 2
    # The configured address, as in the PDF, never the host the page was asked from.
    assert f"https://bz.example.gov.cn/certificates/verify/{certificate.code}/" in text
    assert "testserver" not in text


@pytest.mark.parametrize("typed", ["a/b", "../", "/", "?#", "码"])
def test_a_code_with_characters_no_code_has_is_answered_not_crashed(client, typed):
    response = client.get(reverse("certificates:verify_lookup"), {"code": typed}, follow=True)

    assert response.status_code in {200, 404}
    assert response.status_code == 200 or 'data-answer="not_found"' in response.content.decode()
