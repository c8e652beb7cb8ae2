"""总量控制: the region's totals against control and pool, and setting a control total."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView

from bianzhi import access
from bianzhi.views import ScopedViewMixin

from .. import services
from ..figures import REGION_TOTALS
from ..forms import RegionTotalForm
from ..models import PoolBalance, RegionTotal
from .base import StaffingFormView

REGION_PAGE_ONLY = "编制总量控制按行政区划管理，仅编办人员和协作部门人员可查看。"


class RegionTotalsView(ScopedViewMixin, TemplateView):
    """总量控制: per type the total control, the units' quotas, the pool and the headroom.

    A region-wide figure: institution-scoped roles are refused rather than shown a part of it.
    """

    model = RegionTotal
    template_name = "staffing/region_totals.html"

    def dispatch(self, request, *args, **kwargs):
        if not access.REGION_FIGURES.allows(request.user):
            raise PermissionDenied(REGION_PAGE_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            records=access.restrict(RegionTotal.objects.select_related("region", "document"), user),
            pools=access.restrict(
                PoolBalance.objects.select_related("region").filter(balance__gt=0), user
            ),
            can_manage=access.can(user, access.Action.ADD, RegionTotal),
            **REGION_TOTALS.for_user(user),
        )
        return context


class RegionTotalSetView(StaffingFormView):
    model = RegionTotal
    form_class = RegionTotalForm
    title = "设定编制总量控制"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("type"):
            initial["establishment_type"] = self.request.GET["type"]
        return initial

    def perform(self, form):
        return services.region_total_set(actor=self.request.user, **form.cleaned_data)

    def get_success_message(self, result):
        return f"已设定{result.region}{result.get_establishment_type_display()}控制总数 {result.total} 名。"

    def get_success_url(self, result):
        return reverse("staffing:region_totals")
