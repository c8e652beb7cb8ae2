"""经费核定's page and its ledger 经费核定表 (rule 46): every role in its scope (the office and
partners their region, a reviewer its subtree, a clerk its own unit), the filters, the totals
of every filtered row, the cached figures recomputed after a change, the months in the sheet."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bianzhi import figures_cache, ledgers
from funding import figures
from staffing.choices import EstablishmentType, FundingForm
from tests.kit import builders
from tests.kit.clock import YEAR
from tests.kit.views import ViewTestCases
from tests.kit.world import ROLES
from tests.ledgers.read import read

from .scene import hospital_year

pytestmark = pytest.mark.django_db

URL = reverse("funding:year")


class TestFundingPage(ViewTestCases.PageView):
    page_url = "funding:year"


@pytest.fixture
def world_staffed(world):
    """The world's unit (事业, 全额) with 3 of 5 slots filled, its sibling (an organ) 2 of 4,
    and a foreign unit staffed too."""
    builders.staff(builders.quota(world.unit, 5), 3)
    builders.staff(builders.quota(world.sibling, 4), 2, name_prefix="干部")
    builders.staff(builders.quota(world.foreign, 2), 2, name_prefix="外县")
    return world


def units_on_page(client, role, world, **params):
    client.force_login(world.users[role])
    response = client.get(URL, {"year": YEAR} | params)
    assert response.status_code == 200
    return {row["institution_name"] for row in response.context["table"].data}


@pytest.mark.parametrize("this_year", [False, True], ids=["past_year", "this_year"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_units_of_its_scope(client, world_staffed, role, this_year):
    expected = {
        "office_admin": {"示例县本单位", "示例县兄弟单位"},
        "office_staff": {"示例县本单位", "示例县兄弟单位"},
        "partner": {"示例县本单位", "示例县兄弟单位"},
        "reviewer": {"示例县本单位"},
        "clerk": {"示例县本单位"},
    }[role]
    year = timezone.localdate().year if this_year else YEAR
    assert units_on_page(client, role, world_staffed, year=year) == expected


def test_a_role_less_user_is_refused(client, world):
    from tests.kit.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403


def test_the_funding_form_filter_counts_organs_as_full(client, world_staffed):
    full = units_on_page(client, "partner", world_staffed, funding_form=FundingForm.FULL)
    assert full == {"示例县本单位", "示例县兄弟单位"}
    partial = units_on_page(client, "partner", world_staffed, funding_form=FundingForm.PARTIAL)
    assert partial == set()


def test_the_type_and_unit_filters(client, world_staffed):
    organs = units_on_page(
        client, "office_staff", world_staffed, establishment_type=EstablishmentType.ADMINISTRATIVE
    )
    assert organs == {"示例县兄弟单位"}
    # The unit picked with the units below it: the supervising bureau holds the world's unit.
    below = units_on_page(
        client, "office_staff", world_staffed, institution=world_staffed.supervisor.pk
    )
    assert below == {"示例县本单位"}


def test_the_totals_row_adds_every_filtered_row_not_only_the_page(client, world_staffed):
    client.force_login(world_staffed.users["office_staff"])
    response = client.get(URL, {"year": YEAR, "per_page": 1})
    table = response.context["table"]
    assert len(list(table.paginated_rows)) == 1
    assert table.totals["count"] == 2
    assert table.totals["approved"][11] == 9
    assert table.totals["occupied"][11] == 5
    page = response.content.decode()
    assert "合计" in page and '5</span><span class="text-muted">/9' in page


def test_a_bad_year_shows_the_form_error_and_no_rows(client, world_staffed):
    client.force_login(world_staffed.users["office_staff"])
    response = client.get(URL, {"year": "1900"})
    assert response.status_code == 200
    assert list(response.context["table"].data) == []
    assert response.context["filter"].form.errors["year"]


def test_the_cached_figures_follow_a_change(world_staffed):
    user = world_staffed.users["office_staff"]
    before = figures.rows_for(user, YEAR)
    builders.staff(builders.quota(world_staffed.sibling, 2, EstablishmentType.ORGAN_WORKER), 1)
    after = figures.rows_for(user, YEAR)
    assert len(after) == len(before) + 1


def test_the_page_shows_special_holders_apart(client, world):
    hospital_year(world.region)
    client.force_login(world.users["office_staff"])
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert "专项 1" in page
    assert "测试县人民医院" in page


# --- 经费核定表 -----------------------------------------------------------------------------


def export(tmp_path, user, **params):
    path = tmp_path / "funding.xlsx"
    ledgers.write_ledger(ledgers.get("funding"), user=user, params=params, target=str(path))
    return read(path)


def test_the_ledger_has_twelve_months_of_quota_people_and_special_holders(world, tmp_path):
    year = hospital_year(world.region)
    sheet = export(tmp_path, world.users["partner"], year=str(YEAR))
    assert sheet.sheet["A1"].value == "示例县经费核定表"
    assert f"预算年度：{YEAR}年" in sheet.sheet["A2"].value
    headers = sheet.headers()
    assert headers[:5] == ["序号", "单位", "行政区划", "编制类型", "经费形式"]
    assert headers[5:8] == ["核定", "实有", "专项"]
    assert [sheet.sheet.cell(3, 6 + 3 * m).value for m in range(12)] == [
        f"{m}月" for m in range(1, 13)
    ]
    assert headers[-3:] == ["实有人月数", "年平均实有", "专项编制人月数"]
    rows = {(row[1], row[4]): row for row in sheet.data()}
    full = rows[(year.hospital.full_name, "全额拨款")]
    assert full[5:8] == [5, 0, 0] and full[17:20] == [5, 4, 1]
    assert full[-3:] == [45, "3.8", 8]
    assert rows[(year.bureau.full_name, "全额拨款（机关）")][-3] == 22
    totals = sheet.sheet.cell(sheet.totals_row, 42).value
    assert totals == 45 + 4 + 22


def test_the_ledger_of_a_clerk_holds_its_own_unit_only(world_staffed, tmp_path):
    sheet = export(tmp_path, world_staffed.users["clerk"], year=str(YEAR))
    assert {row[1] for row in sheet.data()} == {"示例县本单位"}


def test_the_ledger_refuses_a_bad_year(world, tmp_path):
    with pytest.raises(ledgers.LedgerError):
        export(tmp_path, world.users["office_staff"], year="abc")


def test_this_years_figures_are_the_figure_set_kept_warm(world_staffed):
    user = world_staffed.users["office_staff"]
    this_year = timezone.localdate().year
    before = figures.rows_for(user, this_year)
    assert figures.CURRENT_YEAR.name in dict(figures_cache.watched())
    builders.staff(builders.quota(world_staffed.sibling, 2, EstablishmentType.ORGAN_WORKER), 1)
    after = figures.rows_for(user, this_year)
    assert len(after) == len(before) + 1
    assert list(after.select().totals()["occupied"]) == [6] * 12
