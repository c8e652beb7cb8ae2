from django import forms
from django.utils import timezone

from bianzhi import access
from bianzhi.pickers import SearchSelect
from orgs.models import Institution, Region
from staffing.choices import EstablishmentType, FundingForm

from .filters import RowFilters, year_range


class FundingFilterForm(forms.Form):
    """经费核定's filters: the budget year, region, unit (and the units below it), type and
    funding form, each within the user's scope."""

    year = forms.TypedChoiceField(label="预算年度", coerce=int, required=False, empty_value=None)
    region = forms.ModelChoiceField(
        label="行政区划", queryset=Region.objects.none(), required=False, empty_label="全部"
    )
    institution = forms.ModelChoiceField(
        label="单位（含下属单位）",
        queryset=Institution.objects.none(),
        required=False,
        empty_label="全部",
        widget=SearchSelect(label_field="full_name"),
    )
    establishment_type = forms.ChoiceField(
        label="编制类型", required=False, choices=[("", "全部"), *EstablishmentType.choices]
    )
    funding_form = forms.ChoiceField(
        label="经费形式", required=False, choices=[("", "全部"), *FundingForm.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in reversed(year_range())]
        self.fields["region"].queryset = access.restrict(Region.objects.all(), user)
        self.fields["institution"].queryset = access.restrict(Institution.objects.all(), user)
        if access.role_of(user) not in access.REGION_ROLES:
            del self.fields["region"]

    def budget_year(self) -> int:
        """The year chosen; this year when none is."""
        return self.cleaned_data.get("year") or timezone.localdate().year

    def row_filters(self) -> RowFilters:
        data = self.cleaned_data
        return RowFilters(
            region=data.get("region"),
            institution=data.get("institution"),
            establishment_type=data.get("establishment_type", ""),
            funding_form=data.get("funding_form", ""),
        )
