"""Named personnel (``personnel``) and the change requests units report (``requests``)."""

from ..idnumbers import BIRTH_DATE_DISAGREES, SEX_DISAGREES
from .personnel import (
    END_FIELDS_REQUIRED,
    NOT_COUNTING_NEEDS_DOCUMENT,
    OVER_QUOTA_NEEDS_DOCUMENT,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from .requests import ChangeRequest, ChangeRequestEvent, ChangeRequestItem
from .roster_switch import RosterImportSwitch

__all__ = [
    "BIRTH_DATE_DISAGREES",
    "END_FIELDS_REQUIRED",
    "NOT_COUNTING_NEEDS_DOCUMENT",
    "OVER_QUOTA_NEEDS_DOCUMENT",
    "SEX_DISAGREES",
    "ChangeRequest",
    "ChangeRequestEvent",
    "ChangeRequestItem",
    "EstablishmentRecord",
    "LeadershipAppointment",
    "Person",
    "RosterImportSwitch",
]
