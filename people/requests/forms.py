"""变动申报: the request's own fields (drafted by the unit's clerk) and the decisions on it (the
reviewer's review, the office's notes and approval, a return by either). Every rule of the
workflow (who, in which state, own request) is the services'; these forms only collect input."""

import datetime

from django import forms

from bianzhi.forms import CheckList, DateInput, ScopedFormMixin
from bianzhi.pickers import SearchSelect
from orgs.choices import Status
from orgs.documents_in_place import DocumentInPlaceMixin
from orgs.forms import DocumentNumberField
from orgs.models import Institution

from ..choices import RequestOrigin
from ..forms.base import today
from ..models import ChangeRequest
from . import registry
from .approval import PERMIT_VALIDITY_DAYS
from .evidence import MISSING_EVIDENCE

SYSTEM_DATE_HELP = "系统预警的变动，发生日期由系统确定，不能修改（规则 21）"

CONFIRM_LABEL = "已知悉预览提示，仍然%(action)s"
CONFIRM_HELP = "预览显示按现在的数据核准将被拒绝，或所用名额已由其他申报占用"

REQUEST_WIDGETS = {
    "occurred_on": DateInput(),
    "reason": forms.Textarea(attrs={"rows": 3}),
    "evidence": forms.Textarea(attrs={"rows": 2}),
}


class RequestEditForm(forms.ModelForm):
    """What the unit may still change on a draft or a returned request."""

    class Meta:
        model = ChangeRequest
        fields = ["occurred_on", "reason", "evidence", "evidence_number"]
        widgets = REQUEST_WIDGETS

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        kinds = registry.labels(lambda spec: spec.evidence_required)
        help_text = f"{kinds}须填写，如退休审批表、调令、辞职批复、任免文件等"
        self.fields["evidence"].help_text = help_text
        if self.instance.pk and self.instance.origin != RequestOrigin.UNIT:
            # A fact the system found (rule 21): the service refuses a change too.
            self.fields["occurred_on"].disabled = True
            self.fields["occurred_on"].help_text = SYSTEM_DATE_HELP

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class RequestCreateForm(ScopedFormMixin, RequestEditForm):
    """新建申报: the unit (the clerk's own, not a free choice), the kind and the request's fields."""

    institution = forms.ModelChoiceField(
        label="申报单位",
        queryset=Institution.objects.all(),
        empty_label="请选择单位",
        widget=SearchSelect(label_field="full_name"),
    )
    kind = forms.ChoiceField(label="申报类型", widget=forms.RadioSelect)

    class Meta(RequestEditForm.Meta):
        fields = ["institution", "kind", *RequestEditForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not every kind is drafted by hand: a roster batch comes from the unit's upload.
        self.fields["kind"].choices = [
            (spec.kind, spec.label) for spec in registry.every() if spec.creatable
        ]
        units = self.fields["institution"].queryset.filter(status=Status.ACTIVE)
        self.fields["institution"].queryset = units.order_by("sort_order", "full_name")
        only = list(units[:2])
        if len(only) == 1:
            self.fields["institution"].initial = only[0].pk
            self.fields["institution"].disabled = True
        self.fields["occurred_on"].initial = today

    def kind_options(self):
        """Each kind's radio button with what it is for."""
        return [
            (option, registry.spec_for(option.data["value"]).help_text) for option in self["kind"]
        ]


class ReviewForm(forms.Form):
    """主管部门审核通过, with an optional comment."""

    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如：情况属实，同意报编办核准"}),
    )

    def __init__(self, *args, user, confirm_needed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        add_confirm(self, confirm_needed, "审核通过")


def add_confirm(form, needed: bool, verb: str) -> None:
    """The explicit confirmation a decision needs when the preview says the request will (or
    may) be refused (the service enforces it)."""
    if needed:
        form.fields["confirm"] = forms.BooleanField(
            label=CONFIRM_LABEL % {"action": verb}, required=False, help_text=CONFIRM_HELP
        )


class ReturnForm(forms.Form):
    """退回 to the unit, always with the reason it must correct: the missing attachments, the
    reviewer's words, or both (the service refuses neither)."""

    missing_attachments = forms.MultipleChoiceField(
        label="缺少的附件",
        choices=[(name, name) for name in MISSING_EVIDENCE],
        required=False,
        widget=CheckList,
        help_text="勾选的附件名称将列在退回原因之首，显示在单位的待办通知中",
    )
    reason = forms.CharField(
        label="退回原因",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "说明须补充或更正的内容"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class NoteForm(forms.ModelForm):
    """用编申请: the office's investigation and preliminary opinion before the committee decides."""

    class Meta:
        model = ChangeRequest
        fields = ["investigation", "preliminary_opinion"]
        widgets = {
            "investigation": forms.Textarea(attrs={"rows": 3}),
            "preliminary_opinion": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ApproveForm(DocumentInPlaceMixin, ScopedFormMixin, forms.Form):
    """核准: the approval document (required for 用编申请, 任职, 免职 by the service), and for
    用编申请 the permit's expiry."""

    document = DocumentNumberField(
        label="核准文件文号",
        required=False,
    )
    permit_expires_on = forms.DateField(
        label="用编通知单有效期至",
        required=False,
        widget=DateInput(),
        help_text=f"不填则为核准之日起 {PERMIT_VALIDITY_DAYS} 天",
    )
    comment = forms.CharField(
        label="核准意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args, change_request: ChangeRequest, confirm_needed: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        add_confirm(self, confirm_needed, "核准")
        kinds = registry.labels(lambda spec: spec.document_required)
        self.fields["document"].help_text = f"{kinds}须填写；填写已登记的批准文件文号"
        if registry.spec_for(change_request.kind).issues_permit:
            self.fields["permit_expires_on"].initial = today() + datetime.timedelta(
                days=PERMIT_VALIDITY_DAYS
            )
        else:
            del self.fields["permit_expires_on"]
        self.setup_document_in_place(institutions=[change_request.institution])

    def clean(self):
        cleaned = super().clean()
        self.clean_document_in_place(cleaned)
        return cleaned

    def clean_permit_expires_on(self):
        value = self.cleaned_data.get("permit_expires_on")
        if value is not None and value < today():
            raise forms.ValidationError("有效期不能早于今天。")
        return value


class ConfirmForm(forms.Form):
    """An action with nothing to fill in (提交, 删除): the page asks, the post confirms."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
