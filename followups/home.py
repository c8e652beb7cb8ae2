"""跟踪问效 on the office's home page (bianzhi.home): follow-ups due this month and overdue in
the user's region (rule 40), and 处理意见 awaiting a decision (rule 41), each linked to the
filtered list."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Section, register

from .choices import ProposalState
from .models import FollowUp, Proposal
from .selectors import due_figures


@register
class DueFollowUps(Section):
    roles = access.OFFICE_ROLES
    order = 46

    def counters(self, user, today):
        figures = due_figures(access.restrict(FollowUp.objects.all(), user), today)
        pending = (
            access.restrict(Proposal.objects.all(), user)
            .filter(state=ProposalState.PENDING)
            .count()
        )
        url = reverse("followups:followup_list")
        return [
            Counter(
                "本月到期跟踪问效",
                figures.this_month,
                url + "?due=month",
                hint="批复6个月、1年的机构编制事项本月应问效，含本月已过期的（规则 40）",
            ),
            Counter(
                "逾期未问效",
                figures.overdue,
                url + "?due=overdue",
                hint="已过应问效日期仍未完成问效的事项（规则 40）",
                alert=True,
            ),
            Counter(
                "待处理问效处理意见",
                pending,
                url + f"?proposal={ProposalState.PENDING}",
                hint="问效综合得分低于60分，提出撤并或核减的处理意见（规则 41）",
                alert=True,
            ),
        ]
