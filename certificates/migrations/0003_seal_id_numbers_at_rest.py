"""Certificates issued before ID numbers were encrypted at rest: seal the numbers in their
snapshots (live and history rows) and encrypt their stored PDF files."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations


def seal_existing(apps, schema_editor):
    from certificates.sealing import PDF_MAGIC, seal, seal_pdf

    Certificate = apps.get_model("certificates", "Certificate")
    History = apps.get_model("certificates", "HistoricalCertificate")
    rows = list(History.objects.all())
    for row in rows:
        row.snapshot = seal(row.snapshot)
    History.objects.bulk_update(rows, ["snapshot"], batch_size=500)
    certificates = list(Certificate.objects.all())
    for certificate in certificates:
        certificate.snapshot = seal(certificate.snapshot)
        name = certificate.pdf.name if certificate.pdf else ""
        if name and default_storage.exists(name):
            with default_storage.open(name, "rb") as source:
                data = source.read()
            if data.startswith(PDF_MAGIC):
                stored, digest = seal_pdf(data)
                default_storage.delete(name)
                certificate.pdf = default_storage.save(name, ContentFile(stored))
                certificate.pdf_file_sha256 = digest
    Certificate.objects.bulk_update(
        certificates, ["snapshot", "pdf", "pdf_file_sha256"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_pdf_job_and_file_hash")]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
