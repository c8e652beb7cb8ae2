"""``{% breach_total as total %}``: the 自查 count for the region overview's card (people's
overview may not import checks, which sits above it); None when the user may not open 自查."""

from django import template

from bianzhi import access

from .. import figures

register = template.Library()


@register.simple_tag(takes_context=True)
def breach_total(context):
    user = context["request"].user
    if not access.SELF_CHECK.allows(user):
        return None
    return figures.REPORT.for_user(user)["breach_total"]
