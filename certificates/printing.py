"""Printing: the verification address and its QR code, the print page, and the PDF of an issued
certificate (laid out by certificates.booklet in the PDF engine process, bianzhi.pdf)."""

import hashlib
import ipaddress
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from bianzhi.pdf import renderer
from bianzhi.privacy import MASKED

from .booklet import booklet_pdf

VERIFY_BASE_UNSET = (
    "未设置核验地址：证书的二维码和核验地址将指向“%(base)s”，发证后即冻结在证书和 PDF 中，"
    "外部无法访问。请设置环境变量 BIANZHI_VERIFY_BASE_URL 为本系统对外的访问地址"
    "（如 https://bianzhi.example.gov.cn）并重启服务后再发证。"
)
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", ""}


def verify_base() -> str:
    return settings.BIANZHI["VERIFY_BASE_URL"].rstrip("/")


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def verify_base_problem() -> str | None:
    """In production, why certificates cannot be issued with the configured address (it is
    frozen into every certificate's QR code and PDF); None when it is fine or in development
    (``VERIFY_BASE_REQUIRED`` is off under DEBUG=1)."""
    if not settings.BIANZHI["VERIFY_BASE_REQUIRED"]:
        return None
    base = verify_base()
    if not base or is_loopback(base):
        return VERIFY_BASE_UNSET % {"base": base or "（空）"}
    return None


def verification_url(code: str, base: str | None = None) -> str:
    """Print page and PDF alike use the configured address, never the request's host."""
    return (base or verify_base()).rstrip("/") + reverse("certificates:verify", args=[code])


def qr_svg(data: str, *, scale: int = 3) -> str:
    """The QR code of ``data`` as inline SVG (no image files, no network)."""
    svg = segno.make(data, error="m").svg_inline(scale=scale, border=2)
    # segno's own markup: the data is encoded as modules, never as text.
    return mark_safe(svg)


def pdf_engine_problem() -> str | None:
    """The message saying what to install, or None when the engine loads."""
    return renderer.engine_problem()


def certificate_pdf(certificate, *, progress=None) -> tuple[bytes, str]:
    """The PDF of the certificate as issued (its change and review pages blank, as handed
    over), and its SHA-256: rendering the same snapshot again gives the same bytes."""
    data = booklet_pdf(certificate, progress=progress)
    return data, hashlib.sha256(data).hexdigest()


def masked_certificate_pdf(certificate) -> bytes:
    """The certificate's PDF for a user who may not see full ID numbers (rule 14): rendered now
    through the same path, the roster masked; the stored PDF holds full numbers."""
    return booklet_pdf(certificate, policy=MASKED)
