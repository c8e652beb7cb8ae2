"""People's part of the home page (bianzhi.home): the office's figures that need dealing with,
and each role's own list of requests (我的待办 / 待审核 / 待核准)."""

from django.urls import reverse
from django.utils.http import urlencode

from bianzhi import access
from bianzhi.access import Role
from bianzhi.home import Counter, Panel, Section, register

from . import figures, inbox, supervision
from .models import ChangeRequest

# The home panel shows the most urgent few; the rest are one click away.
TASKS_SHOWN = 8


@register
class OfficeFigures(Section):
    """超编单位, 逾期未报, 待核准 and people past retirement: from the overview's cached figure
    sets and two COUNTs, whatever the number of units."""

    roles = access.OFFICE_ROLES
    order = 10

    def counters(self, user, today):
        establishment = figures.OVERVIEW_ESTABLISHMENT.for_user(user)
        over_units = len({line.institution_id for line in establishment["over_established"]})
        requests = access.restrict(ChangeRequest.objects.all(), user)
        timeliness = supervision.summary(
            requests, period=supervision.Period.year_to_date(today), today=today
        )
        retired = figures.OVERVIEW_RETIREMENT.for_user(user)["past_retirement_total"]
        return [
            Counter(
                "超编单位",
                over_units,
                reverse("people:overview") + "#over-established",
                hint="实有人数超过核定编制的单位",
                alert=True,
            ),
            Counter(
                "逾期未报",
                timeliness.overdue,
                reverse("people:supervision") + "?" + urlencode({"tab": "overdue"}),
                hint=f"超过报送时限仍未报送的变动，涉及 {timeliness.units_overdue} 个单位（规则 9）",
                alert=True,
            ),
            Counter(
                "待核准",
                inbox.awaiting_office(requests).count(),
                reverse("people:notifications"),
                hint="已审核或无需审核、等待编办核准的申报",
                alert=True,
            ),
            Counter(
                "超过退休时间仍在编",
                retired,
                reverse("people:person_list")
                + "?"
                + urlencode({"check": "past_retirement", "sort": "birth_date"}),
                hint="应办未办的出编（规则 10）",
                alert=True,
            ),
        ]


@register
class Tasks(Section):
    """A clerk's drafts (with their deadlines) and returned requests, a reviewer's submissions to
    review, the office's to approve: three queries, the first few, their people, the total."""

    roles = frozenset({Role.CLERK, Role.REVIEWER}) | access.OFFICE_ROLES
    order = 30

    def panel(self, user, today):
        tasks = inbox.tasks_for(user)
        shown = list(tasks.requests[:TASKS_SHOWN])
        total = tasks.requests.count()
        return Panel(
            "people/includes/my_tasks.html",
            {
                "inbox": tasks,
                "entries": inbox.entries(shown, today=today),
                "total": total,
                "more": total - len(shown),
                "today": today,
            },
            width="col-12" if access.role_of(user) == Role.REVIEWER else "col-xl-6",
        )
