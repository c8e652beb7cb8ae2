"""The view-test kit (after NetBox's utilities/testing/views.py).

A per-model test class names its URLs and says how to make a sample object at a place of the
world; the kit generates, for anonymous users and for every role in and out of scope, the tests of
status codes, visible objects and history records:

    class TestDepartmentViews(ViewTestCases.ReadViews, ViewTestCases.EditViews):
        model = InternalDepartment
        urls = Urls(list="orgs:department_list", detail="orgs:department_detail", ...)

        def make_object(self, world, place): ...
        def create_data(self, world, place): ...
        def edit_data(self, world, obj): ...
"""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .world import PLACES, ROLES, VISIBLE_PLACES, WRITERS, World


@dataclass(frozen=True)
class Urls:
    list: str | None = None
    detail: str | None = None
    history: str | None = None
    add: str | None = None
    edit: str | None = None
    abolish: str | None = None

    def names(self) -> set[str]:
        return {name for name in vars(self).values() if name}


def visible(role: str, place: str) -> bool:
    return place in VISIBLE_PLACES[role]


def expected_write_status(role: str, place: str) -> int:
    """Writers succeed in scope and find nothing outside it; other roles are refused outright."""
    if role not in WRITERS:
        return 403
    return 302 if visible(role, place) else 404


def assert_redirects_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def history_count(obj) -> int:
    return obj.history.count()


def assert_one_new_history_record(obj, before: int, user, reason: str):
    records = list(obj.history.order_by("-history_id")[: history_count(obj) - before])
    assert len(records) == 1, f"expected exactly one history record, found {len(records)}"
    assert records[0].history_user == user
    assert records[0].history_change_reason == reason


class ViewTestCase:
    """Base of the kit."""

    model = None
    urls = Urls()

    def make_object(self, world: World, place: str):
        raise NotImplementedError

    def login(self, client, world: World, role: str):
        client.force_login(world.users[role])
        return world.users[role]


