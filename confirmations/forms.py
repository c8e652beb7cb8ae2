from django import forms

from people.models import EstablishmentRecord

from . import selectors


class ConfirmForm(forms.Form):
    """The records the partner confirms, as its worklist holds them (in scope, its department's)."""

    records = forms.ModelMultipleChoiceField(
        label="人员",
        queryset=EstablishmentRecord.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "请选择要确认的人员。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = selectors.worklist(user)


class RejectForm(forms.Form):
    """退回: the reason is required and recorded with who rejected (rule 47)."""

    reason = forms.CharField(
        label="退回理由",
        max_length=200,
        help_text="如：未查到公务员登记备案、未签订聘用合同；将通知编办并记入确认历史",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
