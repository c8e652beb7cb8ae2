"""Real concurrency (architecture.md, "Tests"): threads race, each on its own database connection,
for the last vacancy or the last available slot. The services lock what they check, so exactly one
wins and the others are refused with a ValidationError. PostgreSQL only: SQLite serialises writers
for the whole database and would prove nothing."""

from bianzhi.history import attribute, system_actor
from people import services
from people.models import EstablishmentRecord
from staffing import services as staffing_services
from staffing.models import UsagePermit
from staffing.selectors import line_figures
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.concurrency import RACING, outcomes, race
from tests.kit.factories import InstitutionFactory

pytestmark = RACING

THREADS = 8
ON = day(3, 2)


def entry(person, line, permit):
    actor = system_actor()

    def call():
        return services.entry_register(
            person=person,
            quota_line=line,
            permit=permit,
            post_category="management",
            entry_way="civil_exam",
            entry_on=ON,
            actor=actor,
        )

    return call


def test_many_entries_racing_for_the_one_slot_of_a_permit_end_with_one_success(region, finance):
    line = builders.quota(finance, 1)
    permit = builders.permit(line, 1)
    people = [builders.person(region, f"考生{i + 1}") for i in range(THREADS)]

    wins, losses = outcomes(race([entry(p, line, permit) for p in people]))

    assert (len(wins), len(losses)) == (1, THREADS - 1)
    assert EstablishmentRecord.objects.filter(quota_line=line).count() == 1
    figures = line_figures(line, on=ON)
    assert (figures.occupied, figures.reserved, figures.available) == (1, 0, 0)


def test_many_entries_with_several_permits_racing_for_one_vacancy_end_with_one_success(
    region, finance
):
    line = builders.quota(finance, 1)
    first = builders.permit(line, 1)
    # Rule 16 lets no service path reserve more places than the line has; legacy data can, and
    # entry must still let only one person through.
    permits = [first]
    for n in range(3):
        extra = UsagePermit(
            number=f"{first.number}-历史{n + 1}",
            quota_line=line,
            count=1,
            purpose=first.purpose,
            issued_on=first.issued_on,
            expires_on=first.expires_on,
        )
        attribute(extra, actor=system_actor(), reason="历史数据")
        extra.save()
        permits.append(extra)
    people = [builders.person(region, f"考生{i + 1}") for i in range(THREADS)]

    wins, losses = outcomes(
        race([entry(p, line, permits[i % len(permits)]) for i, p in enumerate(people)])
    )

    assert (len(wins), len(losses)) == (1, THREADS - 1)
    assert line_figures(line, on=ON).occupied == 1


def test_permits_racing_for_the_last_available_slot_end_with_one_permit(finance):
    line = builders.quota(finance, 3)
    builders.staff(line, 2)
    actor = system_actor()

    def issue():
        return staffing_services.permit_issue(
            quota_line=line,
            count=1,
            issued_on=ON,
            expires_on=builders.EXPIRES,
            actor=actor,
        )

    wins, losses = outcomes(race([issue, issue]))

    assert (len(wins), len(losses)) == (1, 1)
    assert UsagePermit.objects.filter(quota_line=line, issued_on=ON).count() == 1
    assert line_figures(line, on=ON).available == 0


def test_many_permits_racing_for_the_last_available_slot_end_with_one_permit(finance):
    line = builders.quota(finance, 1)
    actor = system_actor()

    def issue():
        return staffing_services.permit_issue(
            quota_line=line,
            count=1,
            issued_on=ON,
            expires_on=builders.EXPIRES,
            actor=actor,
        )

    wins, _ = outcomes(race([issue] * THREADS))

    assert len(wins) == 1
    assert UsagePermit.objects.filter(quota_line=line).count() == 1


def test_permits_issued_at_once_in_one_region_get_distinct_numbers(region):
    lines = [
        builders.quota(InstitutionFactory(region=region, full_name=f"测试县第{i + 1}局"), 1)
        for i in range(THREADS)
    ]
    actor = system_actor()

    def issue(line):
        return lambda: staffing_services.permit_issue(
            quota_line=line,
            count=1,
            issued_on=ON,
            expires_on=builders.EXPIRES,
            actor=actor,
        )

    wins, _ = outcomes(race([issue(line) for line in lines]))

    assert sorted(p.number for p in wins) == [
        f"示编用〔{ON.year}〕第{n:03d}号" for n in range(1, THREADS + 1)
    ]
