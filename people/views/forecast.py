"""退休预测: per unit and establishment type, the people in post reaching their retirement month
in each of the next five years (rule 10), from the overview's chart and exported as a ledger."""

from django.utils import timezone

from bianzhi.views import ObjectListView

from .. import retirement_forecast
from ..choices import RecordStatus
from ..figures import RETIREMENT_FORECAST
from ..filtersets import RetirementForecastFilterSet
from ..models import EstablishmentRecord
from ..tables import RetirementForecastTable


class RetirementForecastView(ObjectListView):
    model = EstablishmentRecord
    table_class = RetirementForecastTable
    filterset_class = RetirementForecastFilterSet
    template_name = "people/retirement_forecast.html"
    title = "退休预测"
    export_kind = "retirement_forecast"

    def get_queryset(self):
        return super().get_queryset().filter(status=RecordStatus.ACTIVE)

    def get_table_data(self):
        # Unfiltered, the grouping runs over the whole scope (a city: 188,000 people), so it is
        # cached until the people or quotas change; a filtered view groups a part, afresh.
        if not self.is_filtered():
            return RETIREMENT_FORECAST.for_user(self.request.user)["rows"]
        return retirement_forecast.by_unit(self.object_list, self.today)

    def is_filtered(self) -> bool:
        return any(self.request.GET.get(name) for name in self.filterset.form.fields)

    def get_table_kwargs(self):
        return {"year_labels": retirement_forecast.year_labels(self.today)}

    @property
    def today(self):
        return timezone.localdate()
