from django import forms
from django.utils import timezone

from bianzhi.forms import CountField, DateInput, ScopedFormMixin
from orgs.forms import DocumentNumberField


class AcceptForm(ScopedFormMixin, forms.Form):
    """收回: how many of the proposed vacancy, under which document, from when."""

    count = CountField(label="收回数", min_value=1, max_value=9999)
    document = DocumentNumberField(help_text="编委（编办）收回空编的批准文件")
    effective_on = forms.DateField(label="生效日期", widget=DateInput())

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].initial = self.initial.get("count", proposal.vacancy)
        self.fields["count"].help_text = "不超过该编制现有可用空编（核定 − 实有 − 已核准未使用）"
        self.fields["effective_on"].initial = timezone.localdate()


class KeepForm(ScopedFormMixin, forms.Form):
    """保留: the reason is mandatory and recorded with who decided."""

    keep_reason = forms.CharField(
        label="保留理由",
        max_length=200,
        help_text="如：年内已列入用编进人计划、拟调入急需人员等；将记入变更历史",
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
