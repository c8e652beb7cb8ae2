"""Forms of the assessment pages: a round, its units, the unit's submission, the office's
finish, problems found, and next year's scheme."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput, ScopedFormMixin
from bianzhi.pickers import SearchSelectMultiple
from orgs.models import Institution

from .choices import IndicatorKind
from .metrics import metric_choices
from .models import THRESHOLDS_MALFORMED, Category, Indicator, Scheme


class RoundForm(ScopedFormMixin, forms.Form):
    """发起批次: which scheme, the round's name and dates."""

    scheme = forms.ModelChoiceField(label="指标体系", queryset=Scheme.objects.all())
    name = forms.CharField(
        label="批次名称", max_length=100, help_text="如：2026年度事业单位绩效考核"
    )
    started_on = forms.DateField(label="开始日期", widget=DateInput())
    self_due_on = forms.DateField(
        label="自评截止日期", widget=DateInput(), required=False, help_text="单位提交自评的期限"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["started_on"].initial = today
        self.fields["self_due_on"].initial = today + datetime.timedelta(days=30)


class AddUnitsForm(ScopedFormMixin, forms.Form):
    """被评估单位: units added together share a category (同类同考)."""

    institutions = forms.ModelMultipleChoiceField(
        label="单位",
        queryset=Institution.objects.filter(status="active"),
        widget=SearchSelectMultiple(
            label_field="full_name",
            search_fields=("full_name", "short_name"),
            attrs={"size": 6},
            filters={"status": "active"},
        ),
        help_text="输入单位名称搜索，逐个添加；按住 Ctrl 单击可取消已选单位",
    )
    category = forms.ModelChoiceField(
        label="考评类别", queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(scheme=round.scheme_id)
        self.fields["category"].queryset = categories
        if not categories.exists():
            del self.fields["category"]
        taken = round.evaluations.values("institution")
        self.fields["institutions"].queryset = (
            self.fields["institutions"].queryset.exclude(pk__in=taken).order_by("sort_order")
        )


class SubmitForm(forms.Form):
    """提交自评 with the unit's self-assessment report."""

    report = forms.CharField(
        label="自评报告",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="概述职能履行、运行机制和存在的问题；佐证材料可在评分表下方上传",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class FinishForm(forms.Form):
    """评分完成 with the office's opinion fed back to the unit (结果反馈)."""

    feedback = forms.CharField(
        label="评估意见（反馈）",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="反馈给被评估单位的主要优点、短板和整改要求",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ProblemForm(forms.Form):
    """整改问题 found in the evaluation (问题台账)."""

    finding = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="整改期限", widget=DateInput())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + datetime.timedelta(days=60)


class CopySchemeForm(forms.Form):
    """一年一调整: next year's scheme starts as a copy of this one."""

    year = forms.TypedChoiceField(label="年度", coerce=int)
    name = forms.CharField(label="名称", max_length=100, required=False)

    def __init__(self, *args, user=None, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in (year, year + 1)]
        self.fields["year"].initial = year + 1
        if scheme is not None:
            self.fields["name"].initial = scheme.name


class SchemeForm(ScopedFormMixin, forms.ModelForm):
    """建立指标体系: its indicators are added on its page."""

    class Meta:
        model = Scheme
        fields = [
            "region",
            "use",
            "year",
            "name",
            "grade_a_min",
            "grade_b_min",
            "a_quota_percent",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        regions = list(self.fields["region"].queryset[:2])
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk


class ThresholdsField(forms.CharField):
    """分档 as lines of “界值, 得分”, stored as [[bound, points], …]."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{bound}, {points}" for bound, points in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        bands = []
        for line in text.replace("，", ",").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            try:
                bound, points = (Decimal(part) for part in parts)
            except (ValueError, InvalidOperation) as error:
                raise forms.ValidationError(THRESHOLDS_MALFORMED) from error
            bands.append([float(bound), float(points)])
        return bands


class IndicatorForm(forms.ModelForm):
    """增加或修改指标 of a scheme not in use (rule 36)."""

    thresholds = ThresholdsField(
        label="分档",
        required=False,
        help_text="每行一档：界值, 得分。如超编人数：0, 5 / 1, 2（数值越低越好时取不低于数值的最低一档）",
    )
    metric = forms.ChoiceField(label="计算口径", required=False)

    class Meta:
        model = Indicator
        fields = [
            "parent",
            "code",
            "name",
            "part",
            "category",
            "kind",
            "source",
            "max_points",
            "min_points",
            "rule",
            "thresholds",
            "higher_is_better",
            "formula",
            "metric",
            "unit",
            "guidance",
            "sort_order",
        ]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        groups = scheme.indicators.filter(kind=IndicatorKind.GROUP)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups
        self.fields["category"].queryset = scheme.categories.all()
        self.fields["metric"].choices = [("", "（不是系统计算）"), *metric_choices()]
