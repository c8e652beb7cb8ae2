"""Certificates at rest (issue 15 item 17): the frozen snapshot (live and history rows) and the
stored PDF file hold no full ID number; printing, the stored PDF, the masked PDF, the backup
manifest's hashes and a key rotation all keep working."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from bianzhi.backup import manifest
from certificates import rendering
from certificates.models import Certificate
from certificates.sealing import SEALED, unseal
from people.models import Person

from .scene import issued, staffed

pytestmark = pytest.mark.django_db
EIGHTEEN_DIGITS = re.compile(rb"\d{17}[\dXx]")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils")


def raw_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT snapshot FROM {table}")
        return " ".join(str(row[0]) for row in cursor.fetchall())


def numbers(world) -> list[str]:
    return [person.id_number for person in Person.objects.filter(region=world.region)]


def test_the_stored_snapshot_and_its_history_hold_no_full_id_number(world):
    certificate = issued(staffed(world.unit))
    full = numbers(world)
    assert full
    for table in ("certificates_certificate", "certificates_historicalcertificate"):
        text = raw_text(table)
        assert not EIGHTEEN_DIGITS.search(text.encode()), table
        assert all(number not in text for number in full)
    rows = Certificate.objects.get(pk=certificate.pk).snapshot["roster"]
    assert all(SEALED in row and "*" in row["id_number"] for row in rows)
    assert sorted(row["id_number"] for row in unseal(certificate.snapshot)["roster"]) == sorted(
        full
    )


@needs_poppler
def test_the_pdf_file_on_disk_is_encrypted_and_served_decrypted(world, client):
    certificate = issued(staffed(world.unit), store_pdf=True)
    at_rest = Path(certificate.pdf.path).read_bytes()
    assert not at_rest.startswith(b"%PDF")
    assert not EIGHTEEN_DIGITS.search(at_rest)
    assert hashlib.sha256(at_rest).hexdigest() == certificate.pdf_file_sha256

    client.force_login(world.users["office_staff"])
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.pk]))
    served = b"".join(response.streaming_content)
    assert served.startswith(b"%PDF")
    assert hashlib.sha256(served).hexdigest() == certificate.pdf_sha256


@needs_poppler
def test_the_backup_manifest_checks_the_bytes_at_rest(world, settings):
    certificate = issued(staffed(world.unit), store_pdf=True)
    with connection.cursor() as cursor:
        recorded = manifest.recorded_hashes(cursor)
    files = manifest.file_hashes(Path(settings.MEDIA_ROOT))
    row = recorded["certificates.certificate"][str(certificate.pk)]
    assert row["sha256"] == certificate.pdf_file_sha256 == files[certificate.pdf.name]
    built = manifest.build(
        vendor="sqlite", counts={}, recorded=recorded, files=files, database_file="db"
    )
    assert manifest.differences(built, counts={}, recorded=recorded, files=files) == []


@needs_poppler
def test_key_rotation_re_encrypts_snapshots_and_pdf_files(world, settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ID_KEY, settings.ID_KEYS_OLD = old_key, []
    certificate = issued(staffed(world.unit), store_pdf=True)
    plain_pdf = rendering.stored_pdf(certificate)
    opened = unseal(certificate.snapshot)

    settings.ID_KEY, settings.ID_KEYS_OLD = new_key, [old_key]
    call_command("rotate_id_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.ID_KEYS_OLD = []

    certificate = Certificate.objects.get(pk=certificate.pk)
    assert unseal(certificate.snapshot) == opened
    assert rendering.stored_pdf(certificate) == plain_pdf
    at_rest = certificate.pdf.open("rb").read()
    assert hashlib.sha256(at_rest).hexdigest() == certificate.pdf_file_sha256
    with pytest.raises(InvalidToken):
        Fernet(old_key).decrypt(at_rest)
    for record in certificate.history.all():
        for row in record.snapshot["roster"]:
            with pytest.raises(InvalidToken):
                Fernet(old_key).decrypt(row[SEALED].encode())
