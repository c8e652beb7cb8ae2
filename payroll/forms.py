import datetime
import re

from django import forms
from django.utils import timezone

from bianzhi import access
from bianzhi.excel.views import ImportForm
from orgs.models import Region

from .choices import FindingKind

BAD_MONTH = "请填写如 2026-11 的工资月份。"
FUTURE_MONTH = "工资月份不能晚于本月。"
PROBLEM_DAYS = 30


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", value.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(BAD_MONTH)
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class RunForm(ImportForm):
    """上传工资表: the month, the region compared, the file (.xlsx or CSV)."""

    month = MonthField(label="工资月份", help_text="与该月最后一天的实名制名册比对（规则 44）。")
    region = forms.ModelChoiceField(
        label="核对区划", queryset=Region.objects.none(), empty_label=None
    )
    field_order = ["month", "region", "file"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["dry_run"]
        scope = access.user_scope(user)
        self.fields["region"].queryset = Region.objects.filter(
            pk__in=scope.region_ids() if scope else []
        ).order_by("code")
        if scope is not None and scope.region_id:
            self.fields["region"].initial = scope.region_id
        self.fields["region"].help_text = "含其下级区划的全部单位。"
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        self.fields["month"].initial = f"{last_month:%Y-%m}"
        upload = self.fields["file"]
        upload.label = "工资表文件（.xlsx 或 .csv）"
        upload.widget.attrs["accept"] = ".xlsx,.csv"

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(FUTURE_MONTH)
        return month


def default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=PROBLEM_DAYS)


class ProblemForm(forms.Form):
    """登记问题 from one finding."""

    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(
        label="整改期限",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=default_deadline,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class KindProblemsForm(ProblemForm):
    """登记问题 for every finding of one kind of a run."""

    kind = forms.ChoiceField(label="不符类型", choices=FindingKind.choices)
    field_order = ["kind", "requirement", "deadline"]
