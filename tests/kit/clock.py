"""The test clock: time is an input of the suite.

The whole run sees one frozen day, ``TODAY``: ``BIANZHI_TEST_TODAY`` (ISO date) when set, else the
real date in Beijing. Scenarios happen in the kit's year, ``YEAR``, the last common (non-leap)
year before ``TODAY``'s, so every date of a scenario is in the past on any day the suite runs; what must still
be open on the day of the run (a permit's expiry) is counted from ``TODAY``.
"""

import calendar
import datetime
import os
import zoneinfo

from django.conf import settings

ENV = "BIANZHI_TEST_TODAY"


def _today() -> datetime.date:
    value = os.environ.get(ENV)
    if value:
        return datetime.date.fromisoformat(value)
    return datetime.datetime.now(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def _scenario_year(today: datetime.date) -> int:
    year = today.year - 1
    while calendar.isleap(year):
        year -= 1
    return year


TODAY = _today()
# A common year, so that the day counts a scenario asserts (days late, durations) hold every year.
YEAR = _scenario_year(TODAY)
# Early morning in Beijing, when a UTC clock still shows the day before: code that reads the date
# with ``date.today()`` on a UTC server instead of ``timezone.localdate()`` fails the suite.
HOUR = int(os.environ.get("BIANZHI_TEST_HOUR", "7"))


def day(month: int, day_of_month: int, *, years: int = 0) -> datetime.date:
    """A date of the kit's year (or ``years`` before or after it)."""
    return datetime.date(YEAR + years, month, day_of_month)


def moment() -> datetime.datetime:
    """The instant the suite's clock starts at: ``TODAY`` at ``HOUR`` o'clock in Beijing."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(TODAY, datetime.time(HOUR), tzinfo=zone)
