"""``{% breach_card_url as url %}``: where the region overview's 自查 card loads its count from
(people's overview may not import checks, which sits above it); None when the user may not open
自查. The count is a fragment of its own, loaded after the page: running every check over a city
is the dearest figure of the overview, and the page need not wait for it."""

from django import template
from django.urls import reverse

from bianzhi import access

register = template.Library()


@register.simple_tag(takes_context=True)
def breach_card_url(context):
    if not access.SELF_CHECK.allows(context["request"].user):
        return None
    return reverse("checks:overview_card")
