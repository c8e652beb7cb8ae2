"""Uploaded files that the site stores and serves back: document scans (批准文件扫描件) and the
attachments (附件) of change requests, adjustments and publicity objections.

A file is accepted only if its content is a PDF, JPEG or PNG, told by its first bytes (never by
its name or the browser's declared type), and within the size limit
(``BIANZHI["UPLOAD_MAX_BYTES"]``). Serving goes through ``stored_file_response``: the content
type comes from the same check of the stored bytes, with ``nosniff``; PDFs and images are shown
inline under a sandboxing Content-Security-Policy, anything else (files stored before this check
existed) is a download of ``application/octet-stream``. An HTML or SVG file can therefore never
run as a page of the site.
"""

import enum
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.http import FileResponse

from bianzhi.excel.safety import human_size

NOT_ACCEPTED = "只接受 PDF、JPG 或 PNG 格式的扫描件；该文件的内容不是这几种格式（与文件名无关）。"
ATTACHMENT_NOT_ACCEPTED = (
    "只接受 PDF、JPG 或 PNG 格式的附件；该文件的内容不是这几种格式（与文件名无关）。"
)
EMPTY_UPLOAD = "上传的文件是空的。"
UPLOAD_TOO_LARGE = "文件大小为 %(size)s，超过上限 %(limit)s，请压缩或分页扫描后上传。"
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
_HEAD = 16


class Kind(enum.Enum):
    """An accepted kind of file: its content type and the extension it is stored with."""

    PDF = ("application/pdf", ".pdf")
    JPEG = ("image/jpeg", ".jpg")
    PNG = ("image/png", ".png")

    @property
    def content_type(self) -> str:
        return self.value[0]

    @property
    def extension(self) -> str:
        return self.value[1]


_MAGIC = (
    (b"%PDF-", Kind.PDF),
    (b"\xff\xd8\xff", Kind.JPEG),
    (b"\x89PNG\r\n\x1a\n", Kind.PNG),
)


def kind_of(head: bytes) -> Kind | None:
    """The accepted kind whose signature ``head`` (a file's first bytes) starts with."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _read_head(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(_HEAD)
    file.seek(position)
    return head


def validate_scan(upload, *, not_accepted: str = NOT_ACCEPTED) -> Kind:
    """Refuse ``upload`` unless it is a PDF, JPEG or PNG by content and within the size limit;
    rename it to the extension of its kind (a stored name never says ``.html``)."""
    limit = settings.BIANZHI["UPLOAD_MAX_BYTES"]
    if upload.size == 0:
        raise forms.ValidationError(EMPTY_UPLOAD, code="empty")
    if upload.size > limit:
        raise forms.ValidationError(
            UPLOAD_TOO_LARGE % {"size": human_size(upload.size), "limit": human_size(limit)},
            code="too_large",
        )
    kind = kind_of(_read_head(upload))
    if kind is None:
        raise forms.ValidationError(not_accepted, code="not_accepted")
    stem = PurePosixPath(upload.name).stem or "scan"
    upload.name = f"{stem}{kind.extension}"
    return kind


class ScanField(forms.FileField):
    """A form field for a scan: ``validate_scan`` on every new upload."""

    def __init__(self, *, not_accepted: str = NOT_ACCEPTED, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.png"}))
        kwargs.setdefault("help_text", "PDF、JPG 或 PNG 格式。")
        super().__init__(**kwargs)
        self.not_accepted = not_accepted

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        # A new upload has a ``size`` and no storage; a kept initial file is a FieldFile.
        if value and value is not initial and hasattr(value, "content_type"):
            validate_scan(value, not_accepted=self.not_accepted)
        return value


def stored_file_response(field_file, *, filename: str = "") -> FileResponse:
    """Serve a stored upload (a ``FieldFile``) safely: see the module's docstring. ``filename``
    names the download when the stored name is not the one the user knows."""
    source = field_file.open("rb")
    kind = kind_of(_read_head(source))
    stem = PurePosixPath(filename or field_file.name).stem or "file"
    if kind is None:
        response = FileResponse(
            source,
            as_attachment=True,
            content_type="application/octet-stream",
            filename=PurePosixPath(field_file.name).name,
        )
    else:
        response = FileResponse(
            source, content_type=kind.content_type, filename=stem + kind.extension
        )
        response["Content-Security-Policy"] = SANDBOX_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
