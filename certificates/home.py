"""待发证 on the office's home page (bianzhi.home): the 可发证 list's first few (publicities ended
without an open objection, selectors.ready_to_issue), each with a direct link to issuing its
certificate."""

from django.urls import reverse
from django.utils.http import urlencode

from bianzhi import access
from bianzhi.home import Counter, Panel, Section, register

from . import selectors
from .models import Certificate, Publicity

# The first few on the home page; the 可发证 list has all of them.
SHOWN = 6


def _awaiting(user, today):
    publicities = access.restrict(Publicity.objects.all(), user)
    return selectors.ready_to_issue(publicities, today)


@register
class AwaitingIssue(Section):
    roles = access.OFFICE_ROLES
    order = 20

    def counters(self, user, today):
        return [
            Counter(
                "待发证",
                _awaiting(user, today).count(),
                reverse("certificates:ready_list"),
                hint="公示期满、没有未处理异议的单位（规则 20）",
            )
        ]

    def panel(self, user, today):
        if not access.can(user, access.Action.ADD, Certificate):
            return None
        awaiting = _awaiting(user, today).select_related("institution")
        shown = list(awaiting.order_by("ends_on", "pk")[:SHOWN])
        if not shown:
            return None
        issue = reverse("certificates:certificate_issue")
        return Panel(
            "home/awaiting_issue.html",
            {
                "publicities": [
                    (publicity, f"{issue}?{urlencode({'institution': publicity.institution_id})}")
                    for publicity in shown
                ],
                "total": awaiting.count(),
                "list_url": reverse("certificates:ready_list"),
            },
        )
