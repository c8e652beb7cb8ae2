"""自查: every breach the registry holds now, by check, for the office (rule 22)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from bianzhi import access
from bianzhi.views import table_pagination

from . import registry
from .figures import REPORT, TOTALS
from .tables import BreachTable

OFFICE_ONLY = "自查仅供编办查看。"
PER_PAGE = 50


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.SELF_CHECK.allows(request.user):
            raise PermissionDenied(OFFICE_ONLY)
        return super().dispatch(request, *args, **kwargs)


class BreachListView(OfficeOnlyMixin, TemplateView):
    """The count of every check and the rows of all checks or of the one chosen
    (``?check=code``), each linking to its object with what fixes it; one cached report
    (``checks.figures``) serves both, and the overview's count."""

    template_name = "checks/breach_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        chosen = registry.get(self.request.GET.get("check", ""))
        report = REPORT.for_user(user)
        rows = report["breaches"]
        if chosen is not None:
            rows = [breach for breach in rows if breach.code == chosen.code]
        renderers = [factory(self.request, rows) for factory in registry.row_actions()]
        table = BreachTable(rows, renderers=renderers)
        RequestConfig(self.request, paginate=table_pagination(PER_PAGE)).configure(table)
        counts = report["breach_counts"]
        context.update(
            region=access.user_scope(user).region,
            today=today,
            table=table,
            chosen=chosen,
            summary=[(check, counts.get(check.code, 0)) for check in registry.every()],
            total=sum(counts.values()),
        )
        return context


class OverviewCardView(OfficeOnlyMixin, TemplateView):
    """The count on the region overview's 自查 card, loaded by the card once the page is shown."""

    template_name = "checks/includes/overview_card.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breaches"] = TOTALS.for_user(self.request.user)["breach_total"]
        return context
