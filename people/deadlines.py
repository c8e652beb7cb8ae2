"""The reporting deadline (rule 9): a change is due a set number of days after it occurred."""

import datetime

from django.conf import settings


def reporting_days(kind: str) -> int:
    """Days a unit has to report a change of ``kind`` (``BIANZHI["REPORTING_DAYS"]``, default 30,
    or the kind's own period from ``BIANZHI["REPORTING_DAYS_BY_KIND"]``)."""
    options = settings.BIANZHI
    return options.get("REPORTING_DAYS_BY_KIND", {}).get(kind, options.get("REPORTING_DAYS", 30))


def due_date(kind: str, occurred_on: datetime.date) -> datetime.date:
    """应报日期 = 发生日期 + the kind's reporting period; submitting on it is still on time."""
    return occurred_on + datetime.timedelta(days=reporting_days(kind))


def warning_days() -> int:
    return settings.BIANZHI.get("DEADLINE_WARNING_DAYS", 7)
