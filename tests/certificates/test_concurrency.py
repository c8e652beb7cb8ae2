"""Serial numbers under concurrent issue (PostgreSQL only: SQLite serialises writers for the whole
database and would prove nothing). Every unit issued at once gets a distinct serial."""

from django.utils import timezone

from bianzhi.history import system_actor
from certificates import services
from certificates.models import Certificate
from tests.kit.concurrency import RACING, outcomes, race
from tests.kit.factories import PublicInstitutionFactory, RegionFactory

from .scene import ended_publicity, staffed

pytestmark = RACING

THREADS = 8


def test_certificates_issued_at_once_in_one_region_get_distinct_serials():
    region = RegionFactory(name="并发县")
    units = [
        staffed(
            PublicInstitutionFactory(region=region, full_name=f"并发县第{i + 1}所"),
            names=(f"职工{i + 1}",),
        )
        for i in range(THREADS)
    ]
    for unit in units:
        ended_publicity(unit)
    actor = system_actor()

    def issue(unit):
        return lambda: services.certificate_issue(institution=unit, actor=actor, store_pdf=False)

    wins, losses = outcomes(race([issue(unit) for unit in units]))

    assert (len(wins), len(losses)) == (THREADS, 0)
    year = timezone.localdate().year
    assert sorted(c.number for c in Certificate.objects.filter(region=region)) == [
        f"示编证〔{year}〕第{n:04d}号" for n in range(1, THREADS + 1)
    ]


def test_the_same_unit_issued_twice_at_once_gets_one_certificate():
    region = RegionFactory(name="并发县")
    unit = staffed(PublicInstitutionFactory(region=region, full_name="并发县一所"))
    ended_publicity(unit)
    actor = system_actor()

    def issue():
        return services.certificate_issue(institution=unit, actor=actor, store_pdf=False)

    wins, losses = outcomes(race([issue] * 4))

    assert (len(wins), len(losses)) == (1, 3)
    assert Certificate.objects.filter(institution=unit).count() == 1
