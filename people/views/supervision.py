"""报送及时性督查: the office's page on how promptly units report their changes (rule 9)."""

import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from bianzhi import access
from bianzhi.views import table_pagination
from orgs.models import Institution

from .. import supervision
from ..models import ChangeRequest
from ..supervision import Period, Timeliness
from ..supervision_tables import TimelinessLedgerTable, UnitTimelinessTable, format_rate

NOT_FOR_CLERKS = (
    "报送及时性督查供编办、协作部门和主管部门查看；本单位的待报事项见工作台“我的待办”。"
)
START_AFTER_END = "起始日期不能晚于截止日期。"
PER_PAGE = 25

# tab → (label, the statuses its ledger rows have; None for the unit ranking)
TABS = {
    "units": ("单位排名", None),
    "overdue": ("逾期未报", [Timeliness.OVERDUE]),
    "late": ("迟报", [Timeliness.LATE]),
    "all": ("全部记录", []),
}


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="应报日期 自", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="至", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = forms.CharField(
        label="单位名称",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "单位全称或简称中的字"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(START_AFTER_END)
        return cleaned


class SupervisionView(TemplateView):
    """报送及时性督查: for a period of due dates (default this year to today), the totals, the
    units by on-time rate worst first, and the 逾期未报 / 迟报 reports, each linked to its
    request. A fixed number of queries whatever the number of units or reports."""

    template_name = "people/supervision.html"

    def dispatch(self, request, *args, **kwargs):
        if not access.SUPERVISION.allows(request.user):
            raise PermissionDenied(NOT_FOR_CLERKS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        default = Period.year_to_date(today)
        # A date left out (e.g. a link with only ``tab``) is the default one, not an error.
        data = {"start": default.start.isoformat(), "end": default.end.isoformat()}
        data.update((key, value) for key, value in self.request.GET.items() if value)
        form = PeriodForm(data)
        period, search = default, ""
        if form.is_valid():
            period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
            search = form.cleaned_data["q"].strip()
        tab = self.request.GET.get("tab", "units")
        if tab not in TABS:
            tab = "units"
        institution = self.institution_filter() if tab != "units" else None
        requests = access.restrict(ChangeRequest.objects.all(), self.request.user)
        requests = supervision.of_units_named(requests, search)
        base_query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        if search:
            base_query["q"] = search

        def link(tab_name, institution_id=None):
            query = {**base_query, "tab": tab_name}
            if institution_id:
                query["institution"] = institution_id
            return urlencode(query)

        table = self.table(tab, requests, period, today, institution, link)
        RequestConfig(self.request, paginate=table_pagination(PER_PAGE)).configure(table)
        summary = supervision.summary(requests, period=period, today=today)
        context.update(
            form=form,
            period=period,
            today=today,
            summary=summary,
            summary_rate=format_rate(summary.rate),
            tabs=[(name, label, link(name)) for name, (label, _) in TABS.items()],
            tab=tab,
            table=table,
            institution=institution,
            clear_institution=link(tab),
            search=search,
        )
        return context

    def institution_filter(self) -> Institution | None:
        """The unit the lists are narrowed to (from a link in the ranking), if in scope."""
        try:
            pk = int(self.request.GET.get("institution", ""))
        except ValueError:
            return None
        institutions = access.restrict(Institution.objects.all(), self.request.user)
        return institutions.filter(pk=pk).first()

    def table(self, tab, requests, period: Period, today: datetime.date, institution, link):
        if tab == "units":
            rows = supervision.unit_ranking(requests, period=period, today=today)
            return UnitTimelinessTable(rows, link_query=link)
        rows = supervision.ledger(
            requests,
            period=period,
            today=today,
            timeliness=TABS[tab][1],
            institution_id=institution.pk if institution else None,
        )
        return TimelinessLedgerTable(rows, today=today)
