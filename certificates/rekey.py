"""Key rotation for what certificates hold of ID numbers: the tokens in frozen snapshots (live
and history rows) and the encrypted PDF files. Registered with ``people.idcrypto.rotation_hooks``
and run by ``rotate_id_key`` inside its transaction. A snapshot or file from before encryption
is sealed on the way."""

from django.core.files.base import ContentFile
from simple_history.utils import bulk_update_with_history

from bianzhi.history import system_actor

from .models import Certificate
from .sealing import reseal, reseal_pdf

REASON = "身份证号加密密钥轮换"


def _rewrite_file(certificate: Certificate) -> None:
    storage, name = certificate.pdf.storage, certificate.pdf.name
    with storage.open(name, "rb") as source:
        stored, digest = reseal_pdf(source.read())
    storage.delete(name)
    saved = storage.save(name, ContentFile(stored))
    certificate.pdf.name = saved
    certificate.pdf_file_sha256 = digest


def rekey_certificates() -> str:
    history = Certificate.history.model
    rows = list(history._default_manager.all())
    for row in rows:
        row.snapshot = reseal(row.snapshot)
    history._default_manager.bulk_update(rows, ["snapshot"], batch_size=500)
    certificates = list(Certificate.objects.all())
    for certificate in certificates:
        certificate.snapshot = reseal(certificate.snapshot)
        if certificate.pdf:
            _rewrite_file(certificate)
    bulk_update_with_history(
        certificates,
        Certificate,
        ["snapshot", "pdf", "pdf_file_sha256"],
        batch_size=500,
        default_user=system_actor(),
        default_change_reason=REASON,
    )
    return f"已重新加密 {len(certificates)} 份证书（含 PDF 文件）和 {len(rows)} 条证书历史记录。"
