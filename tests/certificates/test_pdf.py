"""The PDF stored at issue time: it exists, its text holds the unit name and the roster names, and
its SHA-256 is the one kept. Also: the page says what to install when the engine is missing."""

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from bianzhi.pdf import renderer
from certificates import rendering
from tests.kit.factories import PublicInstitutionFactory

from .scene import ROSTER, issued, staffed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="需要 poppler-utils（pdftotext）"),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def pdf_text(source) -> str:
    """The text of a PDF given as bytes, or of a certificate's stored (encrypted) PDF."""
    data = source if isinstance(source, bytes) else rendering.stored_pdf(source)
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, check=True, capture_output=True
    ).stdout.decode()


def test_the_issued_pdf_holds_the_unit_and_its_roster_and_its_hash_matches(world, client):
    certificate = issued(staffed(world.unit), store_pdf=True)

    assert certificate.pdf
    at_rest = Path(certificate.pdf.path).read_bytes()
    assert hashlib.sha256(at_rest).hexdigest() == certificate.pdf_file_sha256
    data = rendering.stored_pdf(certificate)
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    text = pdf_text(data)
    assert "示例县本单位" in text
    for name in ROSTER:
        assert name in text
    assert certificate.number in text and certificate.code in text
    assert "单位留存" in text and "编办存档" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "certificate.pdf").write_bytes(data)

    # The stored PDF holds full ID numbers: it is served to roles that may see them (rule 14).
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
        certificate.pdf_sha256
    )


def test_a_long_roster_repeats_its_header_on_every_page(world):
    names = [f"人员{i:03d}" for i in range(60)]
    unit = staffed(PublicInstitutionFactory(region=world.region, full_name="示例县大单位"), names)
    certificate = issued(unit, store_pdf=True)
    pages = pdf_text(certificate).split("\f")
    roster_pages = [page for page in pages if re.search(r"\d{17}[\dX]", page)]
    assert len(roster_pages) >= 4  # two copies, each over at least two pages
    assert all("身份证号" in page and "入编时间" in page for page in roster_pages)


def test_without_the_pdf_engine_the_pages_say_what_to_install(world, client, monkeypatch):
    def missing(html, base_url=None):
        raise renderer.PdfEngineMissing(renderer.PDF_ENGINE_MISSING % {"error": "No module"})

    monkeypatch.setattr(renderer, "render", missing)
    monkeypatch.setattr(renderer, "_engine", None)  # no engine of this worker has rendered yet
    certificate = issued(staffed(world.unit), store_pdf=True)
    assert not certificate.pdf and certificate.status == "valid"
    client.force_login(world.users["office_staff"])
    detail = client.get(certificate.get_absolute_url()).content.decode()
    assert "pip install" in detail and "fonts-noto-cjk" in detail
    response = client.get(reverse("certificates:certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 404
    assert "libpango-1.0-0" in response.content.decode()
