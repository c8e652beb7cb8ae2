from django import forms
from django.utils import timezone

from bianzhi.forms import CountField, DateInput, ScopedFormMixin
from bianzhi.pickers import SearchSelect
from orgs.choices import Status
from orgs.forms import DocumentNumberField
from staffing.models import QuotaLine

from .models import Research


class ScoreForm(ScopedFormMixin, forms.Form):
    """直接录入综合得分: only while the region has no 问效 scheme to score on."""

    total = forms.DecimalField(
        label="综合得分", min_value=0, max_value=100, decimal_places=1, max_digits=4
    )

    def __init__(self, *args, follow_up=None, **kwargs):
        super().__init__(*args, **kwargs)


class AcceptForm(ScopedFormMixin, forms.Form):
    """采纳: which of the unit's quota lines is cut, by how many, under which document."""

    quota_line = forms.ModelChoiceField(label="核减的编制", queryset=QuotaLine.objects.none())
    count = CountField(label="核减数", min_value=1, max_value=9999)
    document = DocumentNumberField(help_text="编委（编办）据问效结果核减编制或撤并机构的批准文件")
    effective_on = forms.DateField(label="生效日期", widget=DateInput())
    over_establishment_reason = forms.CharField(
        label="超编原因",
        max_length=200,
        required=False,
        help_text="核减后核定数低于实有人数时必填，该单位将显示为超编直至自然减员消化（规则 4）",
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        lines = QuotaLine.objects.filter(institution=proposal.follow_up.institution)
        self.fields["quota_line"].queryset = lines.select_related("institution")
        self.fields["quota_line"].label_from_instance = lambda line: line.type_label
        self.fields["effective_on"].initial = timezone.localdate()


class DismissForm(ScopedFormMixin, forms.Form):
    dismiss_reason = forms.CharField(
        label="不予采纳理由",
        max_length=250,
        help_text="如：职责任务近期已调整、问效期间人员尚未到位等；将记入变更历史",
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)


class ResearchForm(ScopedFormMixin, forms.ModelForm):
    """八问调研 (rule 42): the unit and the matter come from the page it was opened from."""

    class Meta:
        model = Research
        fields = [
            "institution",
            "subject",
            "current_state",
            "history_notes",
            "policy_basis",
            "supporting_measures",
            "expected_effect",
            "aftercare",
            "opinion",
        ]
        widgets = {
            "institution": SearchSelect(label_field="full_name"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in (*Research.ASPECTS, "opinion")},
        }

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["institution"].queryset = self.fields["institution"].queryset.filter(
            status=Status.ACTIVE
        )
