"""退休预测 (people.retirement_forecast, its page and 退休预测台账): retirements per unit, type and
year for five years by rule 10 with its gradual rise, the people already past retirement counted
apart (not in this year), the user's scope, the ledger read back, and a bounded number of queries.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi import access, ledgers
from people import retirement_forecast
from people.choices import RecordStatus
from people.models import EstablishmentRecord
from people.retirement import RetirementGroup, retirement_month
from staffing.choices import EstablishmentType
from tests.kit import builders
from tests.kit.factories import InstitutionFactory
from tests.kit.views import assert_redirects_to_login
from tests.ledgers.read import read

PAGE = "people:retirement_forecast"
YEARS = retirement_forecast.YEARS


def year_index(month: datetime.date, today: datetime.date) -> int:
    return month.year - today.year


def retiring(region, line, name, month, group=RetirementGroup.MAN, **fields):
    """Someone in post on ``line`` whose retirement month is the first at or after ``month``;
    returns the index of the forecast year it falls in."""
    birth, found = builders.first_retirement_from(month, group)
    male = group is RetirementGroup.MAN
    builders.enter(builders.person(region, name, birth=birth, male=male), line, **fields)
    return found


@pytest.fixture
def forecast_world(world, today):
    """本单位 (事业): a man retiring in two years, a man whose retirement the gradual rise moves
    into the year after his 60th birthday's, one past retirement still in post, one retiring in
    the sixth year, a young one;
    兄弟单位 (行政): a woman cadre retiring in four years, and on its 工勤 line a woman worker
    retiring in three years (at 50 and more); 外县单位 (out of scope): a man retiring in two years."""
    public = builders.quota(world.unit, 10)
    workers = builders.quota(world.sibling, 3, establishment_type=EstablishmentType.ORGAN_WORKER)
    administrative = builders.quota(world.sibling, 5)
    months = {
        "two": retiring(world.region, public, "二年", datetime.date(today.year + 2, 3, 1)),
        "worker": retiring(
            world.region,
            workers,
            "工勤女",
            datetime.date(today.year + 3, 5, 1),
            RetirementGroup.WOMAN_WORKER,
        ),
        "cadre": retiring(
            world.region,
            administrative,
            "干部女",
            datetime.date(today.year + 4, 2, 1),
            RetirementGroup.WOMAN_CADRE,
        ),
    }
    # Born 59 years ago: at 60 he would retire next year; the rise (rule 10) adds months, so he
    # retires the year after (the month is chosen for that: the rise grows with the birth year).
    risen = next(
        birth
        for birth in (datetime.date(today.year - 59, month, 5) for month in range(12, 0, -1))
        if retirement_month(birth, RetirementGroup.MAN).year == today.year + 2
    )
    months["risen"] = retirement_month(risen, RetirementGroup.MAN)
    builders.enter(builders.person(world.region, "延迟", birth=risen), public)
    past = datetime.date(today.year - 64, 1, 5)
    builders.enter_unchecked(builders.person(world.region, "超龄", birth=past), public)
    builders.enter(builders.person(world.region, "年轻", birth=datetime.date(1995, 1, 1)), public)
    # Retiring in the sixth year: beyond the forecast.
    retiring(world.region, public, "六年", datetime.date(today.year + 5, 1, 1))
    foreign = builders.quota(world.foreign, 2)
    retiring(world.other_region, foreign, "外县将退", datetime.date(today.year + 2, 3, 1))
    return world, months


def records(user):
    return access.restrict(EstablishmentRecord.objects.all(), user).filter(
        status=RecordStatus.ACTIVE
    )


def counts(*months, today):
    years = [0] * YEARS
    for month in months:
        years[year_index(month, today)] += 1
    return years


def test_the_counts_per_unit_type_and_year(forecast_world, today):
    world, months = forecast_world
    rows = list(retirement_forecast.by_unit(records(world.users["office_staff"]), today))

    by_key = {(row["institution_name"], row["establishment_type"]): row for row in rows}
    assert set(by_key) == {
        (world.unit.full_name, EstablishmentType.PUBLIC),
        (world.sibling.full_name, EstablishmentType.ADMINISTRATIVE),
        (world.sibling.full_name, EstablishmentType.ORGAN_WORKER),
    }

    def years(row):
        return [row[f"y{i}"] for i in range(YEARS)]

    public = by_key[(world.unit.full_name, EstablishmentType.PUBLIC)]
    assert years(public) == counts(months["two"], months["risen"], today=today)
    # The man past retirement still in post is counted apart, in no year and not in the total.
    assert public["past"] == 1 and public["total"] == 2
    assert public["region_name"] == world.region.name
    worker = by_key[(world.sibling.full_name, EstablishmentType.ORGAN_WORKER)]
    assert years(worker) == counts(months["worker"], today=today)
    cadre = by_key[(world.sibling.full_name, EstablishmentType.ADMINISTRATIVE)]
    assert years(cadre) == counts(months["cadre"], today=today)
    assert (cadre["total"], cadre["past"]) == (1, 0)


def test_the_gradual_rise_moves_a_retirement_into_a_later_year(forecast_world, today):
    world, months = forecast_world
    # At the base age of 60 he would retire next year.
    assert months["risen"].year == today.year + 2
    solo = records(world.users["office_staff"]).filter(person__name="延迟")
    (row,) = retirement_forecast.by_unit(solo, today)
    assert [row[f"y{i}"] for i in range(YEARS)] == [0, 0, 1, 0, 0]


def test_this_year_counts_from_the_current_month():
    years = retirement_forecast.forecast_years(datetime.date(2026, 8, 20))
    assert [(y.year, y.start, y.end) for y in years[:2]] == [
        (2026, datetime.date(2026, 8, 1), datetime.date(2027, 1, 1)),
        (2027, datetime.date(2027, 1, 1), datetime.date(2028, 1, 1)),
    ]
    assert [y.year for y in years] == [2026, 2027, 2028, 2029, 2030]


def test_the_overview_chart_counts_the_same_by_type(client, forecast_world, today):
    world, months = forecast_world
    client.force_login(world.users["office_staff"])
    chart = client.get(reverse("people:overview_charts")).context["retirement_chart"]
    columns = chart.columns
    public = [row[columns.index("事业编制")] for row in chart.rows]
    assert public == counts(months["two"], months["risen"], today=today)
    assert reverse(PAGE) in client.get(reverse("people:overview")).content.decode()


def page_rows(client, user, **params):
    client.force_login(user)
    response = client.get(reverse(PAGE), params)
    assert response.status_code == 200
    return [
        (row.get_cell_value("institution"), row.get_cell_value("establishment_type"))
        for row in response.context["table"].paginated_rows
    ]


def test_the_page_lists_the_scope_and_filters(client, forecast_world):
    world, _ = forecast_world
    staff = world.users["office_staff"]
    assert set(page_rows(client, staff)) == {
        (world.unit.full_name, "事业编制"),
        (world.sibling.full_name, "行政编制"),
        (world.sibling.full_name, "机关工勤编制"),
    }
    assert page_rows(client, staff, q="本单位") == [(world.unit.full_name, "事业编制")]
    assert page_rows(client, staff, establishment_type=EstablishmentType.ORGAN_WORKER) == [
        (world.sibling.full_name, "机关工勤编制")
    ]
    assert len(page_rows(client, staff, region=world.region.pk)) == 3
    assert page_rows(client, staff, region=world.other_region.pk) == []
    # A clerk sees their own unit only.
    assert {unit for unit, _ in page_rows(client, world.users["clerk"])} == {world.unit.full_name}


def test_the_unfiltered_page_follows_every_change_of_the_people_in_post(
    client, forecast_world, today
):
    """Without filters the page's rows are cached for the whole scope (a city's grouping is the
    slow part); a new person in post is counted on the next view, not when the cache expires."""
    world, _ = forecast_world
    staff = world.users["office_staff"]
    unit = InstitutionFactory(region=world.region, full_name="示例县新建中心")
    newcomer = builders.quota(unit, 2)
    assert (unit.full_name, "行政编制") not in page_rows(client, staff)
    retiring(world.region, newcomer, "新来将退", datetime.date(today.year + 1, 6, 1))
    assert (unit.full_name, "行政编制") in page_rows(client, staff)
    with CaptureQueriesContext(connection) as queries:
        assert (unit.full_name, "行政编制") in page_rows(client, staff)
    assert not [query for query in queries if "GROUP BY" in query["sql"]], "not cached"


def test_the_page_needs_a_sign_in(client):
    assert_redirects_to_login(client.get(reverse(PAGE)))


def test_the_page_is_in_the_menu_for_a_clerk(client, world):
    client.force_login(world.users["clerk"])
    page = client.get(reverse("people:person_list")).content.decode()
    assert f'href="{reverse(PAGE)}"' in page


def test_the_ledger_reads_back(forecast_world, today, tmp_path):
    world, months = forecast_world
    path = tmp_path / "forecast.xlsx"
    ledger = ledgers.get("retirement_forecast")
    ledgers.write_ledger(ledger, user=world.users["office_staff"], params={}, target=str(path))
    sheet = read(path)
    years = [f"{today.year}年（余下月份）"] + [f"{today.year + n}年" for n in range(1, YEARS)]
    assert sheet.headers() == [
        "序号",
        "单位",
        "行政区划",
        "编制类型",
        *years,
        "五年合计",
        "已过退休时间",
    ]
    data = {(row[1], row[3]): row for row in sheet.data()}
    public = data[(world.unit.full_name, "事业编制")]
    assert public[4:9] == counts(months["two"], months["risen"], today=today)
    assert public[9:] == [2, 1]
    assert len(data) == 3
    assert sheet.totals()[9:] == [4, 1]
    assert not ledger.missing_table_columns()
    # A clerk's ledger holds their own unit only.
    clerk_path = tmp_path / "clerk.xlsx"
    ledgers.write_ledger(ledger, user=world.users["clerk"], params={}, target=str(clerk_path))
    assert {row[1] for row in read(clerk_path).data()} == {world.unit.full_name}


def test_the_ledger_is_offered_on_the_export_page(client, world):
    client.force_login(world.users["clerk"])
    assert "退休预测台账" in client.get(reverse("exports:index")).content.decode()


def test_the_page_takes_a_fixed_number_of_queries(client, world, today):
    client.force_login(world.users["office_staff"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(PAGE)).status_code == 200
        return len(queries)

    line = builders.quota(world.unit, 5)
    retiring(world.region, line, "将退", datetime.date(today.year + 1, 3, 1))
    few = count()
    for n in range(4):
        unit = InstitutionFactory(region=world.region, full_name=f"示例县第{n}所")
        line = builders.quota(unit, 5)
        retiring(world.region, line, f"第{n}所将退", datetime.date(today.year + 1, 3, 1))
        builders.staff(line, 2, name_prefix=f"第{n}所")
    assert count() == few


def test_the_ledger_rows_take_one_query(forecast_world):
    world, _ = forecast_world
    prepared = ledgers.get("retirement_forecast").prepare(world.users["office_staff"], {})
    with CaptureQueriesContext(connection) as queries:
        rows = list(prepared.rows)
    assert len(rows) == 3
    assert len(queries) == 1


@pytest.mark.parametrize("sort", ["-y2", "total", "-past", "region", "establishment_type"])
def test_the_page_sorts_by_any_column(client, forecast_world, sort):
    world, _ = forecast_world
    rows = page_rows(client, world.users["office_staff"], sort=sort)
    assert len(rows) == 3
    if sort == "-y2":  # both of 本单位's retirements in the third year
        assert rows[0] == (world.unit.full_name, "事业编制")
