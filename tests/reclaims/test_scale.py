"""Rule 25 at city scale: the scan's queries do not grow with the number of units, whether it
proposes, updates or finds nothing to change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reclaims.detection import reclaims_scan
from tests.kit import builders
from tests.kit.clock import TODAY
from tests.kit.factories import PublicInstitutionFactory

pytestmark = pytest.mark.django_db


def units_with_vacancies(region, count: int, start: int = 0):
    for serial in range(start, start + count):
        unit = PublicInstitutionFactory(region=region, full_name=f"测试县第{serial}服务中心")
        line = builders.quota(unit, 4)
        builders.staff(line, 1)


def scan_queries() -> tuple[int, int]:
    """Queries of a scan that proposes, then of a rescan that changes nothing."""
    with CaptureQueriesContext(connection) as proposing:
        assert reclaims_scan(today=TODAY).created
    with CaptureQueriesContext(connection) as unchanged:
        assert not reclaims_scan(today=TODAY).created
    return len(proposing), len(unchanged)


def test_the_scan_runs_the_same_queries_for_two_units_or_six(region):
    units_with_vacancies(region, 2)
    few = scan_queries()
    units_with_vacancies(region, 6, start=2)
    many = scan_queries()
    assert many == few, "the scan runs a query per line"
