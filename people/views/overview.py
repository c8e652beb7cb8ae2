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
# Overdue retirees show people and their units, not approved counts: an adjustment or a permit
# does not recompute them.
PEOPLE_MODELS = (Region, Institution, EstablishmentRecord, Person)
# The first names and people of the long lists; the roster's 核对 filter has all of them.
LISTED = 50


def may_see_overview(user) -> bool:
    return access.role_of(user) in access.REGION_ROLES


class RegionRolesOnly:
    """Institution-scoped roles get 403: totals, pool and control are region figures, and a
    reviewer's or clerk's own figures are on their unit's establishment page."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_overview(request.user):
            raise PermissionDenied("区域概况仅供编办和协作部门查看。")
        return super().dispatch(request, *args, **kwargs)

    def figures(self, name: str, models, compute) -> dict:
        """``compute()``, once per change of ``models``' data for this role, scope and day."""
        user = self.request.user
        scope = access.user_scope(user)
        return cached_figures(
            name,
            scope_key=(access.role_of(user), sorted(scope.region_ids()), timezone.localdate()),
            base=Region,
            models=models,
            compute=compute,
        )


class OverviewView(RegionRolesOnly, TemplateView):
    """区域概况 for region-wide roles: totals against control and pool, over-establishment,
    over-appointed leaders, people past retirement, and (loaded beside the page, as the costliest
    part of a city's overview) duplicate names. A fixed number of queries whatever the number of
    institutions."""

    template_name = "people/overview.html"

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

        def past_retirement() -> dict:
            overdue = selectors.past_retirement(records, today=today)
            listed = list(overdue[:LISTED])
            for record in listed:
                record.months_overdue = selectors.months_overdue(record, today)
            return {"past_retirement": listed, "past_retirement_total": overdue.order_by().count()}

        # Each part is computed once per change of the data it reads: a permit issued elsewhere
        # does not recompute the people past retirement.
        context.update(
            region=scope.region,
            today=today,
            listed=LISTED,
            **self.figures("overview:establishment", ESTABLISHMENT_MODELS, establishment),
            **self.figures("overview:retirement", PEOPLE_MODELS, past_retirement),
        )
        return context


class OverviewDuplicatesView(RegionRolesOnly, TemplateView):
    """重名人员 of the overview, a fragment the overview loads once shown: grouping 188,000
    names takes a city's database a third of a second, which the rest of the page need not wait
    for. Two queries when cached, four when not."""

    template_name = "people/includes/overview_duplicates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = access.restrict(EstablishmentRecord.objects.all(), self.request.user)

        def duplicates() -> dict:
            return {"duplicate_names": selectors.duplicate_names(records, limit=LISTED)}

        context.update(
            listed=LISTED, **self.figures("overview:duplicates", PEOPLE_MODELS, duplicates)
        )
        return context
