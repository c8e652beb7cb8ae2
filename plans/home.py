"""The plan's part of the home page (bianzhi.home): this year's plan progress for the office and
partners, and for a unit's clerk its own approved plan."""

from django.urls import reverse
from django.utils import timezone

from bianzhi import access
from bianzhi.access import Role
from bianzhi.home import Panel, Section, register

from . import selectors
from .models import AnnualPlan, PlanLine


@register
class PlanProgress(Section):
    """本年度用编进人计划: planned / used and a bar, linked to the plan page (or the unit's lines)."""

    roles = access.REGION_ROLES | {Role.CLERK, Role.REVIEWER}
    order = 40

    def panel(self, user, today):
        lines = access.restrict(PlanLine.objects.all(), user)
        progress = selectors.progress(lines, today.year)
        if not progress.planned and not lines.filter(plan__year=today.year).exists():
            return None
        plan = access.restrict(AnnualPlan.objects.filter(year=today.year), user).first()
        if plan is not None and access.REGION_FIGURES.allows(user):
            url = plan.get_absolute_url()
        else:
            url = reverse("plans:line_list") + f"?year={today.year}"
        return Panel("plans/includes/home_progress.html", {"progress": progress, "url": url})


def current_progress(user):
    """This year's plan progress in ``user``'s scope, for the overview's card."""
    year = timezone.localdate().year
    return selectors.progress(access.restrict(PlanLine.objects.all(), user), year)
