"""经费核定: the year's figures per unit × type × funding form at each month's end (rule 46),
filtered and paginated from the year's cached rows, with the totals of every filtered row."""

from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig
from django_tables2.data import TableListData

from bianzhi import access
from bianzhi.views import table_pagination

from . import figures, packed, selectors
from .forms import FundingFilterForm
from .tables import FundingTable

FUNDING_ROLES_ONLY = "经费核定仅编办人员、协作部门、主管部门和单位经办人可查看。"
PER_PAGE = 25


class FundingYearView(TemplateView):
    template_name = "funding/year.html"

    def dispatch(self, request, *args, **kwargs):
        if not access.FUNDING.allows(request.user):
            raise PermissionDenied(FUNDING_ROLES_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        data = self.request.GET.copy()
        data.setdefault("year", str(timezone.localdate().year))
        form = FundingFilterForm(data, user=user)
        year, rows = None, packed.YearFigures([]).select()
        if form.is_valid():
            year = form.budget_year()
            rows = form.row_filters().apply(figures.rows_for(user, year))
        # Handed over as it is: django-tables2 would copy any other sequence into a list,
        # unpacking every row of the city for a page of 25.
        table = FundingTable(TableListData(rows), totals=selectors.totals(rows))
        RequestConfig(self.request, paginate=table_pagination(PER_PAGE)).configure(table)
        context.update(
            title="经费核定",
            year=year,
            table=table,
            filter=SimpleNamespace(form=form),
            export_kind="funding",
        )
        return context
