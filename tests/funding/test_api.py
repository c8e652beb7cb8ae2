"""GET /api/v1/funding/ (rule 46): a year's rows of the token's regions only, filtered, paged,
each month's figures at its last day; aggregate figures, so no ID number is ever in them."""

import pytest

from bianzhi.models import AccessEvent, IdNumbers
from staffing.choices import EstablishmentType, FundingForm
from tests.api.conftest import client_for
from tests.kit import builders
from tests.kit.clock import YEAR

from .scene import hospital_year

pytestmark = pytest.mark.django_db

URL = "/api/v1/funding/"


@pytest.fixture
def county(world):
    year = hospital_year(world.region)
    builders.staff(builders.quota(world.foreign, 2), 2, name_prefix="外县")
    return year


def get(client, **params):
    response = client.get(URL, {"year": YEAR, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_token_sees_the_rows_of_its_regions_only(world, county, issue):
    _, home = issue(region=world.region)
    _, away = issue(region=world.other_region)
    home_units = {row["institution_name"] for row in get(client_for(home))["results"]}
    away_units = {row["institution_name"] for row in get(client_for(away))["results"]}
    assert home_units == {county.hospital.full_name, county.bureau.full_name}
    assert away_units == {world.foreign.full_name}


def test_each_month_at_its_last_day(county, partner):
    data = get(partner, institution=county.hospital.pk, funding_form=FundingForm.FULL)
    assert data["year"] == YEAR and data["count"] == 1
    (row,) = data["results"]
    assert row["establishment_type"] == EstablishmentType.PUBLIC
    assert row["funding_form_label"] == "全额拨款"
    months = row["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert months[1]["date"] == f"{YEAR}-02-28"
    assert [m["approved"] for m in months] == [5] * 6 + [7] * 6
    assert [m["occupied"] for m in months] == [0, 3, 3, 4, 4, 5, 5, 5, 4, 4, 4, 4]
    assert [m["special"] for m in months] == [0] * 4 + [1] * 8
    assert (row["person_months"], row["average"], row["special_months"]) == (45, 3.8, 8)


def test_filters_by_type_region_and_funding_form(world, county, partner):
    organs = get(partner, establishment_type=EstablishmentType.ADMINISTRATIVE)["results"]
    assert [row["institution"] for row in organs] == [county.bureau.pk]
    assert organs[0]["funding_form"] == FundingForm.FULL
    partial = get(partner, funding_form=FundingForm.PARTIAL)["results"]
    assert [row["institution"] for row in partial] == [county.hospital.pk]
    assert get(partner, region_code=world.region.code)["count"] == 3
    assert partner.get(URL, {"region_code": world.other_region.code}).status_code == 404


def test_pages_of_rows(county, partner):
    first = get(partner, page_size=2)
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    second = partner.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year": "1800"}, {"funding_form": "x"}, {"institution": "x"}],
)
def test_bad_parameters_are_refused(county, partner, params):
    assert partner.get(URL, params).status_code == 400


def test_no_id_number_is_shown_and_the_call_is_logged_as_such(county, issue):
    from api.models import Masking

    _, secret = issue(masking=Masking.FULL)
    body = client_for(secret).get(URL, {"year": YEAR}).content.decode()
    assert "id_number" not in body
    event = AccessEvent.objects.latest("pk")
    assert event.id_numbers == IdNumbers.NONE


def test_without_a_token_401(county, client):
    assert client.get(URL).status_code == 401
