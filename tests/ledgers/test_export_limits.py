"""Export jobs are limited per user: at most EXPORT_JOBS_PER_USER queued or running at once, with
a clear message; a finished job, another user's job or a job a dead worker left behind does not
count. The prune command also removes old import error workbooks (they hold full ID numbers)."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bianzhi.exports import TOO_MANY_EXPORTS, run_export
from bianzhi.models import ExportJob, ExportStatus, ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_that_waits(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def start(client, kind="institutions"):
    return client.post(reverse("exports:start", args=[kind]), follow=True)


def test_a_third_export_waits_for_one_of_the_first_two(client, world, queue_that_waits):
    client.force_login(world.users["office_staff"])
    start(client)
    start(client, "roster")

    refused = start(client)

    assert ExportJob.objects.count() == 2
    assert refused.redirect_chain[-1][0] == reverse("exports:index")
    assert TOO_MANY_EXPORTS % {"limit": 2} in refused.content.decode()

    run_export(ExportJob.objects.order_by("pk").first().pk)
    start(client)
    assert ExportJob.objects.count() == 3


def test_the_limit_is_per_user(client, world, queue_that_waits):
    for role in ("office_staff", "office_admin"):
        client.force_login(world.users[role])
        start(client)
        start(client)

    assert ExportJob.objects.filter(status=ExportStatus.QUEUED).count() == 4


def test_a_job_a_dead_worker_left_running_stops_counting(client, world, queue_that_waits):
    client.force_login(world.users["office_staff"])
    start(client)
    start(client)
    ExportJob.objects.update(
        status=ExportStatus.RUNNING, created_at=timezone.now() - datetime.timedelta(hours=2)
    )

    start(client)

    assert ExportJob.objects.count() == 3


def test_prune_removes_old_import_error_workbooks(settings, world):
    folder = settings.VAR_DIR / "imports"
    folder.mkdir(parents=True)
    old, recent = folder / "old.xlsx", folder / "recent.xlsx"
    jobs = {}
    for path in (old, recent):
        path.write_bytes(b"PK")
        jobs[path] = ImportJob.objects.create(
            user=world.users["office_staff"], importer="x", title="t", marked_path=str(path)
        )
    # Times from the run's clock, not the file system's: the suite may run on a frozen day.
    for path, age in ((old, 8), (recent, 1)):
        stamp = (timezone.now() - datetime.timedelta(days=age)).timestamp()
        os.utime(path, (stamp, stamp))
        ImportJob.objects.filter(pk=jobs[path].pk).update(
            created_at=timezone.now() - datetime.timedelta(days=age)
        )

    call_command("prune_exports")

    assert not old.exists()
    assert recent.exists()
    assert [job.marked_path for job in ImportJob.objects.order_by("pk")] == ["", str(recent)]
