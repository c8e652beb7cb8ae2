"""Builders for 空编收回 scenarios (rule 25)."""

import datetime

from bianzhi.history import system_actor
from people import services as people_services
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind
from staffing.services import LineChange
from tests.kit import builders
from tests.kit.clock import TODAY


def ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def full_line(institution, approved: int):
    """A line of ``approved`` slots, all filled in February of the kit's year."""
    line = builders.quota(institution, approved)
    records = builders.staff(line, approved)
    return line, records


def increase(line, delta: int, on: datetime.date):
    return staffing_services.adjustment_apply(
        region=line.institution.region,
        kind=AdjustmentKind.INCREASE,
        summary="增加编制",
        document=builders.document(line.institution),
        effective_on=on,
        lines=[LineChange(line.establishment_type, delta, line.institution, line.funding_form)],
        actor=system_actor(),
    )


def leave(record, on: datetime.date, actor=None):
    return people_services.exit_register(
        record=record, ended_on=on, end_reason="retirement", actor=actor or system_actor()
    )
