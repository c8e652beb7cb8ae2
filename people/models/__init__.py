"""Named personnel (``personnel``) and the change requests units report (``requests``)."""

from .personnel import (
    BIRTH_DATE_DISAGREES,
    END_FIELDS_REQUIRED,
    NOT_COUNTING_NEEDS_DOCUMENT,
    OVER_QUOTA_NEEDS_DOCUMENT,
    SEX_DISAGREES,
    EstablishmentRecord,
    LeadershipAppointment,
    Person,
)
from .requests import ChangeRequest, ChangeRequestEvent, ChangeRequestItem

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
]
