"""``{% problem_overview %}``: the 问题台账 card of the region overview — open, overdue (rule
31) and awaiting verification (people's overview may not import oversight, which sits above
it)."""

from django import template

from ..home import overview_figures

register = template.Library()


@register.inclusion_tag("oversight/includes/overview_problems.html", takes_context=True)
def problem_overview(context):
    return {"figures": overview_figures(context["request"].user)}
