"""编制及人员变动对账: one institution's quotas and occupants over a period, per quota type."""

import datetime

from django import forms
from django.utils import timezone

from bianzhi.forms import DateInput
from bianzhi.views import ObjectDetailView

from .. import reconciliation
from .asof import InstitutionPageMixin, check_not_future

PERIOD_REVERSED = "起始日期不能晚于截止日期。"


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=DateInput())
    end = forms.DateField(label="截止日期", widget=DateInput())

    def clean_end(self):
        day = self.cleaned_data["end"]
        check_not_future(day, "截止日期")
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(PERIOD_REVERSED)
        return cleaned


def default_period(today: datetime.date) -> dict:
    """This year so far."""
    return {"start": today.replace(month=1, day=1), "end": today}


class InstitutionReconciliationView(InstitutionPageMixin, ObjectDetailView):
    """Per quota type: approved opening + adjustments = closing; occupants opening + entries −
    exits ± transfers = closing, by effective dates, with every movement and its document."""

    template_name = "people/reconciliation.html"
    tab = "reconciliation"

    def get_form(self) -> PeriodForm:
        query = self.request.GET
        data = query if "start" in query or "end" in query else default_period(timezone.localdate())
        return PeriodForm(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        result = None
        if form.is_valid():
            result = reconciliation.reconcile(
                self.object,
                form.cleaned_data["start"],
                form.cleaned_data["end"],
                user=self.request.user,
            )
        context.update(form=form, result=result)
        return context
