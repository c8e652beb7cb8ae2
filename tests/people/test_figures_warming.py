"""The task worker keeps the overview's figures warm: a committed write queues one refresh while
someone watches them, and the refresh computes them so the next read does not (issue 7)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bianzhi import figures_cache
from tests.kit import builders
from tests.people.test_overview import OVERVIEW, enter_people, scenario  # noqa: F401
from tests.people.test_person_views import line_at


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def write(world, django_capture_on_commit_callbacks, name: str):
    with django_capture_on_commit_callbacks(execute=True):
        (record,) = enter_people(line_at(world.sibling), [name])
    return record


def queued_refreshes() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="refresh_figures_task").count()


def overview(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(OVERVIEW))
    assert response.status_code == 200
    administrative = next(
        row for row in response.context["totals"] if row.establishment_type == "administrative"
    )
    return len(queries), administrative.occupied


def test_writes_queue_no_refresh_while_nobody_watches(world, django_capture_on_commit_callbacks):
    write(world, django_capture_on_commit_callbacks, "周一")
    assert figures_cache.watched() == []
    assert queued_refreshes() == 0


def test_writes_queue_one_refresh_while_the_overview_is_watched(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["office_staff"])
    client.get(reverse(OVERVIEW))
    staff = world.users["office_staff"].pk
    assert ("overview:establishment", staff) in figures_cache.watched()
    write(world, django_capture_on_commit_callbacks, "周一")
    write(world, django_capture_on_commit_callbacks, "周二")
    assert queued_refreshes() == 1
    # The worker takes it: the next write queues the next refresh.
    figures_cache.refresh_figures_task.call()
    write(world, django_capture_on_commit_callbacks, "周三")
    assert queued_refreshes() == 2


def test_after_a_refresh_the_next_read_is_warm_and_current(
    client,
    world,
    scenario,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(world.users["office_staff"])
    cold_queries, before = overview(client)
    warm_queries, _ = overview(client)
    assert warm_queries < cold_queries
    write(world, django_capture_on_commit_callbacks, "周新")
    assert figures_cache.refresh_figures_task.call() >= 2
    queries, after = overview(client)
    assert after == before + 1
    assert queries == warm_queries


def test_a_refresh_skips_users_who_were_deactivated(client, world):
    staff = world.users["office_staff"]
    client.force_login(staff)
    client.get(reverse(OVERVIEW))
    staff.is_active = False
    staff.save()
    assert figures_cache.refresh_watched() == 0


def test_writes_to_what_no_figures_read_queue_no_refresh(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["office_staff"])
    client.get(reverse(OVERVIEW))
    with django_capture_on_commit_callbacks(execute=True):
        document = builders.document(world.unit)
    assert document.history.exists()
    assert queued_refreshes() == 0


def test_a_refresh_waits_for_the_burst_of_writes_to_end(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["office_staff"])
    client.get(reverse(OVERVIEW))
    write(world, django_capture_on_commit_callbacks, "周一")
    (queued,) = DBTaskResult.objects.all()
    waits = queued.run_after - queued.enqueued_at
    assert abs(waits - figures_cache.REFRESH_DELAY) < datetime.timedelta(seconds=1)
