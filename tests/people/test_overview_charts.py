"""The overview's charts (people.charts, bianzhi.charts): the figures of a hand-built world, the
SVG named by its title with its data table beside it, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bianzhi.charts import Series, bar_chart, line_chart
from people import charts
from people.choices import RecordStatus
from people.retirement import RetirementGroup
from tests.kit import builders
from tests.kit.factories import InstitutionFactory

OVERVIEW = "people:overview"
CHARTS = "people:overview_charts"


@pytest.fixture
def staffed_world(world):
    """本单位 (事业, 系统 其他): 10 approved, 4 in post; 兄弟单位 (行政, 政府): 5 and 5; the
    foreign unit, out of scope: 8 and 8."""
    builders.staff(builders.quota(world.unit, 10), 4, name_prefix="本")
    builders.staff(builders.quota(world.sibling, 5), 5, name_prefix="兄")
    builders.staff(builders.quota(world.foreign, 8), 8, name_prefix="外")
    return world


def test_usage_by_type_and_by_system(client, staffed_world):
    client.force_login(staffed_world.users["office_staff"])
    context = client.get(reverse(CHARTS)).context
    assert context["usage_by_type"].rows == [["行政编制", 5, 5, 100.0], ["事业编制", 10, 4, 40.0]]
    assert context["usage_by_system"].rows == [
        ["政府", "行政编制", 5, 5, 100.0],
        ["其他", "事业编制", 10, 4, 40.0],
    ]


def test_trend_reads_the_figures_in_force_on_each_day(staffed_world, today):
    figures = charts.trend(staffed_world.users["office_staff"], today)
    days = charts.trend_days(today)
    assert [day for day, _, _ in figures["public"]] == days
    assert days[-1] == today and days[0] == datetime.date(today.year - 4, 12, 31)
    # Quotas take effect on builders.EFFECTIVE, people enter on builders.ENTERED.
    assert [(h, a) for _, h, a in figures["public"]] == [
        (10 if day >= builders.EFFECTIVE else 0, 4 if day >= builders.ENTERED else 0)
        for day in days
    ]
    assert figures["administrative"][-1][1:] == (5, 5)
    assert set(figures) == {"public", "administrative"}


def test_trend_counts_a_person_only_while_in_post(world, today):
    line = builders.quota(world.unit, 3)
    builders.enter_unchecked(
        builders.person(world.region, "已出编"),
        line,
        entry_on=datetime.date(today.year - 3, 3, 1),
        ended_on=datetime.date(today.year - 1, 3, 1),
        status=RecordStatus.ENDED,
        end_reason="调出",
    )
    figures = charts.trend(world.users["office_staff"], today)
    assert [a for _, _, a in figures["public"]] == [0, 1, 1, 0, 0]


def test_retirements_per_year_by_type(world, today):
    line = builders.quota(world.unit, 5)
    in_two_years = datetime.date(today.year + 2, 6, 1)
    birth, month = builders.first_retirement_from(in_two_years, RetirementGroup.MAN)
    builders.enter(builders.person(world.region, "将退", birth=birth), line)
    builders.enter(builders.person(world.region, "年轻", birth=datetime.date(1995, 1, 1)), line)
    figures = charts.retirements(world.users["office_staff"], today)
    expected = [0] * charts.YEARS
    expected[month.year - today.year] = 1
    assert figures == {"public": expected}
    chart = charts.retirement_chart(figures, today)
    assert chart.columns == ["年度", "事业编制"]
    assert chart.rows[0][0] == f"{today.year}年（余下月份）"


def test_every_chart_is_an_svg_named_by_its_title_with_its_table(client, staffed_world):
    client.force_login(staffed_world.users["partner"])
    overview = client.get(reverse(OVERVIEW)).content.decode()
    assert f'hx-get="{reverse(CHARTS)}" hx-trigger="load"' in overview
    page = client.get(reverse(CHARTS)).content.decode()
    for chart_id, title in [
        ("chart-usage-type", "编制使用率（按编制类型）"),
        ("chart-usage-system", "编制使用率（按系统和编制类型）"),
        ("chart-trend-public", "事业编制：近五年实有与核定"),
    ]:
        assert f'role="img" aria-labelledby="{chart_id}-title"' in page
        assert f'<title id="{chart_id}-title">{title}</title>' in page
    assert page.count("（数据表）</caption>") == 3  # no retirements in the next five years
    assert "今后五年没有到达退休时间的在编人员" in page
    assert "<script" not in page


def test_the_chart_markup_escapes_labels_and_skips_missing_values():
    svg = bar_chart(
        chart_id="c",
        title="<标题>",
        categories=["<甲>", "乙"],
        series=[Series("一", [50, None]), Series("二", [None, 120])],
    )
    assert "&lt;甲&gt;" in svg and "<甲>" not in svg
    assert svg.count("<rect") == 2
    lines = line_chart(chart_id="l", title="t", x_labels=["a", "b"], series=[Series("s", [1, 2])])
    assert lines.count("<circle") == 2 and "<polyline" in lines


def test_the_charts_take_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["office_staff"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(OVERVIEW)).status_code == 200
            assert client.get(reverse(CHARTS)).status_code == 200
        return len(queries)

    builders.staff(builders.quota(world.unit, 3), 2)
    few = count()
    for n in range(4):
        unit = InstitutionFactory(region=world.region, full_name=f"示例县第{n}所")
        builders.staff(builders.quota(unit, 3), 2, name_prefix=f"第{n}所")
    assert count() == few


def test_the_charts_are_for_region_wide_roles_only(client, staffed_world):
    client.force_login(staffed_world.users["clerk"])
    assert client.get(reverse(CHARTS)).status_code == 403
