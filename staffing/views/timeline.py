"""沿革: the history of one institution, oldest first."""

from bianzhi.views import ObjectDetailView
from orgs.models import Institution

from .. import timeline


class InstitutionTimelineView(ObjectDetailView):
    """Establishment, quota adjustments, leadership quota changes, renames and abolition."""

    model = Institution
    queryset = Institution.objects.select_related(
        "region", "parent", "establishing_document", "abolition_document"
    )
    template_name = "staffing/institution_timeline.html"
    tab = "timeline"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            ancestors=list(reversed(self.object.ancestors())),
            events=timeline.timeline(self.object),
        )
        return context
