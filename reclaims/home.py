"""The 空编收回 count on the office's home page (bianzhi.home): pending proposals in the user's
region, linked to the filtered list (one count query)."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Section, register

from .choices import ReclaimState
from .models import ReclaimProposal


@register
class PendingReclaims(Section):
    roles = access.OFFICE_ROLES
    order = 45

    def counters(self, user, today):
        pending = access.restrict(ReclaimProposal.objects.all(), user).filter(
            state=ReclaimState.PENDING
        )
        return [
            Counter(
                "待处理空编收回建议",
                pending.count(),
                reverse("reclaims:proposal_list") + f"?state={ReclaimState.PENDING}",
                hint="出编、调出或长期空编形成的可用空编，待收回或保留（规则 25）",
                alert=True,
            )
        ]
