"""数据包 export and import in the task worker (django-tasks, as ledger exports and 检查空编
are): the office's page queues the job and follows its progress on the job's page."""

import logging
import tempfile
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from bianzhi import access, access_log, files
from bianzhi.history import system_actor
from bianzhi.jobs import save_progress, user_slot
from bianzhi.models import AccessAction, IdNumbers

from . import export, importer, package
from .choices import JobKind, JobState
from .models import PackageJob

ONE_AT_A_TIME = "您已有一项数据包任务正在进行，请待其完成后再提交。"
EXPORT_FAILED = "导出数据包未能完成，请稍后重试或联系系统管理员。"
IMPORT_FAILED = "导入数据包未能完成，本次没有写入任何数据。请稍后重试或联系系统管理员。"
EXPORT_LABEL = "上报数据包（含完整身份证号）"
STALE_MINUTES = 60

logger = logging.getLogger(__name__)


# In the generated-files storage (bianzhi.files), so any server serves what a worker wrote.
FOLDER = "exchange"
UPLOAD_PREFIX = f"{FOLDER}/upload-"


def package_file_name(region, day) -> str:
    return f"上报数据包_{region.code}{region.name}_{day:%Y%m%d}.zip"


def export_queue(*, user, region, day, request=None) -> PackageJob:
    """Queue the export of ``region`` at the end of ``day``; logged as an export of full ID
    numbers (访问日志), like any ledger with them."""
    with user_slot(PackageJob, user, limit=1, stale_minutes=STALE_MINUTES, refused=ONE_AT_A_TIME):
        job = PackageJob.objects.create(
            kind=JobKind.EXPORT, user=user, region=region, as_of=day, total=2
        )
        access_log.record(
            request if request is not None else user,
            action=AccessAction.EXPORT,
            label=EXPORT_LABEL,
            url=job.get_absolute_url(),
            scope=f"{access_log.user_scope_text(user)}；区划：{region.name}；截至：{day}",
            id_numbers=IdNumbers.FULL,
        )
        export_task.enqueue(job.pk)
    return job


def run_export(job_id: int) -> None:
    job = PackageJob.objects.select_related("region").get(pk=job_id)
    if job.status != JobState.QUEUED:
        return
    save_progress(job, status=JobState.RUNNING)
    try:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "package.zip"
            manifest = export.write_package(
                job.region, job.as_of, path, progress=lambda done: save_progress(job, done=done)
            )
            digest = package.sha256(path.read_bytes())
            name = files.save_path(f"{FOLDER}/export-{job.pk}-{uuid.uuid4().hex}.zip", path)
    except Exception:
        logger.exception("package export job %s failed", job_id)
        save_progress(job, status=JobState.FAILED, error=EXPORT_FAILED, finished_at=timezone.now())
        return
    save_progress(
        job,
        status=JobState.DONE,
        done=job.total,
        path=name,
        file_name=package_file_name(job.region, job.as_of),
        sha256=digest,
        manifest=manifest,
        finished_at=timezone.now(),
    )


def store_upload(upload) -> str:
    """The stored name of an uploaded package (kept until imported, refused or pruned)."""
    return files.save(f"{UPLOAD_PREFIX}{uuid.uuid4().hex}.zip", upload)


def upload_name(token: str) -> str:
    return f"{UPLOAD_PREFIX}{token}.zip"


def upload_token(name: str) -> str:
    return Path(name).stem.removeprefix("upload-")


def discard_upload(name: str) -> None:
    """An uploaded package holds full ID numbers: once imported (or refused) it is not kept;
    the job keeps its manifest and SHA-256."""
    if name.startswith(UPLOAD_PREFIX):
        files.delete(name)


def preview(*, user, name: str) -> dict:
    """The manifest of an uploaded package, checked for format, region and date (rules 49–50)
    before the office confirms: nothing is written yet."""
    with files.local_copy(name) as source:
        manifest = package.read_manifest(source)
    pkg = package.Package(manifest=manifest, tables={})
    region = importer.package_region(pkg, user_scope=access.user_scope(user))
    importer.check_date(pkg, region)
    return manifest


def import_queue(*, user, name: str, file_name: str = "") -> PackageJob:
    manifest = preview(user=user, name=name)
    region = importer.package_region(package.Package(manifest, {}))
    with user_slot(PackageJob, user, limit=1, stale_minutes=STALE_MINUTES, refused=ONE_AT_A_TIME):
        job = PackageJob.objects.create(
            kind=JobKind.IMPORT,
            user=user,
            region=region,
            as_of=manifest["as_of"],
            path=name,
            file_name=file_name,
            sha256=package.sha256(files.read_bytes(name)),
            manifest=manifest,
            total=len(package.TABLES),
        )
        import_task.enqueue(job.pk)
    return job


def run_import(job_id: int, *, check_scope: bool = True) -> None:
    job = PackageJob.objects.select_related("user").get(pk=job_id)
    if job.status != JobState.QUEUED:
        return
    save_progress(job, status=JobState.RUNNING)
    try:
        with files.local_copy(job.path) as source:
            pkg = package.read(source)
        outcome = importer.import_package(
            pkg,
            actor=job.user,
            user_scope=access.user_scope(job.user) if check_scope else None,
            progress=lambda done: save_progress(job, done=done),
        )
    except ValidationError as error:
        save_progress(
            job, status=JobState.FAILED, error=error.messages[0], finished_at=timezone.now()
        )
        return
    except Exception:
        logger.exception("package import job %s failed", job_id)
        save_progress(job, status=JobState.FAILED, error=IMPORT_FAILED, finished_at=timezone.now())
        return
    finally:
        discard_upload(job.path)
    save_progress(
        job,
        status=JobState.DONE,
        done=job.total,
        result=outcome.as_dict(),
        finished_at=timezone.now(),
    )


def command_import(path: Path) -> PackageJob:
    """``manage.py import_package``: the operator's import, as the system account, of any
    region this instance holds (no office scope), recorded as a job like the page's."""
    manifest = package.read_manifest(path)
    region = importer.package_region(package.Package(manifest, {}))
    job = PackageJob.objects.create(
        kind=JobKind.IMPORT,
        user=system_actor(),
        region=region,
        as_of=manifest["as_of"],
        path=files.save_path(f"{UPLOAD_PREFIX}{uuid.uuid4().hex}.zip", path),
        file_name=path.name,
        sha256=package.sha256(path.read_bytes()),
        manifest=manifest,
        total=len(package.TABLES),
    )
    run_import(job.pk, check_scope=False)
    job.refresh_from_db()
    return job


@task()
def export_task(job_id: int) -> None:
    run_export(job_id)


@task()
def import_task(job_id: int) -> None:
    run_import(job_id)
