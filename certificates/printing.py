"""Printing: the QR code of the verification page, and the PDF of an issued certificate.

The PDF engine is WeasyPrint; it needs Pango and a CJK font from the system. One
FontConfiguration is shared by the whole process: building one reads every font on the machine.
"""

import hashlib
import threading
from functools import cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from bianzhi.privacy import FULL, MASKED, IdPolicy

PDF_ENGINE_MISSING = (
    "无法生成 PDF：未能加载 PDF 引擎 WeasyPrint（%(error)s）。请在服务器上执行 "
    "“pip install 'weasyprint>=62,<71'”，并安装系统软件包 libpango-1.0-0、libpangoft2-1.0-0、"
    "libharfbuzz-subset0 和中文字体 fonts-noto-cjk（Debian/Ubuntu：apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk），然后重启服务。"
)


class PdfEngineMissing(RuntimeError):
    pass


def verification_url(code: str, base: str | None = None) -> str:
    base = (base or settings.BIANZHI["VERIFY_BASE_URL"]).rstrip("/")
    return base + reverse("certificates:verify", args=[code])


def qr_svg(data: str, *, scale: int = 3) -> str:
    """The QR code of ``data`` as inline SVG (no image files, no network)."""
    svg = segno.make(data, error="m").svg_inline(scale=scale, border=2)
    # segno's own markup: the data is encoded as modules, never as text.
    return mark_safe(svg)


@cache
def _engine():
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:
        raise PdfEngineMissing(PDF_ENGINE_MISSING % {"error": error}) from error
    return weasyprint, FontConfiguration()


_render_lock = threading.Lock()


def pdf_engine_problem() -> str | None:
    """The message saying what to install, or None when the engine loads."""
    try:
        _engine()
    except PdfEngineMissing as error:
        return str(error)
    return None


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    weasyprint, fonts = _engine()
    # The shared FontConfiguration is not safe for two renders at once.
    with _render_lock:
        return weasyprint.HTML(string=html, base_url=base_url).write_pdf(font_config=fonts)


def certificate_html(
    certificate,
    *,
    verify_base: str | None = None,
    for_pdf: bool = False,
    policy: IdPolicy = FULL,
) -> str:
    from .selectors import print_context

    context = print_context(certificate, verify_base=verify_base, policy=policy)
    context["for_pdf"] = for_pdf
    return render_to_string("certificates/certificate_print.html", context)


def certificate_pdf(certificate) -> tuple[bytes, str]:
    """The PDF of the certificate as issued, and its SHA-256."""
    data = render_pdf(certificate_html(certificate, for_pdf=True), base_url=str(settings.BASE_DIR))
    return data, hashlib.sha256(data).hexdigest()


def masked_certificate_pdf(certificate) -> bytes:
    """The certificate's PDF for a user who may not see full ID numbers (rule 14): rendered now
    through the same path, the roster masked; the stored PDF holds full numbers."""
    html = certificate_html(certificate, for_pdf=True, policy=MASKED)
    return render_pdf(html, base_url=str(settings.BASE_DIR))
