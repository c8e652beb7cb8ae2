"""Forms of the certificates app. Choices are restricted to the user's scope."""

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput, ReasonFormMixin, ScopedFormMixin
from bianzhi.pickers import unit_picker
from bianzhi.uploads import ATTACHMENT_NOT_ACCEPTED, ScanField
from orgs.choices import Status
from orgs.forms import DocumentNumberField
from orgs.models import Institution

from .choices import ReviewResult
from .models import Objection


class ActiveInstitutionField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Institution.objects.filter(status=Status.ACTIVE).order_by("sort_order"),
            label="单位",
            widget=unit_picker(filters={"status": Status.ACTIVE}),
            **kwargs,
        )


class PublicityForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    institution = ActiveInstitutionField()
    started_on = forms.DateField(
        label="公示开始日期",
        widget=DateInput(),
        initial=timezone.localdate,
        help_text="公示自登记之日起算，开始日期为今天，不能补登过去的日期（规则 20）。",
    )

    field_order = ["institution", "started_on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "实名制人员名册在单位内部公示"


class ObjectionForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    raised_on = forms.DateField(label="提出日期", widget=DateInput(), initial=timezone.localdate)
    raised_by = forms.CharField(label="提出人", max_length=50, required=False, help_text="可匿名")
    content = forms.CharField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = ScanField(
        label="附件",
        required=False,
        not_accepted=ATTACHMENT_NOT_ACCEPTED,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text="异议人提交的书面材料或照片（选填），PDF、JPG 或 PNG 格式；登记后还可在公示页补充",
    )

    field_order = ["raised_on", "raised_by", "content", "attachment", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "登记公示异议"


class ResolveForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    resolved_on = forms.DateField(label="处理日期", widget=DateInput(), initial=timezone.localdate)
    resolution = forms.CharField(
        label="处理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ["resolved_on", "resolution", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "处理公示异议"


class IssueForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    institution = ActiveInstitutionField()

    field_order = ["institution", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = "公示期满无异议，核发机构编制管理证"


class ReasonForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    def __init__(self, *args, initial_reason: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = initial_reason


class WithdrawForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    document = DocumentNumberField(required=False, help_text="收回所依据的文件（选填）")

    field_order = ["reason", "document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "收回原因"


class ReviewForm(ScopedFormMixin, ReasonFormMixin, forms.Form):
    year = forms.IntegerField(label="年审年度", min_value=2000, max_value=2100)
    result = forms.ChoiceField(label="年审结论", choices=ReviewResult.choices)
    reviewed_on = forms.DateField(label="年审日期", widget=DateInput(), initial=timezone.localdate)
    remarks = forms.CharField(
        label="备注", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ["year", "result", "reviewed_on", "remarks", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["reason"].initial = "年度审核"


class TerminateForm(ScopedFormMixin, forms.Form):
    """终止公示: the objection found justified, and why the publicity ends."""

    objection = forms.ModelChoiceField(
        queryset=Objection.objects.none(),
        label="依据的异议",
        empty_label=None,
        help_text="经核实成立的异议；本次公示其余未处理的异议将一并注明“在重新公示时核实”。",
    )
    reason = forms.CharField(
        label="终止原因",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：经核实名册漏列人员，单位更正后重新公示。将记入公示和异议的变更历史。",
    )

    def __init__(self, *args, publicity, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["objection"]
        field.queryset = Objection.objects.filter(publicity=publicity)
        field.label_from_instance = lambda objection: (
            f"{objection.raised_on:%Y-%m-%d} {objection.raised_by or '匿名'}："
            f"{objection.content[:40]}{'（已处理）' if not objection.is_open else ''}"
        )
        open_one = publicity.objections.filter(resolved_on__isnull=True).first()
        if open_one is not None:
            field.initial = open_one.pk


class PdfRetryForm(ScopedFormMixin, forms.Form):
    """重新生成 PDF: nothing to fill in; the confirmation is the button."""
