"""Forms of borrowings and talent special quotas (rules 26, 27); the rules are the services'."""

import datetime

from django import forms
from django.utils import timezone

from bianzhi.forms import CountField, DateInput, ScopedFormMixin
from bianzhi.pickers import unit_picker
from orgs.choices import Status
from orgs.forms import DocumentNumberField

from .choices import FundingForm, PoolPurpose
from .forms import PERMIT_VALIDITY_DAYS, QuotaLineChoiceField, _active_institutions
from .models import PoolBalance

BLANK = [("", "—")]


class PoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj}（余额 {obj.balance} 名）"


class LoanForm(ScopedFormMixin, forms.Form):
    pool = PoolChoiceField(
        label="周转池",
        queryset=PoolBalance.objects.select_related("region").filter(purpose=PoolPurpose.TALENT),
        empty_label="请选择急需紧缺人才周转池",
    )
    institution = forms.ModelChoiceField(
        label="借用单位",
        queryset=_active_institutions(),
        widget=unit_picker(filters={"status": Status.ACTIVE}),
    )
    funding_form = forms.ChoiceField(
        label="经费形式",
        choices=BLANK + FundingForm.choices,
        required=False,
        help_text="借用事业编制时选择",
    )
    count = CountField(label="借出数", min_value=1, max_value=999)
    purpose = forms.CharField(label="用途", max_length=200, help_text="如引进的人才、岗位")
    document = DocumentNumberField()
    lent_on = forms.DateField(label="借出日期", widget=DateInput())
    returns_on_leave = forms.BooleanField(
        label="人走编回",
        required=False,
        initial=True,
        help_text="使用借用编制的人员出编或调出时，编制自动回到周转池",
    )
    due_on = forms.DateField(
        label="到期日", required=False, widget=DateInput(), help_text="到期未还的编制收回周转池"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lent_on"].initial = timezone.localdate()


class LoanReturnForm(ScopedFormMixin, forms.Form):
    count = CountField(label="收回数", min_value=1, max_value=999)
    document = DocumentNumberField(
        required=False, help_text="收回所依据的文件（选填，不填则按借用文件）"
    )

    def __init__(self, *args, outstanding: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].initial = outstanding


class SpecialQuotaForm(ScopedFormMixin, forms.Form):
    quota_line = QuotaLineChoiceField(label="单位编制", empty_label="请选择单位和编制类型")
    talent = forms.CharField(label="引进人才及领域", max_length=200, help_text="如“小麦育种博士”")
    count = CountField(label="专项编制数", min_value=1, max_value=99)
    source = PoolChoiceField(
        label="来源周转池",
        queryset=PoolBalance.objects.select_related("region").exclude(
            purpose=PoolPurpose.ADMINISTRATIVE_RESERVE
        ),
        empty_label="请选择来源周转池",
    )
    document = DocumentNumberField()
    approved_on = forms.DateField(label="核定日期", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


class SpecialPermitForm(ScopedFormMixin, forms.Form):
    count = CountField(label="核准数", min_value=1, max_value=99)
    issued_on = forms.DateField(label="核准日期", widget=DateInput())
    expires_on = forms.DateField(label="有效期至", widget=DateInput())
    document = DocumentNumberField(required=False, help_text="所依据的批准文件（选填）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["issued_on"].initial = today
        self.fields["expires_on"].initial = today + datetime.timedelta(days=PERMIT_VALIDITY_DAYS)
