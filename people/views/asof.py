"""机构历史状况查询: one institution's registry as it stood at the end of a past day."""

import datetime

from django import forms
from django.utils import timezone

from bianzhi import access
from bianzhi.forms import DateInput
from bianzhi.views import ObjectDetailView
from orgs.models import Institution

from .. import asof

DATE_IN_FUTURE = "%(label)s不能晚于今天（%(today)s）。"


def check_not_future(day: datetime.date, label: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise forms.ValidationError(DATE_IN_FUTURE % {"label": label, "today": today.isoformat()})


class AsOfForm(forms.Form):
    on = forms.DateField(label="查询日期", widget=DateInput())

    def clean_on(self):
        day = self.cleaned_data["on"]
        check_not_future(day, "查询日期")
        return day


def last_day_of_previous_year(today: datetime.date) -> datetime.date:
    return datetime.date(today.year - 1, 12, 31)


def last_day_of_previous_month(today: datetime.date) -> datetime.date:
    return today.replace(day=1) - datetime.timedelta(days=1)


class InstitutionPageMixin:
    """A page under an institution's tabs: breadcrumbs need its ancestors."""

    model = Institution
    queryset = Institution.objects.select_related("region", "parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ancestors"] = list(reversed(self.object.ancestors()))
        return context


class InstitutionAsOfView(InstitutionPageMixin, ObjectDetailView):
    """The institution's attributes, quota lines with occupancy, leadership quotas and roster as
    recorded at the end of the chosen day (default today; a future day is refused)."""

    template_name = "people/asof.html"
    tab = "asof"

    def get_form(self) -> AsOfForm:
        data = self.request.GET if "on" in self.request.GET else {"on": timezone.localdate()}
        return AsOfForm(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        today = timezone.localdate()
        context.update(
            form=form,
            snapshot=asof.snapshot(
                self.object.pk,
                form.cleaned_data["on"],
                full_id_numbers=access.may_see_full_id_number(self.request.user),
            )
            if form.is_valid()
            else None,
            shortcuts=[
                ("上月末", last_day_of_previous_month(today)),
                ("上年末", last_day_of_previous_year(today)),
                ("今天", today),
            ],
        )
        return context
