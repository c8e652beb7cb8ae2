"""Who occupies staffing's quotas: the one seam between staffing and people's records.

实有 (occupied) counts people's establishment records and 实配 (filled) counts their leadership
appointments, but people sits above staffing in the layers, so staffing may not import them. It
reaches them only here, through the reverse relations people declares onto staffing's models,
and defines here what "active" and "current" mean. people's ``RecordStatus.ACTIVE`` takes its
value from ``ACTIVE_RECORD_STATUS``; tests/staffing/test_occupancy.py checks the seam against
people's models.
"""

import datetime

from django.db.models import Q, QuerySet

from .models import LeadershipQuota, QuotaLine

# A record in establishment (在编): the one status that occupies its quota line.
ACTIVE_RECORD_STATUS = "active"

# The reverse relations people's models declare onto staffing's.
LINE_RECORDS = "records"  # QuotaLine ← EstablishmentRecord.quota_line
PERMIT_RECORDS = "records"  # UsagePermit ← EstablishmentRecord.permit
QUOTA_APPOINTMENTS = "appointments"  # LeadershipQuota ← LeadershipAppointment.quota

# A record's post category (people's ``PostCategory`` values) → the quota line's field of the
# post structure (编制结构) it counts against.
RECORD_POST_CATEGORY = "post_category"
STRUCTURE_FIELDS = {
    "management": "management_posts",
    "professional": "professional_posts",
    "worker": "worker_posts",
}


def record_model():
    """people.EstablishmentRecord."""
    return QuotaLine._meta.get_field(LINE_RECORDS).related_model


def appointment_model():
    """people.LeadershipAppointment."""
    return LeadershipQuota._meta.get_field(QUOTA_APPOINTMENTS).related_model


def records() -> QuerySet:
    """Every establishment record, active or ended."""
    return record_model().objects.all()


# A record entered on a permit of a talent special quota occupies that special quota, not its
# line's regular quota (rule 27).
SPECIAL_QUOTA_OF_RECORD = "permit__special_quota"


def record_held_on(day: datetime.date, prefix: str = "") -> Q:
    """A record counts from its entry date and no longer counts from its end date."""
    return Q(**{f"{prefix}entry_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def on_regular_quota(prefix: str = "") -> Q:
    """The records of its line's regular quota (A), not of a talent special quota (rule 27)."""
    return Q(**{f"{prefix}{SPECIAL_QUOTA_OF_RECORD}__isnull": True})


def active_records(queryset: QuerySet | None = None) -> QuerySet:
    """The records that occupy their quota line's regular quota now (实有), of ``queryset`` or of
    all: holders of a talent special quota are counted apart (``special_records``, rule 27), so
    they never hide a line's over-establishment."""
    return (records() if queryset is None else queryset).filter(
        status=ACTIVE_RECORD_STATUS, **{f"{SPECIAL_QUOTA_OF_RECORD}__isnull": True}
    )


def special_records(queryset: QuerySet | None = None) -> QuerySet:
    """The records in establishment on a talent special quota (专项编制 实有, rule 27)."""
    return (records() if queryset is None else queryset).filter(
        status=ACTIVE_RECORD_STATUS, **{f"{SPECIAL_QUOTA_OF_RECORD}__isnull": False}
    )


def current_appointments(queryset: QuerySet | None = None) -> QuerySet:
    """The appointments not ended: the current holders of leadership posts."""
    appointments = appointment_model().objects.all() if queryset is None else queryset
    return appointments.filter(ended_on__isnull=True)


def counting_appointments(queryset: QuerySet | None = None) -> QuerySet:
    """The current appointments that count against their leadership quota (实配)."""
    return current_appointments(queryset).filter(counts_against_quota=True)
