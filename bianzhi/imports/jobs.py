"""Background imports (导入任务): a web upload is stored in the generated files' storage
(``imports/``, bianzhi.files: any server or worker reads it) and run by the task worker, reporting progress on its ``ImportJob``, so that a city-sized or hostile
workbook never holds a web worker. The run stops after ``IMPORT_TIME_LIMIT_SECONDS``; the import
being one transaction, nothing is written then. The result (counts, errors, notices) is kept on
the job as JSON, the marked workbook of the errors as a file beside the upload; the prune command
removes both files after a week."""

import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from bianzhi import files
from bianzhi.excel.report import ImportResult, RowError
from bianzhi.excel.safety import Limits
from bianzhi.jobs import save_progress, user_slot
from bianzhi.models import ImportJob, ImportStatus

from . import pipeline

QUEUED = "已上传，等待后台处理……"
STARTED = "正在打开文件……"
TIMED_OUT = (
    "导入超过时间上限（%(minutes)s 分钟）已停止，未写入任何数据。"
    "请把文件拆分成几个较小的文件分别导入，或请系统管理员用命令行导入。"
)
IMPORT_FAILED = "导入时发生系统错误，未写入任何数据；请稍后重试或联系系统管理员。"
TOO_MANY_IMPORTS = "您已有 %(limit)d 个导入任务在排队或进行中，请等其中一个完成后再上传（可在“我的导入”页查看进度）。"


FOLDER = "imports"


def _store(upload) -> str:
    return files.save(f"{FOLDER}/upload-{uuid.uuid4().hex}.xlsx", upload)


def import_job_create(
    *, user, importer: type[pipeline.Importer], title: str, upload, dry_run: bool,
    options: dict | None = None, page_url: str = "",
) -> ImportJob:  # fmt: skip
    """Store the upload, record the job and queue the task (the immediate backend runs it at
    once). A user has at most ``IMPORT_JOBS_PER_USER`` imports queued or running."""
    with user_slot(
        ImportJob,
        user,
        limit=settings.BIANZHI["IMPORT_JOBS_PER_USER"],
        stale_minutes=settings.BIANZHI["IMPORT_JOB_STALE_MINUTES"],
        refused=TOO_MANY_IMPORTS,
    ):
        name = _store(upload)
        job = ImportJob.objects.create(
            user=user,
            importer=f"{importer.__module__}.{importer.__qualname__}",
            title=title,
            page_url=page_url,
            options=options or {},
            dry_run=dry_run,
            file_name=Path(upload.name).name[:200],
            upload_path=name,
            stage=QUEUED,
        )
    import_workbook_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def result_data(result: ImportResult) -> dict:
    return {
        "kind": result.kind,
        "batch": result.batch,
        "rows": result.rows,
        "errors": [[error.row, error.column, error.message] for error in result.errors],
        "notices": result.notices,
        "written": result.written,
        "dry_run": result.dry_run,
        "header_row": result.header_row,
        "headers": result.headers,
    }


def result_of(job: ImportJob) -> ImportResult | None:
    """The job's result as the pipeline returned it (None until it has one)."""
    data = job.result
    if not data:
        return None
    errors = [RowError(*error) for error in data.get("errors", [])]
    fields = {key: value for key, value in data.items() if key != "errors"}
    return ImportResult(errors=errors, **fields)


def run_import(job_id: int) -> None:
    started = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, stage=STARTED
    )
    if not started:  # run already (a task delivered twice)
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    limit = settings.BIANZHI["IMPORT_TIME_LIMIT_SECONDS"]
    importer = None
    try:
        importer_class = import_string(job.importer)
        importer = importer_class(
            actor=job.user,
            dry_run=job.dry_run,
            limits=Limits.web(),
            deadline=pipeline.clock() + limit,
            **importer_class.job_kwargs(job.user, job.options),
        )
        importer.progress_every = settings.BIANZHI["IMPORT_PROGRESS_EVERY_ROWS"]
        importer.progress = lambda stage: save_progress(job, stage=stage, rows=importer.result.rows)
        with files.local_copy(job.upload_path) as file:
            result = importer.run(file)
            marked = _marked(job, importer_class, file, result)
    except pipeline.ImportTimedOut:
        message = TIMED_OUT % {"minutes": f"{limit / 60:g}"}
        _finish(job, ImportStatus.FAILED, error=message, rows=importer.result.rows)
        return
    except Exception:
        rows = importer.result.rows if importer is not None else 0
        _finish(job, ImportStatus.FAILED, error=IMPORT_FAILED, rows=rows)
        raise
    _finish(
        job, ImportStatus.DONE, rows=result.rows, result=result_data(result), marked_path=marked
    )


def _marked(job, importer_class, file, result: ImportResult) -> str:
    """The marked workbook of the errors, when any is on a row of the file."""
    if result.ok or all(error.row == 0 for error in result.errors):
        return ""
    content = importer_class.error_workbook(file, result, Limits.web())
    return files.save(f"{FOLDER}/marked-{job.pk}-{uuid.uuid4().hex}.xlsx", content)


def _finish(job: ImportJob, status: str, **fields) -> None:
    # The upload holds full ID numbers: it is not kept once read (the marked workbook has the
    # rows in error).
    files.delete(job.upload_path)
    save_progress(
        job, status=status, stage="", upload_path="", finished_at=timezone.now(), **fields
    )


@task()
def import_workbook_task(job_id: int) -> None:
    run_import(job_id)
