import datetime

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput, ScopedFormMixin
from bianzhi.pickers import SearchSelect
from orgs.choices import Status
from orgs.models import Institution

from .choices import ProblemSource
from .services import DEFAULT_DEADLINE_DAYS

RULES_HELP = "违反的规则编号，多个以逗号或顿号分隔，如：5、18；没有可不填"
RULES_INVALID = "规则编号须为正整数，多个以逗号或顿号分隔。"

# The 自查's own problems come from its page in one click, and the other apps' (cases,
# assessments, follow-ups) from their own pages; the office records these by hand.
HAND_SOURCES = [
    (value, label)
    for value, label in ProblemSource.choices
    if value not in {ProblemSource.SELF_CHECK}
]


def default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)


class ProblemForm(ScopedFormMixin, forms.Form):
    """登记问题: the unit, where the problem was found, what is wrong, what to do, who does it
    and by when."""

    institution = forms.ModelChoiceField(
        label="问题单位",
        queryset=Institution.objects.filter(status=Status.ACTIVE),
        widget=SearchSelect(label_field="full_name"),
    )
    source = forms.ChoiceField(label="问题来源", choices=HAND_SOURCES)
    finding = forms.CharField(
        label="问题描述",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="发现的问题及依据，如：检查发现超职数配备副局长 1 名",
    )
    rule_numbers = forms.CharField(label="违反规则", required=False, help_text=RULES_HELP)
    requirement = forms.CharField(
        label="整改要求", widget=forms.Textarea(attrs={"rows": 3}), help_text="单位须做什么"
    )
    responsible_institution = forms.ModelChoiceField(
        label="责任单位",
        queryset=Institution.objects.filter(status=Status.ACTIVE),
        widget=SearchSelect(label_field="full_name"),
        required=False,
        empty_label="（问题单位本身）",
        help_text="负责整改并报送整改情况的单位，如主管部门；不填即问题单位",
    )
    deadline = forms.DateField(label="整改期限", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = default_deadline()

    def clean_rule_numbers(self):
        text = self.cleaned_data["rule_numbers"].strip()
        numbers = []
        for part in text.replace("、", ",").replace("，", ",").split(","):
            part = part.strip().removeprefix("规则").strip()
            if not part:
                continue
            if not (part.isascii() and part.isdigit()) or int(part) < 1:
                raise forms.ValidationError(RULES_INVALID)
            numbers.append(int(part))
        return tuple(numbers)


class BreachProblemForm(forms.Form):
    """One click on a 自查 row: which breach (found again on the server, never trusted from
    the page) and by when the unit must rectify it."""

    check_code = forms.CharField(max_length=50, widget=forms.HiddenInput)
    institution_id = forms.IntegerField(widget=forms.HiddenInput)
    subject = forms.CharField(max_length=200, widget=forms.HiddenInput)
    deadline = forms.DateField(label="整改期限", widget=DateInput(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    """报送整改情况: what the unit did (the evidence is uploaded above it)."""

    rectification = forms.CharField(
        label="整改情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="采取了哪些措施、整改结果如何；佐证材料请先在上方上传",
    )

    def __init__(self, *args, user=None, problem=None, **kwargs):
        super().__init__(*args, **kwargs)


class SignOffForm(forms.Form):
    verification = forms.CharField(
        label="核查意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="核查了什么、是否整改到位；将记入变更历史",
    )

    def __init__(self, *args, user=None, problem=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    verification = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="单位还须整改什么、缺少哪些材料；单位经办人将看到",
    )

    def __init__(self, *args, user=None, problem=None, **kwargs):
        super().__init__(*args, **kwargs)
