"""What the endpoints return: figures as of a day, holders, records, certificates; only the
token's regions (scope matrix); ID numbers as its masking policy says (masking matrix); lists
paged by cursor and filtered; the same number of queries whatever the page holds."""

import datetime

import pytest

from api.models import Masking
from bianzhi.models import AccessAction, AccessEvent, IdNumbers
from people.models import Person
from tests.api.conftest import client_for
from tests.certificates import scene
from tests.kit import builders
from tests.kit.builders import EFFECTIVE, ENTERED

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/institutions/",
    "/api/v1/quota-lines/",
    "/api/v1/leadership-quotas/",
    "/api/v1/people/",
    "/api/v1/certificates/",
]


@pytest.fixture
def county(world):
    """The unit staffed with three people and a head, its certificate issued; a foreign unit
    (other region) staffed too."""
    scene.staffed(world.unit)
    scene.issued(world.unit)
    scene.staffed(world.foreign, names=("外县甲",))
    scene.issued(world.foreign)
    return world


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


class TestScope:
    @pytest.mark.parametrize("url", ENDPOINTS)
    def test_a_token_sees_only_its_regions(self, county, issue, url):
        _, home = issue(region=county.region)
        _, away = issue(region=county.other_region)
        home_ids = {row["id"] for row in results(client_for(home), url)}
        away_ids = {row["id"] for row in results(client_for(away), url)}
        assert home_ids and away_ids
        assert not home_ids & away_ids

    @pytest.mark.parametrize("url", ENDPOINTS)
    def test_a_row_outside_the_scope_is_not_found(self, county, issue, partner, url):
        _, away = issue(region=county.other_region)
        foreign_row = results(client_for(away), url)[0]
        own_row = results(partner, url)[0]
        assert partner.get(f"{url}{own_row['id']}/").json() == own_row
        assert partner.get(f"{url}{foreign_row['id']}/").status_code == 404

    def test_the_feed_holds_only_the_changes_of_its_regions(self, county, issue):
        _, away = issue(region=county.other_region)
        entries = client_for(away).get("/api/v1/changes/").json()["results"]
        assert entries
        assert all(entry["institutions"] == [county.foreign.pk] for entry in entries)


class TestMasking:
    def person_row(self, client, world):
        rows = results(client, f"/api/v1/people/?institution={world.unit.pk}&name=王建国")
        assert len(rows) == 1
        return rows[0]

    def test_a_masked_token_shows_six_and_four_characters_and_the_birth_year(self, county, issue):
        _, secret = issue(masking=Masking.MASKED)
        row = self.person_row(client_for(secret), county)
        number = Person.objects.get(name="王建国").id_number
        assert row["id_number"] == f"{number[:6]}********{number[-4:]}"
        assert row["birth"] == "1990年"
        event = AccessEvent.objects.filter(action=AccessAction.API_CALL).latest("pk")
        assert event.id_numbers == IdNumbers.MASKED

    def test_a_full_token_shows_the_number_and_the_birth_date(self, county, issue):
        _, secret = issue(masking=Masking.FULL)
        row = self.person_row(client_for(secret), county)
        assert row["id_number"] == Person.objects.get(name="王建国").id_number
        assert row["birth"] == "1990-05-17"
        event = AccessEvent.objects.filter(action=AccessAction.API_CALL).latest("pk")
        assert event.id_numbers == IdNumbers.FULL

    def test_the_feed_masks_the_people_of_a_request(self, world, issue):
        from tests.api.conftest import approved_entry

        approved_entry(world, builders.quota(world.unit, approved=5))
        for masking, full in ((Masking.MASKED, False), (Masking.FULL, True)):
            _, secret = issue(masking=masking)
            entries = client_for(secret).get("/api/v1/changes/").json()["results"]
            (person,) = [p for entry in entries for p in entry["people"]]
            assert ("********" not in person["id_number"]) is full


class TestFigures:
    def test_quota_lines_give_h_a_vacancy_and_over_as_of_the_day(self, world, partner):
        line = builders.quota(world.unit, approved=2)
        builders.staff(line, 2)
        before = EFFECTIVE - datetime.timedelta(days=1)
        between = ENTERED - datetime.timedelta(days=1)

        def figures(day):
            (row,) = results(
                partner, f"/api/v1/quota-lines/?institution={world.unit.pk}&date={day}"
            )
            return row["approved"], row["occupied"], row["vacancy"], row["over"], row["date"]

        assert figures(before) == (0, 0, 0, 0, before.isoformat())
        assert figures(between) == (2, 0, 2, 0, between.isoformat())
        assert figures(ENTERED) == (2, 2, 0, 0, ENTERED.isoformat())

    def test_people_as_of_a_day_are_those_in_establishment_then(self, world, partner):
        scene.staffed(world.unit)
        before = ENTERED - datetime.timedelta(days=1)
        assert results(partner, f"/api/v1/people/?date={before}") == []
        rows = results(partner, f"/api/v1/people/?date={ENTERED}")
        assert {row["name"] for row in rows} == set(scene.ROSTER)
        assert rows[0]["records"][0]["institution"] == world.unit.pk

    def test_a_leadership_quota_lists_its_holders(self, world, partner):
        scene.staffed(world.unit)
        (row,) = results(partner, f"/api/v1/leadership-quotas/?institution={world.unit.pk}")
        assert row["approved"] == 1
        assert row["filled"] == 1
        assert [holder["person_name"] for holder in row["holders"]] == [scene.ROSTER[0]]

    def test_certificates_have_their_status(self, world, partner):
        scene.staffed(world.unit)
        scene.issued(world.unit)
        (row,) = results(partner, "/api/v1/certificates/")
        assert (row["status"], row["status_label"]) == ("valid", "有效")

    def test_a_bad_date_is_refused_with_a_message(self, world, partner):
        response = partner.get("/api/v1/quota-lines/?date=2020-13-01")
        assert response.status_code == 400
        assert "YYYY-MM-DD" in response.json()["date"]


class TestPaging:
    def test_a_cursor_pages_through_every_institution_once(self, world, partner):
        seen, url = [], "/api/v1/institutions/?page_size=1"
        while url:
            body = partner.get(url).json()
            seen += [row["id"] for row in body["results"]]
            url = body["next"]
        assert sorted(seen) == sorted({world.supervisor.pk, world.unit.pk, world.sibling.pk})
        assert len(seen) == 3

    def test_lists_filter_by_their_fields(self, world, partner):
        rows = results(partner, f"/api/v1/institutions/?parent={world.supervisor.pk}")
        assert [row["id"] for row in rows] == [world.unit.pk]

    @pytest.mark.parametrize("url", [*ENDPOINTS, "/api/v1/changes/"])
    def test_queries_do_not_grow_with_the_page(
        self, world, partner, url, django_assert_max_num_queries
    ):
        scene.staffed(world.unit)
        with django_assert_max_num_queries(12) as small:
            partner.get(url)
        for unit in (world.sibling, world.supervisor):
            scene.staffed(unit, names=("甲", "乙", "丙", "丁"))
            scene.issued(unit)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert partner.get(url).status_code == 200
