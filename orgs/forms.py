from django import forms
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import DateInput, ReasonFormMixin, ScopedFormMixin, date_widgets
from bianzhi.pickers import unit_picker
from bianzhi.uploads import ScanField

from .choices import Status
from .models import ApprovalDocument, Institution, InternalDepartment
from .picker import InstitutionPicker

DOCUMENT_NOT_FOUND = "未找到文号为“%(value)s”的批准文件，请先在“批准文件”中登记。"


class DocumentNumberField(forms.ModelChoiceField):
    """An approval document typed by its number (文号), resolved within the user's scope."""

    default_error_messages = {"invalid_choice": DOCUMENT_NOT_FOUND}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "依据文件文号")
        kwargs.setdefault("help_text", "填写已登记的文号，例如：示编发〔2026〕12号")
        super().__init__(
            queryset=ApprovalDocument.objects.all(),
            to_field_name="number",
            widget=forms.TextInput(attrs={"placeholder": "示编发〔2026〕12号"}),
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class InstitutionForm(ScopedFormMixin, ReasonFormMixin, forms.ModelForm):
    establishing_document = DocumentNumberField(label="设立文件文号", required=False)
    document = DocumentNumberField(
        required=False, help_text="本次新增或修改所依据的文件（选填），将记入变更历史"
    )

    class Meta:
        model = Institution
        fields = [
            "full_name",
            "short_name",
            "other_names",
            "region",
            "parent",
            "relation",
            "kind",
            "system",
            "category",
            "level",
            "public_service_class",
            "sector",
            "credit_code",
            "legal_person_cert_no",
            "legal_representative",
            "purpose_and_scope",
            "establishing_document",
            "established_on",
            "main_duties",
            "sort_order",
        ]
        widgets = {
            **date_widgets(Institution),
            "main_duties": forms.Textarea(attrs={"rows": 4}),
            "purpose_and_scope": forms.Textarea(attrs={"rows": 3}),
            "parent": unit_picker(filters={"status": Status.ACTIVE}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.fields["parent"].queryset.filter(status=Status.ACTIVE)
        if self.instance.pk is None:
            self.fields["reason"].initial = "新设机构"


class DepartmentForm(ScopedFormMixin, ReasonFormMixin, forms.ModelForm):
    document = DocumentNumberField(required=False, help_text="所依据的文件（选填）")

    class Meta:
        model = InternalDepartment
        fields = ["institution", "name", "level", "main_duties", "sort_order"]
        widgets = {
            "main_duties": forms.Textarea(attrs={"rows": 3}),
            "institution": unit_picker(filters={"status": Status.ACTIVE}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = self.fields["institution"].queryset.filter(
            status=Status.ACTIVE
        )
        if self.instance.pk is None:
            self.fields["reason"].initial = "新设内设机构"
        else:
            self.fields["institution"].disabled = True


class DocumentForm(ScopedFormMixin, ReasonFormMixin, forms.ModelForm):
    scan = ScanField(label="扫描件", required=False)

    class Meta:
        model = ApprovalDocument
        fields = [
            "number",
            "title",
            "issuer",
            "issued_on",
            "region",
            "institutions",
            "scan",
            "notes",
        ]
        widgets = {
            **date_widgets(ApprovalDocument),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "institutions": InstitutionPicker(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].help_text = "输入单位名称搜索，勾选后加入"
        if self.instance.pk is None:
            self.fields["reason"].initial = "登记批准文件"
            scope = access.user_scope(self.user)
            if scope is not None and scope.region_id:
                self.fields["region"].initial = scope.region_id


class AbolishForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    document = DocumentNumberField(label="撤销文件文号", help_text="撤销所依据的批准文件")
    abolished_on = forms.DateField(label="撤销日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["abolished_on"].initial = timezone.localdate()
        self.fields["reason"].initial = "依文撤销"
