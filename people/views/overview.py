"""区域概况: the region overview for region-wide roles."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView

from bianzhi import access

from .. import charts, figures


class RegionRolesOnly:
    """Institution-scoped roles get 403: totals, pool and control are region figures, and a
    reviewer's or clerk's own figures are on their unit's establishment page."""

    def dispatch(self, request, *args, **kwargs):
        if not access.REGION_FIGURES.allows(request.user):
            raise PermissionDenied("区域概况仅供编办和协作部门查看。")
        return super().dispatch(request, *args, **kwargs)


class OverviewView(RegionRolesOnly, TemplateView):
    """区域概况 for region-wide roles: totals against control and pool, over-establishment,
    over-appointed leaders, people past retirement, and (loaded beside the page, as the costliest
    parts of a city's overview) the charts and duplicate names."""

    template_name = "people/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        context.update(
            region=access.user_scope(user).region,
            today=today,
            listed=figures.LISTED,
            **figures.OVERVIEW_ESTABLISHMENT.for_user(user),
            **figures.OVERVIEW_RETIREMENT.for_user(user),
        )
        return context


class OverviewChartsView(RegionRolesOnly, TemplateView):
    """The overview's charts, a fragment the overview loads once shown: five years of figures
    in force and the retirements to come read the whole roster of a city."""

    template_name = "people/includes/overview_charts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        drawn = figures.OVERVIEW_CHARTS.for_user(user)
        trend_charts, trend_table = charts.trend_charts(drawn["trend"], today)
        context.update(
            usage_by_type=charts.usage_by_type(
                figures.OVERVIEW_ESTABLISHMENT.for_user(user)["totals"]
            ),
            usage_by_system=drawn["usage_by_system"],
            trend_charts=trend_charts,
            trend_table=trend_table,
            retirement_chart=charts.retirement_chart(drawn["retirements"], today),
        )
        return context


class OverviewDuplicatesView(RegionRolesOnly, TemplateView):
    """重名人员 of the overview, a fragment the overview loads once shown: grouping 188,000
    names takes a city's database a third of a second, which the rest of the page need not wait
    for."""

    template_name = "people/includes/overview_duplicates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            listed=figures.LISTED, **figures.OVERVIEW_DUPLICATES.for_user(self.request.user)
        )
        return context
