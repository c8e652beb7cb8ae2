"""``{% hospital_totals %}``: the public hospitals' card on the region overview — 编制 and 备案制
counted apart (rule 29). People's overview may not import hospitals, which sits above it; it
loads this library, as it does the 自查 card's (checks.templatetags)."""

from django import template
from django.utils import timezone

from bianzhi import access

from ..models import Hospital
from ..selectors import region_totals

register = template.Library()


@register.inclusion_tag("hospitals/includes/overview_card.html", takes_context=True)
def hospital_totals(context):
    user = context["request"].user
    hospitals = access.restrict(Hospital.objects.all(), user)
    return {"totals": region_totals(hospitals, on=timezone.localdate())}
