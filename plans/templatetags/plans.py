"""``{% plan_progress %}``: this year's 用编进人计划 progress card on the region overview (people's
overview may not import plans, which sits above it)."""

from django import template

from ..home import current_progress
from ..models import AnnualPlan

register = template.Library()


@register.inclusion_tag("plans/includes/overview_progress.html", takes_context=True)
def plan_progress(context):
    user = context["request"].user
    progress = current_progress(user)
    plan = (
        AnnualPlan.objects.filter(region=context.get("region"), year=progress.year).first()
        if context.get("region")
        else None
    )
    return {"progress": progress, "plan": plan}
