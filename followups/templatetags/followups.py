"""跟踪问效 blocks on pages of lower apps, which may not import this one: the overview's card of
follow-ups due this month and overdue (rule 40), and the 八问 research panel on a change
request's or an adjustment's page (rule 42)."""

from django import template
from django.urls import reverse
from django.utils import timezone

from bianzhi import access
from people.choices import RequestState
from people.models import ChangeRequest
from staffing.models import Adjustment

from ..models import FollowUp, Research
from ..selectors import due_figures

register = template.Library()


@register.inclusion_tag("followups/includes/overview_due.html", takes_context=True)
def followups_due(context):
    user = context["request"].user
    if not access.can(user, access.Action.VIEW, FollowUp):
        return {"figures": None}
    today = timezone.localdate()
    return {
        "figures": due_figures(access.restrict(FollowUp.objects.all(), user), today),
        "list_url": reverse("followups:followup_list"),
    }


@register.inclusion_tag("followups/includes/research_panel.html", takes_context=True)
def research_panel(context, matter):
    """The 八问 research recorded on ``matter`` (a ChangeRequest or an Adjustment), and the button
    that records one: on a request only before it is approved."""
    user = context["request"].user
    # The office's working record: units and partners do not see the panel.
    if not access.can(user, access.Action.ADD, Research):
        return {"researches": None}
    if isinstance(matter, ChangeRequest):
        researches = Research.objects.filter(change_request=matter)
        query = f"request={matter.pk}"
        open_for_research = matter.state != RequestState.APPROVED
    elif isinstance(matter, Adjustment):
        researches = Research.objects.filter(adjustment=matter)
        query = f"adjustment={matter.pk}"
        open_for_research = True
    else:
        return {"researches": None}
    researches = access.restrict(researches, user).select_related("recorded_by")
    may_add = open_for_research
    return {
        "researches": list(researches),
        "add_url": f"{reverse('followups:research_add')}?{query}" if may_add else "",
        "is_adjustment": isinstance(matter, Adjustment),
    }
