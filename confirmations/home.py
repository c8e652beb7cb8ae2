"""The 身份确认 count on the home page (bianzhi.home) of a 组织 or 人社 partner: its
department's statuses still to be confirmed in its region, linked to the filtered worklist."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Section, register

from . import selectors
from .choices import KIND_OF, ConfirmationState


@register
class PendingConfirmations(Section):
    roles = frozenset({access.Role.PARTNER})
    order = 30

    def counters(self, user, today):
        kind = KIND_OF.get(access.department_of(user))
        if kind is None:
            return []
        records = selectors.with_kind(selectors.active_records(user), [kind])
        pending = selectors.in_state(records, ConfirmationState.PENDING)
        return [
            Counter(
                "待确认身份状态",
                pending.order_by().count(),
                reverse("confirmations:worklist") + f"?state={ConfirmationState.PENDING}",
                hint="编办登记的公务员登记或事业单位聘用，待本部门确认（规则 47）",
                alert=True,
            )
        ]
