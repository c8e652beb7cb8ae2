"""Forms of the certificates app. Choices are restricted to the user's scope."""

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput, ReasonFormMixin, ScopedFormMixin
from bianzhi.uploads import ATTACHMENT_NOT_ACCEPTED, ScanField
from orgs.choices import Status
from orgs.forms import DocumentNumberField
from orgs.models import Institution

from .choices import ReviewResult


class ActiveInstitutionField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Institution.objects.filter(status=Status.ACTIVE).order_by("sort_order"),
            label="单位",
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
