"""Standing checks of the identity statuses the 组织 and 人社 partners confirm (rules 47, 48):
a rejected status is a breach per person; unconfirmed ones are listed per unit, so a city whose
partners have not started yet reads a few thousand rows, not every civil servant."""

from typing import NamedTuple

from django.db.models import Count
from django.urls import reverse

from confirmations import selectors
from confirmations.choices import DEPARTMENT_OF, ConfirmationState, StatusKind

from .registry import Check, register


class Unit(NamedTuple):
    """What a breach reads of its unit; lighter than an ``Institution`` for a city's 6,700."""

    pk: int
    full_name: str


def _in_state(user, state):
    records = selectors.with_kind(selectors.active_records(user), list(StatusKind))
    return selectors.in_state(records, state)


@register
class RejectedIdentity(Check):
    code = "identity_rejected"
    rules = (48,)
    title = "身份状态被组织、人社部门退回"
    fix = "核实后更正公务员登记、聘用合同登记或编制、岗位；更正后由该部门重新确认。"

    def find(self, user, today):
        # The few rejected records found first, then each one's confirmation read.
        records = selectors.confirmation_of(_in_state(user, ConfirmationState.REJECTED)).order_by(
            "quota_line__institution__sort_order", "quota_line__institution_id", "person__name"
        )
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
        # One grouped query per status, each over that status's records only.
        rows = [
            (*row, kind)
            for kind in StatusKind
            for row in selectors.in_state(
                selectors.with_kind(selectors.active_records(user), [kind]),
                ConfirmationState.PENDING,
            )
            .order_by()
            .values_list(f"{unit}__sort_order", unit, f"{unit}__full_name")
            .annotate(count=Count("pk"))
        ]
        rows.sort(key=lambda row: (row[0], row[1], row[4]))
        url = reverse("confirmations:worklist")
        return [
            self.breach(
                # The unit as the row names it: no query per unit, nor one more for them all.
                institution=Unit(pk, name),
                subject=f"{count} 人",
                url=f"{url}?institution={pk}",
                detail=f"{count} 人的{kind.label}待{DEPARTMENT_OF[kind].label}确认",
            )
            for _, pk, name, count, kind in rows
        ]
