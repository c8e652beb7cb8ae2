"""检查空编 from the page runs in the task worker: the button queues a job of the user's regions
and opens its page, which polls until the scan is done and then says what it found; one scan at
a time per user; another user's job is not found; a failing scan ends as failed."""

from unittest import mock

import pytest
from django.urls import reverse

from reclaims import scan_jobs
from reclaims.choices import ReclaimState, ScanState
from reclaims.models import ReclaimProposal, ScanJob
from tests.reclaims.test_pages import line_of

pytestmark = pytest.mark.django_db

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def office(client, world, settings):
    settings.TASKS = QUEUE_ONLY
    line_of(world.unit)
    client.force_login(world.users["office_staff"])
    return client


def test_the_button_queues_a_scan_and_opens_its_progress(office):
    response = office.post(reverse("reclaims:scan"))

    job = ScanJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == ScanState.QUEUED and not ReclaimProposal.objects.exists()
    fragment = office.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<html" not in fragment
    assert "排队" in fragment


def test_the_job_page_tells_what_the_scan_found_and_stops_polling(office):
    office.post(reverse("reclaims:scan"))
    job = ScanJob.objects.get()

    scan_jobs.run_scan(job.pk)

    job.refresh_from_db()
    assert (job.status, job.percent, job.created) == (ScanState.DONE, 100, 1)
    assert ReclaimProposal.objects.get().state == ReclaimState.PENDING
    page = office.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page
    assert "新增空编收回建议 1 条" in page


def test_the_progress_is_saved_once_the_figures_are_counted(office):
    office.post(reverse("reclaims:scan"))
    job = ScanJob.objects.get()
    seen = []
    real = scan_jobs.save_progress

    def watch(saved, **fields):
        seen.append(fields)
        real(saved, **fields)

    with mock.patch.object(scan_jobs, "save_progress", watch):
        scan_jobs.run_scan(job.pk)
    assert [fields.get("status") or fields.get("done") for fields in seen] == [
        ScanState.RUNNING,
        1,
        ScanState.DONE,
    ]


def test_one_scan_at_a_time_per_user(office):
    office.post(reverse("reclaims:scan"))
    response = office.post(reverse("reclaims:scan"), follow=True)

    assert ScanJob.objects.count() == 1
    assert scan_jobs.ONE_AT_A_TIME in response.content.decode()


def test_another_users_scan_is_not_found(office, client, world):
    office.post(reverse("reclaims:scan"))
    job = ScanJob.objects.get()
    client.force_login(world.users["office_admin"])
    assert client.get(job.get_absolute_url()).status_code == 404


def test_a_failing_scan_ends_as_failed_with_a_message(office):
    office.post(reverse("reclaims:scan"))
    job = ScanJob.objects.get()

    with mock.patch.object(scan_jobs, "reclaims_scan", side_effect=RuntimeError("boom")):
        scan_jobs.run_scan(job.pk)

    job.refresh_from_db()
    assert job.status == ScanState.FAILED and job.finished_at is not None
    assert scan_jobs.SCAN_FAILED in office.get(job.get_absolute_url()).content.decode()
