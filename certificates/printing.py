"""Printing: the QR code of the verification page, and the PDF of an issued certificate.

The PDF engine is WeasyPrint; it needs Pango and a CJK font from the system. One
FontConfiguration is shared by the whole process: building one reads every font on the machine.
"""

import hashlib
import ipaddress
import logging
import re
import threading
from contextlib import contextmanager
from functools import cache
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from bianzhi.privacy import FULL, MASKED, IdPolicy

PDF_ENGINE_MISSING = (
    "无法生成 PDF：未能加载 PDF 引擎 WeasyPrint（%(error)s）。请在服务器上执行 "
    "“pip install 'weasyprint>=62,<71'”，并安装系统软件包 libpango-1.0-0、libpangoft2-1.0-0、"
    "libharfbuzz-subset0、中文字体 fonts-noto-cjk 和 fonts-dejavu-core（Debian/Ubuntu：apt-get "
    "install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk "
    "fonts-dejavu-core），然后重启服务。"
)


VERIFY_BASE_UNSET = (
    "未设置核验地址：证书的二维码和核验地址将指向“%(base)s”，发证后即冻结在证书和 PDF 中，"
    "外部无法访问。请设置环境变量 BIANZHI_VERIFY_BASE_URL 为本系统对外的访问地址"
    "（如 https://bianzhi.example.gov.cn）并重启服务后再发证。"
)
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", ""}


class PdfEngineMissing(RuntimeError):
    pass


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


BLANK_PAGE = "<style>@page { size: A4; margin: 0; }</style>"
PAGE_LAID_OUT = re.compile(r"Step 5 - Creating layout - Page (\d+)")


class _PageCounter(logging.Handler):
    def __init__(self, progress):
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record):
        found = PAGE_LAID_OUT.match(record.getMessage())
        if found:
            self.progress(int(found.group(1)))


@contextmanager
def _pages_reported(progress):
    """WeasyPrint logs each page it lays out on its progress logger: the count is the
    progress of a long roster."""
    if progress is None:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler, level = _PageCounter(progress), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def render_pdf(html: str, base_url: str | None = None, *, progress=None) -> bytes:
    """``progress(pages)`` is called as pages are laid out. The document carries no dates, so
    the same HTML gives the same bytes."""
    weasyprint, fonts = _engine()
    # The shared FontConfiguration is not safe for two renders at once.
    with _render_lock, _pages_reported(progress):
        document = weasyprint.HTML(string=html, base_url=base_url).render(font_config=fonts)
        if len(document.pages) % 2:
            # Double-sided printing: the last copy, too, ends on a back side.
            blank = weasyprint.HTML(string=BLANK_PAGE).render(font_config=fonts)
            document = document.copy([*document.pages, *blank.pages])
        if progress is not None:
            progress(len(document.pages))
        return document.write_pdf()


def certificate_html(
    certificate,
    *,
    for_pdf: bool = False,
    policy: IdPolicy = FULL,
    as_issued: bool = False,
    inner_only: bool = False,
) -> str:
    from .selectors import print_context

    context = print_context(certificate, policy=policy, as_issued=as_issued)
    context.update(for_pdf=for_pdf, inner_only=inner_only)
    return render_to_string("certificates/certificate_print.html", context)


def certificate_pdf(certificate, *, progress=None) -> tuple[bytes, str]:
    """The PDF of the certificate as issued (its change and review pages blank, as handed
    over), and its SHA-256: rendering the same snapshot again gives the same bytes."""
    html = certificate_html(certificate, for_pdf=True, as_issued=True)
    data = render_pdf(html, base_url=str(settings.BASE_DIR), progress=progress)
    return data, hashlib.sha256(data).hexdigest()


def masked_certificate_pdf(certificate) -> bytes:
    """The certificate's PDF for a user who may not see full ID numbers (rule 14): rendered now
    through the same path, the roster masked; the stored PDF holds full numbers."""
    html = certificate_html(certificate, for_pdf=True, policy=MASKED, as_issued=True)
    return render_pdf(html, base_url=str(settings.BASE_DIR))
