"""Standing checks of the identity statuses the 组织 and 人社 partners confirm (rules 47, 48):
a rejected status is a breach per person; unconfirmed ones are listed per unit, so a city whose
partners have not started yet reads a few thousand rows, not every civil servant."""

from django.db.models import Count
from django.urls import reverse

from confirmations import selectors
from confirmations.choices import DEPARTMENT_OF, ConfirmationState, StatusKind
from orgs.models import Institution

from .registry import Check, register


def _rows(user):
    return selectors.with_confirmation(selectors.active_records(user), list(StatusKind)).order_by(
        "quota_line__institution__sort_order", "quota_line__institution_id", "person__name"
    )


@register
class RejectedIdentity(Check):
    code = "identity_rejected"
    rules = (48,)
    title = "身份状态被组织、人社部门退回"
    fix = "核实后更正公务员登记、聘用合同登记或编制、岗位；更正后由该部门重新确认。"

    def find(self, user, today):
        records = _rows(user).filter(confirmation_state=ConfirmationState.REJECTED)
        return [
            self.breach(
                institution=record.quota_line.institution,
                subject=record.person.name,
                url=record.person.get_absolute_url(),
                detail=f"{StatusKind(record.status_kind).label}被"
                f"{DEPARTMENT_OF[StatusKind(record.status_kind)].label}退回："
                f"{record.confirmation_reason}",
            )
            for record in records
        ]


@register
class UnconfirmedIdentity(Check):
    code = "identity_pending"
    rules = (47,)
    title = "身份状态待组织、人社部门确认"
    fix = "提请组织部门确认公务员登记、人社部门确认事业单位聘用；登记信息变更后须重新确认。"

    def find(self, user, today):
        unit = "quota_line__institution"
        rows = (
            _rows(user)
            .filter(confirmation_state=ConfirmationState.PENDING)
            .order_by()
            .values(unit, f"{unit}__full_name", f"{unit}__sort_order", "status_kind")
            .annotate(count=Count("pk"))
            .order_by(f"{unit}__sort_order", unit, "status_kind")
        )
        url = reverse("confirmations:worklist")
        return [
            self.breach(
                # The unit as the row names it: no query per unit, nor one more for them all.
                institution=Institution(pk=row[unit], full_name=row[f"{unit}__full_name"]),
                subject=f"{row['count']} 人",
                url=f"{url}?institution={row[unit]}",
                detail=f"{row['count']} 人的{StatusKind(row['status_kind']).label}待"
                f"{DEPARTMENT_OF[StatusKind(row['status_kind'])].label}确认",
            )
            for row in rows
        ]