class ViewTestCases:
    class ListView(ViewTestCase):
        def object_ids(self, response) -> set:
            return {row.record.pk for row in response.context["table"].paginated_rows}

        def test_list_needs_login(self, client, world):
            assert_redirects_to_login(client.get(reverse(self.urls.list)))

        @pytest.mark.parametrize("role", ROLES)
        def test_list_shows_exactly_the_objects_in_scope(self, client, world, role):
            objects = {place: self.make_object(world, place) for place in PLACES}
            self.login(client, world, role)
            response = client.get(reverse(self.urls.list), {"status": ""})
            assert response.status_code == 200
            shown = self.object_ids(response)
            for place, obj in objects.items():
                assert (obj.pk in shown) == visible(role, place), (role, place)

        def test_list_query_count_does_not_grow_with_rows(self, client, world):
            self.login(client, world, "office_staff")
            self.make_object(world, "unit")
            with CaptureQueriesContext(connection) as few:
                assert client.get(reverse(self.urls.list)).status_code == 200
            for _ in range(10):
                self.make_object(world, "sibling")
            with CaptureQueriesContext(connection) as many:
                assert client.get(reverse(self.urls.list)).status_code == 200
            assert len(many) == len(few), "the list page runs a query per row"

    class DetailView(ViewTestCase):
        def detail_urls(self, obj) -> list[str]:
            names = [self.urls.detail, self.urls.history]
            return [reverse(name, args=[obj.pk]) for name in names if name]

        def test_detail_needs_login(self, client, world):
            obj = self.make_object(world, "unit")
            for url in self.detail_urls(obj):
                assert_redirects_to_login(client.get(url))

        @pytest.mark.parametrize("place", PLACES)
        @pytest.mark.parametrize("role", ROLES)
        def test_detail_is_found_only_in_scope(self, client, world, role, place):
            obj = self.make_object(world, place)
            self.login(client, world, role)
            for url in self.detail_urls(obj):
                expected = 200 if visible(role, place) else 404
                assert client.get(url).status_code == expected, (role, place, url)

    class ReadViews(ListView, DetailView):
        pass

    class CreateView(ViewTestCase):
        def create_data(self, world: World, place: str) -> dict:
            raise NotImplementedError

        def created(self, data: dict):
            raise NotImplementedError

        def test_create_needs_login(self, client, world):
            assert_redirects_to_login(client.get(reverse(self.urls.add)))

        @pytest.mark.parametrize("role", ROLES)
        def test_create_is_for_writers_only(self, client, world, role):
            self.login(client, world, role)
            count = self.model.objects.count()
            data = self.create_data(world, "unit")
            expected = 200 if role in WRITERS else 403
            assert client.get(reverse(self.urls.add)).status_code == expected
            response = client.post(reverse(self.urls.add), data)
            if role in WRITERS:
                assert response.status_code == 302, response.context["form"].errors
                obj = self.created(data)
                assert_one_new_history_record(obj, 0, world.users[role], data["reason"])
            else:
                assert response.status_code == 403
                assert self.model.objects.count() == count

        def test_create_outside_scope_is_refused_and_writes_nothing(self, client, world):
            self.login(client, world, "office_staff")
            count = self.model.objects.count()
            response = client.post(reverse(self.urls.add), self.create_data(world, "foreign"))
            assert response.status_code == 200
            assert response.context["form"].errors
            assert self.model.objects.count() == count

    class EditView(ViewTestCase):
        def edit_data(self, world: World, obj) -> dict:
            raise NotImplementedError

        def test_edit_needs_login(self, client, world):
            obj = self.make_object(world, "unit")
            assert_redirects_to_login(client.get(reverse(self.urls.edit, args=[obj.pk])))

        @pytest.mark.parametrize("place", PLACES)
        @pytest.mark.parametrize("role", ROLES)
        def test_edit_in_scope_by_writers_only(self, client, world, role, place):
            obj = self.make_object(world, place)
            self.login(client, world, role)
            url = reverse(self.urls.edit, args=[obj.pk])
            data = self.edit_data(world, obj)
            before = history_count(obj)
            expected = expected_write_status(role, place)
            if expected == 302:
                assert client.get(url).status_code == 200
            response = client.post(url, data)
            assert response.status_code == expected, (role, place)
            if expected == 302:
                assert_one_new_history_record(obj, before, world.users[role], data["reason"])
            else:
                assert history_count(obj) == before

    class AbolishView(ViewTestCase):
        def abolish_data(self, world: World, obj) -> dict:
            raise NotImplementedError

        def is_abolished(self, obj) -> bool:
            obj.refresh_from_db()
            return obj.status == "abolished"

        @pytest.mark.parametrize("place", PLACES)
        @pytest.mark.parametrize("role", ROLES)
        def test_abolish_in_scope_by_writers_only(self, client, world, role, place):
            obj = self.make_object(world, place)
            self.login(client, world, role)
            url = reverse(self.urls.abolish, args=[obj.pk])
            data = self.abolish_data(world, obj)
            before = history_count(obj)
            expected = expected_write_status(role, place)
            if expected == 302:
                assert client.get(url).status_code == 200
            response = client.post(url, data)
            assert response.status_code == expected, (role, place)
            if expected == 302:
                assert self.is_abolished(obj)
                assert_one_new_history_record(obj, before, world.users[role], data["reason"])
            else:
                assert not self.is_abolished(obj)

    class EditViews(CreateView, EditView):
        pass

    class PageView(ViewTestCase):
        """A page that is not about one object: anonymous → login, every role → 200."""

        page_url: str = ""

        def test_page_needs_login(self, client, world):
            assert_redirects_to_login(client.get(reverse(self.page_url)))

        @pytest.mark.parametrize("role", ROLES)
        def test_page_opens_for_every_role(self, client, world, role):
            self.login(client, world, role)
            assert client.get(reverse(self.page_url)).status_code == 200
