"""机构历史状况查询: one institution's registry as it stood at the end of a past day."""

import datetime

from django import forms
from django.utils import timezone

from bianzhi import access_log, privacy
from bianzhi.forms import DateInput
from bianzhi.models import AccessAction
from bianzhi.views import ObjectDetailView
from orgs.models import Institution

from .. import asof
from ..asof_effective import snapshot_in_force

DATE_IN_FUTURE = "%(label)s不能晚于今天（%(today)s）。"


def check_not_future(day: datetime.date, label: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise forms.ValidationError(DATE_IN_FUTURE % {"label": label, "today": today.isoformat()})


EFFECTIVE, RECORDED = "effective", "recorded"


class AsOfForm(forms.Form):
    on = forms.DateField(label="查询日期", widget=DateInput())
    basis = forms.ChoiceField(
        label="计算依据",
        choices=[(EFFECTIVE, "按生效日期"), (RECORDED, "按登记时间（审计）")],
        required=False,
        help_text="按生效日期：按入编、出编、调整的生效日期计算当日在编和核定数；"
        "按登记时间：还原当日系统中登记的内容",
    )

    def clean_basis(self):
        return self.cleaned_data.get("basis") or EFFECTIVE

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
    """The institution's quota lines with occupancy, leadership quotas and roster on the chosen
    day (default today; a future day is refused): in force by effective dates (default), or as
    recorded in the registry at the end of that day (``basis=recorded``)."""

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
            snapshot=self.snapshot(form.cleaned_data) if form.is_valid() else None,
            basis=form.cleaned_data["basis"] if form.is_valid() else EFFECTIVE,
            shortcuts=[
                ("上月末", last_day_of_previous_month(today)),
                ("上年末", last_day_of_previous_year(today)),
                ("今天", today),
            ],
        )
        return context

    def snapshot(self, query: dict) -> asof.Snapshot:
        full = privacy.policy_for(self.request.user, institution=self.object).full
        if full:
            access_log.record(
                self.request,
                action=AccessAction.ASOF_VIEW,
                label=f"{self.object}（{query['on']:%Y-%m-%d}）",
            )
        if query["basis"] == RECORDED:
            return asof.snapshot(self.object.pk, query["on"], full_id_numbers=full)
        return snapshot_in_force(self.object, query["on"], full_id_numbers=full)
