"""Changes the system can foresee (rule 9): a person past retirement and still in establishment
is an exit their unit owes, drafted for it (系统预警)."""

import datetime

from django.db import transaction

from bianzhi.history import save_tracked, system_actor

from .. import selectors
from ..choices import (
    CLOSED_STATES,
    EndReason,
    RequestAction,
    RequestKind,
    RequestOrigin,
)
from ..deadlines import due_date
from ..models import ChangeRequest, ChangeRequestItem, EstablishmentRecord
from .services import record_event

EXPECTED_EXIT_REASON = "系统预警：%(name)s 已于 %(month)s 达到退休年龄，仍在编，应办理退休出编。"


@transaction.atomic
def expected_exits_create(*, today: datetime.date | None = None) -> list[ChangeRequest]:
    """A person past their retirement month and still active is an expected 出编 of their unit,
    occurred on the first day of that month (or on entry, for one who entered later): a draft
    the unit completes and submits, overdue once the deadline has passed. Made once per record."""
    actor = system_actor()
    # Items without a record (entries, appointments) must not reach the NOT IN: one NULL there
    # would exclude every record.
    pending = (
        ChangeRequestItem.objects.exclude(request__state__in=CLOSED_STATES)
        .exclude(record=None)
        .values("record_id")
    )
    records = selectors.past_retirement(
        EstablishmentRecord.objects.exclude(pk__in=pending), today=today
    )
    created = []
    for record in records:
        month = record.retirement_month()
        occurred_on = max(month, record.entry_on)
        request = ChangeRequest(
            institution=record.quota_line.institution,
            kind=RequestKind.EXIT,
            origin=RequestOrigin.EXPECTED,
            occurred_on=occurred_on,
            due_on=due_date(RequestKind.EXIT, occurred_on),
            reason=EXPECTED_EXIT_REASON % {"name": record.person.name, "month": f"{month:%Y-%m}"},
            created_by=actor,
        )
        save_tracked(request, actor=actor, reason="系统预警：应办理退休出编")
        record_event(request, RequestAction.CREATE, "", actor)
        item = ChangeRequestItem(
            request=request,
            person=record.person,
            record=record,
            person_name=record.person.name,
            id_number=record.person.id_number,
            data={"end_reason": EndReason.RETIREMENT},
        )
        save_tracked(item, actor=actor, reason="系统预警：应办理退休出编")
        created.append(request)
    return created
