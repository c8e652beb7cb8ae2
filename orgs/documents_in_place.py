"""登记批准文件 in place: a form that cites a document by its 文号 (approving a request, entering
an adjustment) lets the user register a number that is not registered yet, in the same form,
with the same service and checks as the documents page (``services.document_create``).

The outer form mixes in ``DocumentInPlaceMixin``: its ``document`` field then yields either a
registered document or the typed number, and a checked ``register_document`` with a valid
``new_document`` subform (title, issuer, date, region defaulting to the user's, 涉及机构, scan)
registers the number when the view's service runs, inside its transaction. A two-step form
(confirmation page) keeps the scan between the steps as a signed, staged file."""

import uuid
from pathlib import PurePosixPath

from django import forms
from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from bianzhi import access
from bianzhi.forms import DateInput, ScopedFormMixin, model_data
from bianzhi.uploads import ScanField

from . import services
from .forms import DocumentNumberField
from .models import ApprovalDocument
from .picker import InstitutionPicker

REGISTER_LABEL = "该文号尚未登记，在此登记"
NOT_REGISTERED = "文号“%(value)s”尚未登记：请勾选“该文号尚未登记，在此登记”并填写文件信息。"
ALREADY_REGISTERED = "该文号已经登记，无需再登记，请取消勾选。"
COMPLETE_BELOW = "请补全下方新文件的信息。"
STAGED_SALT = "orgs.documents_in_place.scan"
STAGED_MAX_AGE = 24 * 3600
STAGED_LOST = "扫描件已失效，请重新选择。"


class DocumentOrNumberField(DocumentNumberField):
    """A registered document (in the user's scope) by its number, or the number itself."""

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return value


class NewDocumentForm(ScopedFormMixin, forms.ModelForm):
    """The new document's fields but its number, which the outer form holds."""

    scan = ScanField(label="扫描件", required=False)
    scan_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ApprovalDocument
        fields = ["title", "issuer", "issued_on", "region", "institutions", "scan"]
        widgets = {"issued_on": DateInput(), "institutions": InstitutionPicker()}

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        scope = access.user_scope(self.user)
        self.user_region = scope.region if scope is not None and scope.region_id else None
        self.fields["region"].initial = self.user_region and self.user_region.pk
        self.fields["region"].required = self.user_region is None
        self.fields["region"].help_text = "不选则为您所在的区划"
        self.default_institutions = list(institutions)
        self.fields["institutions"].initial = [i.pk for i in institutions]
        self.fields["institutions"].help_text = "输入单位名称搜索；不选则为本次涉及的单位"

    def clean_region(self):
        return self.cleaned_data.get("region") or self.user_region

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("scan_token")
        if not cleaned.get("scan") and token:
            cleaned["scan"] = self._staged(token)
        return cleaned

    def _staged(self, token: str):
        try:
            path, user_pk = signing.loads(token, salt=STAGED_SALT, max_age=STAGED_MAX_AGE)
        except signing.BadSignature:
            path, user_pk = None, None
        if user_pk != self.user.pk or not path or not default_storage.exists(path):
            self.add_error("scan", STAGED_LOST)
            return None
        self.staged_path = path
        return File(default_storage.open(path, "rb"), name=PurePosixPath(path).name)

    def stage_scan(self) -> str:
        """Keep the uploaded scan for the confirming post; the signed token that finds it."""
        scan = self.cleaned_data.get("scan")
        if not scan or not hasattr(scan, "content_type"):
            return self.cleaned_data.get("scan_token") or ""
        path = default_storage.save(f"staged/{uuid.uuid4().hex}-{scan.name}", scan)
        return signing.dumps([path, self.user.pk], salt=STAGED_SALT)

    def create(self, *, number: str, actor, institutions=()) -> ApprovalDocument:
        chosen = (
            list(self.cleaned_data["institutions"])
            or list(institutions)
            or self.default_institutions
        )
        document = services.document_create(
            actor=actor, number=number, institutions=chosen, **model_data(self)
        )
        staged = getattr(self, "staged_path", "")
        if staged:
            transaction.on_commit(lambda: default_storage.delete(staged))
        return document


class DocumentInPlaceMixin:
    """For a form with a ``document`` field: see the module's docstring. Call
    ``setup_document_in_place`` at the end of ``__init__`` and ``clean_document_in_place`` in
    ``clean``; the view's ``perform`` calls ``document_for`` inside its transaction."""

    def setup_document_in_place(self, *, institutions=()):
        old = self.fields["document"]
        field = DocumentOrNumberField(label=old.label, required=old.required)
        field.help_text = f"{old.help_text}；未登记的文号可勾选下方“{REGISTER_LABEL}”"
        field.queryset = old.queryset
        self.fields["document"] = field
        self.fields["register_document"] = forms.BooleanField(label=REGISTER_LABEL, required=False)
        names = list(self.fields)
        names.remove("register_document")
        names.insert(names.index("document") + 1, "register_document")
        self.order_fields(names)
        self.new_document = NewDocumentForm(
            self.data if self.is_bound else None,
            self.files if self.is_bound else None,
            prefix="newdoc",
            user=self.user,
            institutions=institutions,
        )

    @property
    def registers_document(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("register_document")))

    def clean_document_in_place(self, cleaned: dict) -> None:
        document, register = cleaned.get("document"), cleaned.get("register_document")
        if isinstance(document, str):
            if not register:
                self.add_error("document", NOT_REGISTERED % {"value": document})
            elif not self.new_document.is_valid():
                self.add_error("register_document", COMPLETE_BELOW)
        elif register and document is not None:
            self.add_error("register_document", ALREADY_REGISTERED)

    def document_for(self, actor, *, institutions=()) -> ApprovalDocument | None:
        """The cited document, registered now if the user registers it here."""
        document = self.cleaned_data.get("document")
        if isinstance(document, str):
            return self.new_document.create(number=document, actor=actor, institutions=institutions)
        return document
