"""A city aggregates its counties: each county's package imported into the city gives the city
the sum of the counties' figures (issue 20 item 5, rules 49–50)."""

import datetime

import pytest
import time_machine

from orgs.models import Institution, InternalDepartment
from people.asof import end_of_day, snapshot
from people.choices import RecordStatus
from people.models import EstablishmentRecord, Person

from . import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def counties(fresh_id_serials):
    city = scenario.city()
    north = scenario.county(city, "990121", "北县", staffed=3, over=1)
    south = scenario.county(city, "990122", "南县", staffed=5)
    return city, north, south


def test_the_citys_figures_after_importing_each_county_are_the_sum_of_the_counties(counties, today):
    city, north, south = counties
    before = {c.region.code: scenario.figures(c.region) for c in (north, south)}
    packages = [scenario.packed(c.region, today) for c in (north, south)]
    people = Person.objects.count()
    for c in (north, south):
        scenario.wipe(c.region)
    assert scenario.figures(city) == scenario.summed(
        *(dict.fromkeys(before["990121"], (0, 0, 0, 0)),)
    )

    for data in packages:
        scenario.load(data)

    assert scenario.figures(city) == scenario.summed(before["990121"], before["990122"])
    assert scenario.figures(north.region) == before["990121"]
    assert scenario.figures(south.region) == before["990122"]
    assert Person.objects.count() == people


def test_importing_the_same_package_again_writes_no_history(counties, today):
    _, north, _ = counties
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)
    first = scenario.load(data)
    rows = scenario.tracked_rows()

    second = scenario.load(data)

    assert first.writes > 0
    latest = Person.history.latest("history_id")
    assert latest.history_user.username == "system"
    assert latest.history_change_reason == f"导入下级数据包（北县，截至 {today}）"
    assert latest.history_document == f"数据包 990121 {today}"
    assert second.writes == 0
    assert scenario.tracked_rows() == rows


def test_a_newer_package_ends_the_records_that_disappeared_from_it(counties, today):
    _, north, _ = counties
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)
    scenario.load(data)
    before = scenario.figures(north.region)
    gone = {}

    def leave(tables):
        gone.update(tables["records"].pop(0))

    outcome = scenario.load(scenario.rewritten(data, leave))

    assert outcome.ended == {"records": 1}
    record = EstablishmentRecord.objects.get(
        person__in=Person.objects.by_id_number(gone["id_number"])
    )
    assert record.status == RecordStatus.ENDED
    assert record.ended_on == today
    after = scenario.figures(north.region)
    assert sum(row[1] for row in after.values()) == sum(row[1] for row in before.values()) - 1


def test_a_package_imported_where_its_rows_already_are_matches_them_and_writes_nothing(
    counties, today
):
    _, north, _ = counties
    rows = scenario.tracked_rows()

    outcome = scenario.load(scenario.packed(north.region, today))

    assert outcome.writes == 0
    assert scenario.tracked_rows() == rows


def _as_of(institution, day):
    view = snapshot(institution.pk, day, full_id_numbers=True)
    lines = sorted(
        (line.establishment_type, line.funding_form, line.approved, line.occupied)
        for line in view.lines
    )
    return lines, sorted(member.id_number for member in view.roster)


def test_the_imported_units_read_as_of_the_packages_day_as_they_did_in_the_county(counties, today):
    _, north, _ = counties
    before = {unit.full_name: _as_of(unit, today) for unit in (north.bureau, north.unit)}
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)

    scenario.load(data)

    after = {
        unit.full_name: _as_of(unit, today)
        for unit in Institution.objects.filter(region=north.region, full_name__in=before)
    }
    assert after == before
    assert before[north.unit.full_name][1]


def test_a_package_of_a_past_day_is_recorded_at_the_end_of_that_day(counties, today):
    _, north, _ = counties
    before = _as_of(north.unit, today)
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)

    with time_machine.travel(end_of_day(today) + datetime.timedelta(days=2), tick=False):
        scenario.load(data)

    stamped = Person.history.latest("history_id").history_date
    assert stamped == end_of_day(today) - datetime.timedelta(microseconds=1)
    unit = Institution.objects.get(region=north.region, full_name=north.unit.full_name)
    assert _as_of(unit, today) == before


def test_a_newer_package_deletes_a_row_that_disappeared_unless_something_refers_to_it(
    counties, today
):
    _, north, _ = counties
    data = scenario.packed(north.region, today)
    scenario.wipe(north.region)
    scenario.load(data)

    def without_department_and_bureau_line(tables):
        tables["departments"] = [row for row in tables["departments"] if row["name"] != "办公室"]
        bureau = next(
            row["id"] for row in tables["institutions"] if row["full_name"] == "北县财政局"
        )
        lines = {row["id"] for row in tables["quota_lines"] if row["institution_id"] == bureau}
        tables["quota_lines"] = [row for row in tables["quota_lines"] if row["id"] not in lines]
        tables["records"] = [row for row in tables["records"] if row["quota_line_id"] not in lines]

    outcome = scenario.load(scenario.rewritten(data, without_department_and_bureau_line))

    assert outcome.deleted == {"departments": 1}
    # The bureau's records end; the line they occupied stays, for they still refer to it.
    assert outcome.ended == {"records": 3}
    assert not InternalDepartment.objects.filter(
        institution__region=north.region, name="办公室"
    ).exists()
    assert len(outcome.kept) == 1 and outcome.kept[0].startswith("编制：北县财政局")
