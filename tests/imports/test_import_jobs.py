"""Web imports run as background jobs (bianzhi.imports.jobs): the page queues a job and shows its
progress and result; the job stops at its time limit writing nothing; only the uploader sees it;
a user has a limited number queued or running."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bianzhi import files
from bianzhi.imports import jobs, pipeline
from bianzhi.models import ImportJob, ImportStatus
from people.imports.roster import RosterImporter
from people.models import Person
from tests.kit import builders
from tests.kit.views import assert_redirects_to_login

from .books import roster_row, upload, workbook_bytes

PAGE = "people:roster_import"


def roster(n: int) -> bytes:
    return workbook_bytes([roster_row(builders.id_number()) for _ in range(n)])


@pytest.fixture
def staff_client(client, world):
    builders.quota(world.unit, 10)
    client.force_login(world.users["office_staff"])
    return client


def uploads_kept() -> list[str]:
    """Uploads still in the generated files' storage (each holds full ID numbers)."""
    return [name for name in files.names_in(jobs.FOLDER) if "/upload-" in name]


def test_the_page_queues_a_job_that_runs_and_shows_its_result(staff_client, world):
    response = staff_client.post(reverse(PAGE), {"file": upload(roster(2), "采集表.xlsx")})
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    assert job.user == world.users["office_staff"]
    assert job.status == ImportStatus.DONE and job.rows == 2 and job.outcome == "已导入"
    assert Person.objects.count() == 2
    assert job.upload_path == "" and not uploads_kept()
    page = staff_client.get(job.get_absolute_url()).content.decode()
    assert "已导入 2 行" in page and job.result["batch"] in page
    assert 'hx-get="' not in page, "a finished job stops polling"
    for listing in (reverse("imports:index"), reverse(PAGE)):
        assert job.get_absolute_url() in staff_client.get(listing).content.decode()


def test_a_running_job_polls_and_shows_its_progress(staff_client, world):
    job = ImportJob.objects.create(
        user=world.users["office_staff"],
        importer="people.imports.roster.RosterImporter",
        title="人员信息采集表导入",
        file_name="采集表.xlsx",
        status=ImportStatus.RUNNING,
        stage="已校验 500 行",
        rows=500,
    )
    response = staff_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert response.templates[0].name == "imports/includes/job_status.html"
    page = response.content.decode()
    assert f'hx-get="{job.get_absolute_url()}"' in page
    assert "进行中" in page and "已校验 500 行" in page


def test_progress_is_recorded_while_validating_and_writing(staff_client, settings, monkeypatch):
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_PROGRESS_EVERY_ROWS": 1}
    saved = []
    real_save = jobs.save_progress

    def recording_save(job, **fields):
        saved.append(fields)
        real_save(job, **fields)

    monkeypatch.setattr(jobs, "save_progress", recording_save)
    staff_client.post(reverse(PAGE), {"file": upload(roster(3))})
    progress = [(f["stage"], f.get("rows")) for f in saved if f.get("stage")]
    assert ("已校验 2 行", 2) in progress and ("已校验 3 行", 3) in progress
    assert (pipeline.WRITING, 3) in progress
    assert saved[-1]["status"] == ImportStatus.DONE


def test_the_time_limit_stops_a_slow_validation(staff_client, settings, monkeypatch):
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_TIME_LIMIT_SECONDS": 30}
    now = iter(range(0, 10_000, 10))  # every look at the clock: ten seconds later
    monkeypatch.setattr(pipeline, "clock", lambda: next(now))
    response = staff_client.post(reverse(PAGE), {"file": upload(roster(8))}, follow=True)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.error == jobs.TIMED_OUT % {"minutes": "0.5"}
    assert "超过时间上限" in response.content.decode()
    assert Person.objects.count() == 0
    assert not uploads_kept()


def test_the_time_limit_reached_while_writing_writes_nothing(staff_client, settings, monkeypatch):
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_TIME_LIMIT_SECONDS": 60}
    late = {"by": 0}
    monkeypatch.setattr(pipeline, "clock", lambda: 1000 + late["by"])
    write = RosterImporter.write

    def slow_write(importer, valid):
        written = write(importer, valid)
        assert Person.objects.count() == 3  # written inside the transaction …
        late["by"] = 61
        return written

    monkeypatch.setattr(RosterImporter, "write", slow_write)
    staff_client.post(reverse(PAGE), {"file": upload(roster(3))})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "未写入任何数据" in job.error
    assert Person.objects.count() == 0  # … and rolled back


def test_another_user_cannot_see_the_job(staff_client, world):
    rows = [roster_row(builders.id_number(), 姓名=None)]
    staff_client.post(reverse(PAGE), {"file": upload(workbook_bytes(rows))})
    job = ImportJob.objects.get()
    assert job.marked_path
    assert staff_client.get(job.marked_url).status_code == 200
    other = staff_client.__class__()
    other.force_login(world.users["office_admin"])
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(job.marked_url).status_code == 404
    assert job.file_name not in other.get(reverse("imports:index")).content.decode()


def test_a_user_has_a_limited_number_of_imports_open(staff_client, world, settings):
    settings.BIANZHI = {**settings.BIANZHI, "IMPORT_JOBS_PER_USER": 2}
    user = world.users["office_staff"]
    for _ in range(2):
        ImportJob.objects.create(user=user, importer="x", title="t", file_name="f.xlsx")
    response = staff_client.post(reverse(PAGE), {"file": upload(roster(1))})
    assert response.status_code == 200
    assert jobs.TOO_MANY_IMPORTS % {"limit": 2} in response.context["form"].non_field_errors()
    assert ImportJob.objects.count() == 2 and Person.objects.count() == 0
    # A job a crashed worker left queued long ago no longer counts.
    stale = timezone.now() - datetime.timedelta(hours=2)
    ImportJob.objects.filter(pk=ImportJob.objects.first().pk).update(created_at=stale)
    response = staff_client.post(reverse(PAGE), {"file": upload(roster(1))})
    assert response.status_code == 302 and Person.objects.count() == 1


def test_the_job_pages_need_login(client, world):
    job = ImportJob.objects.create(
        user=world.users["office_staff"], importer="x", title="t", file_name="f.xlsx"
    )
    for url in (reverse("imports:index"), job.get_absolute_url(), job.marked_url):
        assert_redirects_to_login(client.get(url))


def test_a_crash_fails_the_job_and_a_second_delivery_does_nothing(staff_client, monkeypatch):
    def crash(importer, file):
        raise RuntimeError("boom")

    monkeypatch.setattr(RosterImporter, "run", crash)
    staff_client.post(reverse(PAGE), {"file": upload(roster(1))})  # the task's error is logged
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.error == jobs.IMPORT_FAILED
    assert not uploads_kept()
    jobs.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
