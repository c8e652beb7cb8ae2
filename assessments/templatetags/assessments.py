"""``{% assessments_in_progress %}``: the rounds in progress on the region overview (people's
overview may not import assessments, which sits above it)."""

from django import template

from ..selectors import rounds_in_progress

register = template.Library()


@register.inclusion_tag("assessments/includes/overview_card.html", takes_context=True)
def assessments_in_progress(context):
    return {"in_progress": rounds_in_progress(context["request"].user)}
