"""核对批次 in the task worker (django-tasks, as the imports and the 空编 scan are): the upload is
stored in the generated-files storage under ``imports/`` (bianzhi.files), read by the pipeline, compared and its findings written;
the run's page follows the steps. The upload holds full ID numbers: it is removed once read."""

import logging
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from bianzhi import files
from bianzhi.excel.safety import Limits
from bianzhi.imports import pipeline
from bianzhi.imports.jobs import FOLDER, result_data
from bianzhi.jobs import save_progress, user_slot

from .choices import RunStatus
from .importer import PayrollImporter
from .models import PayrollRun

ONE_AT_A_TIME = "您已有一项工资统发核对正在进行，请待其完成后再上传。"
STALE_MINUTES = 60
REFUSED = "工资表有 %(count)d 处错误，未进行核对，请修改后重新上传。"
TIMED_OUT = "核对超过时间上限（%(minutes)s 分钟）已停止，未保存任何结果。"
FAILED = "核对时发生系统错误，未保存任何结果；请稍后重试或联系系统管理员。"

logger = logging.getLogger(__name__)


def _store(upload) -> str:
    # Beside the imports' uploads (whatever the file is: it is read by its content), so that
    # prune_exports removes one a crashed worker left behind.
    return files.save(f"{FOLDER}/payroll-{uuid.uuid4().hex}.xlsx", upload)


def run_queue(*, user, region, month, upload) -> PayrollRun:
    """Store the payroll file and queue its comparison; one open run per user."""
    with user_slot(PayrollRun, user, limit=1, stale_minutes=STALE_MINUTES, refused=ONE_AT_A_TIME):
        name = _store(upload)
        run = PayrollRun.objects.create(
            user=user,
            region=region,
            month=month.replace(day=1),
            file_name=Path(upload.name).name[:200],
            upload_path=name,
        )
        payroll_task.enqueue(run.pk)
    run.refresh_from_db()
    return run


def execute(run: PayrollRun, file, *, limits: Limits | None = None, deadline=None):
    """Read ``file`` and compare it for ``run`` (the task's work, also the benchmark's)."""
    started = time.monotonic()
    importer = PayrollImporter(
        actor=run.user, run=run, limits=limits or Limits.web(), deadline=deadline
    )
    importer.progress_every = settings.BIANZHI["IMPORT_PROGRESS_EVERY_ROWS"]

    def progress(stage, done=None):
        fields = {"rows": importer.result.rows}
        if done is not None:
            fields["done"] = done
        save_progress(run, **fields)

    importer.progress = progress
    result = importer.run(file)
    fields = {"rows": result.rows, "result": result_data(result), "finished_at": timezone.now()}
    fields["seconds"] = round(time.monotonic() - started, 2)
    if result.errors:
        count = len(result.errors)
        fields.update(status=RunStatus.FAILED, error=REFUSED % {"count": count})
    else:
        counts = dict(result.written or {})
        fields.update(
            status=RunStatus.DONE,
            done=len(PayrollRun.STEPS),
            counts=counts,
            finding_count=sum(counts.values()),
            registry_count=run.registry_count,
        )
    save_progress(run, **fields)
    run.refresh_from_db()
    return result


def run_payroll(run_id: int) -> None:
    started = PayrollRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not started:  # run already (a task delivered twice)
        return
    run = PayrollRun.objects.select_related("user", "region").get(pk=run_id)
    limit = settings.BIANZHI["IMPORT_TIME_LIMIT_SECONDS"]
    try:
        with files.local_copy(run.upload_path) as file:
            execute(run, file, deadline=pipeline.clock() + limit)
    except pipeline.ImportTimedOut:
        _fail(run, TIMED_OUT % {"minutes": f"{limit / 60:g}"})
    except Exception:
        logger.exception("payroll run %s failed", run_id)
        _fail(run, FAILED)
    finally:
        files.delete(run.upload_path)
        save_progress(run, upload_path="")


def _fail(run: PayrollRun, message: str) -> None:
    save_progress(run, status=RunStatus.FAILED, error=message, finished_at=timezone.now())


@task()
def payroll_task(run_id: int) -> None:
    run_payroll(run_id)
