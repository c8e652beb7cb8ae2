"""Generated files through the storage API (bianzhi.files) on an S3-compatible store: moto's
in-process S3 stands for the bucket BIANZHI_STORAGE=s3 names. An export is written to the bucket
and streamed back by the download view; a web import reads its upload from the bucket, removes it,
and keeps the marked workbook there; the prune command deletes what expired."""

import datetime

import boto3
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws

from bianzhi import files
from bianzhi.models import ExportJob, ExportStatus, ImportJob, ImportStatus
from tests.imports.books import roster_row, upload, workbook_bytes
from tests.kit import builders

BUCKET = "bianzhi-test"
S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": BUCKET,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "default_acl": None,
        "file_overwrite": False,
    },
}


@pytest.fixture
def bucket(settings):
    """Both storages in one mocked bucket, under the prefixes settings.py gives them."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**S3, "OPTIONS": {**S3["OPTIONS"], "location": "media"}},
            "generated": {**S3, "OPTIONS": {**S3["OPTIONS"], "location": "generated"}},
        }
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
        yield boto3.resource("s3", region_name="us-east-1").Bucket(BUCKET)


def keys(bucket, prefix: str) -> list[str]:
    return sorted(item.key for item in bucket.objects.filter(Prefix=prefix))


def test_an_export_is_written_to_the_bucket_and_streamed_back(bucket, client, world):
    builders.staff(builders.quota(world.sibling, 2), 2)
    client.force_login(world.users["office_staff"])

    client.post(reverse("exports:start", args=["roster"]))

    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    assert keys(bucket, "generated/exports/") == [f"generated/{job.path}"]
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.read_bytes(job.path)

    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    call_command("prune_exports")
    assert keys(bucket, "generated/exports/") == []
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_an_import_reads_its_upload_from_the_bucket_and_keeps_the_marked_workbook_there(
    bucket, client, world
):
    builders.quota(world.unit, 10)
    client.force_login(world.users["office_staff"])
    rows = [roster_row(builders.id_number(), 姓名=None)]

    client.post(reverse("people:roster_import"), {"file": upload(workbook_bytes(rows))})

    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and job.upload_path == ""
    # The upload (full ID numbers) is gone once read; the marked workbook stays.
    assert keys(bucket, "generated/imports/") == [f"generated/{job.marked_path}"]
    response = client.get(job.marked_url)
    assert response.status_code == 200
    assert response.content == files.read_bytes(job.marked_path)


def test_an_attachment_goes_to_the_default_storage_in_the_bucket(bucket):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("attachments/2026/note.txt", ContentFile(b"scan"))

    assert keys(bucket, "media/") == [f"media/{name}"]
    assert not files.exists(name), "the generated files are apart from the uploaded ones"


def test_an_export_recorded_as_a_path_before_the_storage_api_still_downloads(
    client, world, settings, tmp_path
):
    """Jobs from before this change hold absolute paths under BIANZHI_VAR_DIR: the local
    storage, rooted there, still finds them; a path outside it is simply gone."""
    settings.VAR_DIR = tmp_path
    (tmp_path / "exports").mkdir()
    old = tmp_path / "exports" / "1-old.xlsx"
    old.write_bytes(b"PK old")
    staff = world.users["office_staff"]
    job = ExportJob.objects.create(
        user=staff, kind="roster", title="花名册", status=ExportStatus.DONE, path=str(old)
    )
    client.force_login(staff)

    response = client.get(reverse("exports:download", args=[job.pk]))

    assert response.status_code == 200 and b"".join(response.streaming_content) == b"PK old"
    ExportJob.objects.filter(pk=job.pk).update(path="/elsewhere/exports/1-old.xlsx")
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
