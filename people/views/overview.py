"""区域概况: the region overview for region-wide roles."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView

from bianzhi import access
from bianzhi.figures_cache import cached_figures
from orgs.models import Institution, Region
from staffing import selectors as staffing_selectors
from staffing.models import LeadershipQuota, PoolBalance, QuotaLine, RegionTotal, UsagePermit

from .. import selectors
from ..models import EstablishmentRecord, LeadershipAppointment, Person

# What the overview's figures are read from: any change to one of them recomputes them.
FIGURE_MODELS = (
    Region,
    Institution,
    QuotaLine,
    UsagePermit,
    PoolBalance,
    RegionTotal,
    LeadershipQuota,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)


def may_see_overview(user) -> bool:
    return access.role_of(user) in access.REGION_ROLES


class OverviewView(TemplateView):
    """区域概况 for region-wide roles: totals against control and pool, over-establishment,
    over-appointed leaders, duplicate names, people past retirement. A fixed number of queries
    whatever the number of institutions.

    Institution-scoped roles get 403: totals, pool and control are region figures, and a
    reviewer's or clerk's own figures are on their unit's establishment page.
    """

    template_name = "people/overview.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_overview(request.user):
            raise PermissionDenied("区域概况仅供编办和协作部门查看。")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        scope = access.user_scope(user)
        today = timezone.localdate()

        def compute() -> dict:
            lines = access.restrict(QuotaLine.objects.all(), user)
            records = access.restrict(EstablishmentRecord.objects.all(), user)
            overdue = list(selectors.past_retirement(records, today=today))
            for record in overdue:
                record.months_overdue = selectors.months_overdue(record, today)
            totals = staffing_selectors.region_totals(lines, region_ids=scope.region_ids())
            return {
                "totals": totals,
                "occupied_total": sum(row.occupied for row in totals),
                "over_established": list(staffing_selectors.over_established(lines)),
                "over_leadership": list(
                    staffing_selectors.over_leadership_quota(
                        access.restrict(LeadershipQuota.objects.all(), user)
                    ).order_by("institution__sort_order", "institution__full_name", "pk")
                ),
                "duplicate_names": selectors.duplicate_names(records),
                "past_retirement": overdue,
            }

        # Region-wide sums over every unit: computed once per change of the data behind them.
        figures = cached_figures(
            "overview",
            scope_key=(access.role_of(user), sorted(scope.region_ids()), today),
            base=Region,
            models=FIGURE_MODELS,
            compute=compute,
        )
        context.update(region=scope.region, today=today, **figures)
        return context
