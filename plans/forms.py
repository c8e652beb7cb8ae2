"""The office's forms of the annual plan: open a year, set a line's plan, issue the plan."""

from django import forms
from django.utils import timezone

from bianzhi.forms import ScopedFormMixin
from orgs.forms import DocumentNumberField
from orgs.models import Region


class PlanForm(ScopedFormMixin, forms.Form):
    """建立年度计划: the region (the office's own, or one below it) and the year."""

    region = forms.ModelChoiceField(label="行政区划", queryset=Region.objects.all())
    year = forms.TypedChoiceField(label="计划年度", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in (year, year + 1)]
        self.fields["year"].initial = year + 1
        regions = list(self.fields["region"].queryset[:2])
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk


class LineSetForm(forms.Form):
    """核定计划数 of one line (0: 不予安排)."""

    approved = forms.IntegerField(
        label="核定计划数", min_value=0, max_value=999, help_text="不予安排的填 0"
    )
    reason = forms.CharField(
        label="核定意见", max_length=200, required=False, help_text="记入变更历史"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class PlanIssueForm(ScopedFormMixin, forms.Form):
    """下达计划: the committee's document; each approved line gets its usage permit."""

    document = DocumentNumberField(label="下达文件文号")
