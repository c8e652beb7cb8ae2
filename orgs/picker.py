"""The endpoint of ``bianzhi.forms.InstitutionPicker``: the active units in the user's scope whose
name contains what was typed, as buttons to pick one (htmx fragment). Bounded: at most
``LIMIT`` units, the first by region and sort order."""

from django.db.models import Q
from django.views.generic import TemplateView

from bianzhi.forms import PICKER_QUERY
from bianzhi.views import ScopedViewMixin

from .choices import Status
from .models import Institution

LIMIT = 20


class InstitutionPickerView(ScopedViewMixin, TemplateView):
    model = Institution
    template_name = "orgs/includes/institution_options.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get(PICKER_QUERY, "").strip()[:50]
        institutions = []
        if query:
            institutions = list(
                self.get_queryset()
                .filter(status=Status.ACTIVE)
                .filter(
                    Q(full_name__icontains=query)
                    | Q(short_name__icontains=query)
                    | Q(other_names__icontains=query)
                )
                .select_related("region")
                .order_by("region__code", "sort_order", "full_name")[: LIMIT + 1]
            )
        context.update(
            query=query, institutions=institutions[:LIMIT], more=len(institutions) > LIMIT
        )
        return context
