"""``{% case_figures as cases %}``: open and overdue 违规案件 for the region overview's cards
(people's overview may not import cases, which sits above it); None for roles that see no
cases."""

from django import template
from django.utils import timezone

from ..selectors import figures_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_figures(context):
    return figures_for(context["request"].user, timezone.localdate())
