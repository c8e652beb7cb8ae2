"""编制情况: the establishment page of one institution."""

from django.db.models import Case, F, IntegerField, Prefetch, Value, When
from django.utils import timezone

from bianzhi import access
from bianzhi.views import ObjectDetailView
from orgs.models import Institution

from .. import occupancy, selectors
from ..choices import PermitStatus, PostKind
from ..models import Adjustment, AdjustmentLine, PoolLoan, QuotaLine, SpecialQuota, UsagePermit
from ..pool_figures import loan_state, loans_with_figures, specials_with_figures
from ..post_structure import with_post_counts
from .base import url_or_none, with_use

# Leadership posts in the order of PostKind (单位正职 first), not in the alphabet of their codes.
POST_ORDER = Case(
    *(When(post_kind=kind, then=Value(index)) for index, kind in enumerate(PostKind)),
    output_field=IntegerField(),
)


def current_holders() -> Prefetch:
    """Current appointments of each leadership quota, with the person, in one query."""
    return Prefetch(
        occupancy.QUOTA_APPOINTMENTS,
        queryset=occupancy.current_appointments()
        .select_related("person")
        .order_by("started_on", "pk"),
        to_attr="holders",
    )


class InstitutionEstablishmentView(ObjectDetailView):
    """编制情况: the figures of each quota line, leadership posts and holders, and the 沿革."""

    model = Institution
    queryset = Institution.objects.select_related("region", "parent")
    template_name = "staffing/institution_establishment.html"
    tab = "establishment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        institution = self.object
        leadership = selectors.leadership_with_figures(
            institution.leadership_quotas.select_related("department", "document")
        ).prefetch_related(current_holders())
        today = timezone.localdate()
        loans = list(
            loans_with_figures(
                PoolLoan.objects.filter(quota_line__institution=institution)
            ).select_related("pool", "quota_line")
        )
        for loan in loans:
            loan.state = loan_state(loan, today)
        context.update(
            specials=specials_with_figures(
                SpecialQuota.objects.filter(quota_line__institution=institution)
            ).select_related("quota_line", "source", "document"),
            loans=loans,
            ancestors=list(reversed(institution.ancestors())),
            lines=with_post_counts(selectors.institution_lines(institution)),
            leadership=leadership.order_by(
                F("department__sort_order").asc(nulls_first=True), "department_id", POST_ORDER
            ),
            scheduled=selectors.scheduled_lines(institution),
            history=AdjustmentLine.objects.filter(institution=institution)
            .select_related("adjustment__document")
            .order_by("-adjustment__effective_on", "-adjustment_id", "pk"),
            open_permits=with_use(
                UsagePermit.objects.filter(
                    quota_line__institution=institution, status=PermitStatus.OPEN
                ).select_related("quota_line")
            ),
            people_list_url=url_or_none("people:person_list"),
            person_pages=url_or_none("people:person_list") is not None,
            can_manage=access.can(self.request.user, access.Action.ADD, Adjustment)
            and institution.is_active,
            can_set_structure=access.can(self.request.user, access.Action.CHANGE, QuotaLine)
            and institution.is_active,
        )
        return context
