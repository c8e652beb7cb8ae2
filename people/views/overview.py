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

# What each part of the overview is read from: a change to one of them recomputes that part.
ESTABLISHMENT_MODELS = (
    Region,
    Institution,
    QuotaLine,
    UsagePermit,
    PoolBalance,
    RegionTotal,
    LeadershipQuota,
    EstablishmentRecord,
    LeadershipAppointment,
)
# Duplicate names and overdue retirees show people and their units, not approved counts: an
# adjustment or a permit does not recompute them (the costliest part of a city's overview).
PEOPLE_MODELS = (Region, Institution, EstablishmentRecord, Person)


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

        lines = access.restrict(QuotaLine.objects.all(), user)
        records = access.restrict(EstablishmentRecord.objects.all(), user)

        def establishment() -> dict:
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
            }

        def people() -> dict:
            overdue = list(selectors.past_retirement(records, today=today))
            for record in overdue:
                record.months_overdue = selectors.months_overdue(record, today)
            return {
                "duplicate_names": selectors.duplicate_names(records),
                "past_retirement": overdue,
            }

        # Region-wide figures over every unit, each part computed once per change of the data
        # it reads: a permit issued elsewhere does not recompute the duplicate names.
        scope_key = (access.role_of(user), sorted(scope.region_ids()), today)
        figures = {
            **cached_figures(
                "overview:establishment",
                scope_key=scope_key,
                base=Region,
                models=ESTABLISHMENT_MODELS,
                compute=establishment,
            ),
            **cached_figures(
                "overview:people",
                scope_key=scope_key,
                base=Region,
                models=PEOPLE_MODELS,
                compute=people,
            ),
        }
        context.update(region=scope.region, today=today, **figures)
        return context
