"""Document scans: only PDF, JPEG and PNG by content are accepted, and what is served can never
run as a page of the site (stored XSS through an HTML or SVG scan)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bianzhi import uploads
from orgs.models import ApprovalDocument
from tests.kit.clock import YEAR, day

from .test_views import document_for

HTML = b"<html><body><script>fetch('/admin/').then(r => r.text())</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_document(client, world, scan):
    client.force_login(world.users["office_staff"])
    institution = world.unit
    data = {
        "number": f"示编发〔{YEAR}〕77号",
        "title": "关于调整机构编制的批复",
        "issuer": "示例县机构编制委员会",
        "issued_on": day(3, 1).isoformat(),
        "region": institution.region_id,
        "institutions": [institution.pk],
        "reason": "登记批准文件",
        "scan": scan,
    }
    return client.post(reverse("orgs:document_add"), data)


@pytest.mark.parametrize(
    "name, content, declared",
    [
        ("scan.html", HTML, "text/html"),
        ("scan.svg", SVG, "image/svg+xml"),
        ("scan.pdf", HTML, "application/pdf"),  # an HTML file named and declared as a PDF
    ],
)
def test_a_scan_that_is_not_pdf_jpeg_or_png_by_content_is_refused(
    client, world, media, name, content, declared
):
    response = add_document(client, world, SimpleUploadedFile(name, content, declared))
    assert response.status_code == 200
    assert uploads.NOT_ACCEPTED in response.context["form"].errors["scan"]
    assert not ApprovalDocument.objects.filter(title="关于调整机构编制的批复").exists()


def test_a_scan_over_the_size_limit_is_refused(client, world, media, settings):
    settings.BIANZHI = {**settings.BIANZHI, "UPLOAD_MAX_BYTES": 1024}
    response = add_document(client, world, SimpleUploadedFile("big.pdf", PDF + b"\0" * 2048))
    [message] = response.context["form"].errors["scan"]
    assert message.startswith("文件大小为")


def test_a_pdf_scan_is_accepted_and_stored_under_its_kind(client, world, media):
    response = add_document(client, world, SimpleUploadedFile("批复.htm", PDF, "text/html"))
    assert response.status_code == 302
    document = ApprovalDocument.objects.get(title="关于调整机构编制的批复")
    assert document.scan.name.endswith("批复.pdf")


def serve(client, world, document):
    client.force_login(world.users["office_staff"])
    return client.get(reverse("orgs:document_scan", args=[document.pk]))


def test_a_pdf_scan_is_served_inline_sandboxed(client, world, media):
    document = document_for(world, world.unit)
    document.scan.save("scan.pdf", ContentFile(PDF))
    response = serve(client, world, document)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert b"".join(response.streaming_content) == PDF


def test_an_image_scan_gets_its_content_type_from_its_bytes_not_its_name(client, world, media):
    document = document_for(world, world.unit)
    document.scan.save("scan.html", ContentFile(PNG))
    response = serve(client, world, document)
    assert response["Content-Type"] == "image/png"
    assert 'filename="scan.png"' in response["Content-Disposition"]


@pytest.mark.parametrize("name, content", [("old.html", HTML), ("old.svg", SVG), ("x.pdf", HTML)])
def test_a_legacy_scan_of_another_kind_is_only_downloaded(client, world, media, name, content):
    document = document_for(world, world.unit)
    document.scan.save(name, ContentFile(content))
    response = serve(client, world, document)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
