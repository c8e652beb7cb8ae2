"""Background exports: the task that writes a ledger for the user who asked, reporting progress
on its ``ExportJob``. XlsxWriter writes a local temporary file, which is then saved to the
generated files' storage (``exports/``, bianzhi.files), so the server that takes the download
need not be the worker's machine."""

import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import access_log, files, ledgers, privacy
from .jobs import save_progress, user_slot
from .models import AccessAction, ExportJob, ExportStatus, IdNumbers

EXPORT_FAILED = "导出失败，请稍后重试或联系系统管理员。"
TOO_MANY_EXPORTS = "您已有 %(limit)d 个导出任务在排队或进行中，请等其中一个完成后再导出（可在“台账导出”页查看进度）。"
# How the job page and the access log label the parameters that ``ledgers.param_words`` does not
# put in words; a list page's other filters keep their names (status, …).
PARAM_LABELS = {"q": "搜索"}


FOLDER = "exports"


def conditions(params: dict, user=None, words: ledgers.ParamWords | None = None):
    """The export's filters as (label, value) pairs, units and regions by name as ``user``
    may see them (``words``: already read)."""
    words = words or ledgers.param_words(user, params)
    return [
        words.values.get(key) or (PARAM_LABELS.get(key, key), str(value))
        for key, value in params.items()
    ]


def id_numbers_of(ledger: ledgers.Ledger, user) -> IdNumbers:
    """How the ledger shows ID numbers to ``user`` (rule 14)."""
    if not ledger.id_numbers:
        return IdNumbers.NONE
    return IdNumbers.FULL if privacy.policy_for(user).full else IdNumbers.MASKED


def log_export(request_or_user, ledger: ledgers.Ledger, params: dict, url: str, *, user=None):
    """访问日志 of one export: which ledger, the exporting user's scope and filters, masked or
    full. ``user``: whose view the ledger was written as, where the log names another account
    (the command line's unsaved office admin is logged as the system account)."""
    user = user or getattr(request_or_user, "user", request_or_user)
    filters = "；".join(f"{label}：{value}" for label, value in conditions(params, user) if value)
    scope = access_log.user_scope_text(user)
    access_log.record(
        request_or_user,
        action=AccessAction.EXPORT,
        label=ledger.title,
        url=url,
        scope=f"{scope}；{filters}" if filters else scope,
        id_numbers=id_numbers_of(ledger, user),
    )


def export_job_create(*, user, ledger: ledgers.Ledger, params: dict, request=None) -> ExportJob:
    """Record the request, log it (访问日志: which ledger, which scope, masked or full), and queue
    the task (with the immediate backend it runs at once).

    A user has at most ``EXPORT_JOBS_PER_USER`` exports queued or running: a whole-city ledger
    takes minutes, and one user's clicks must not fill the worker's queue for everyone."""
    with user_slot(
        ExportJob,
        user,
        limit=settings.BIANZHI["EXPORT_JOBS_PER_USER"],
        stale_minutes=settings.BIANZHI["EXPORT_JOB_STALE_MINUTES"],
        refused=TOO_MANY_EXPORTS,
    ):
        job = ExportJob.objects.create(
            user=user, kind=ledger.kind, title=ledger.title, params=params
        )
        log_export(request if request is not None else user, ledger, params, job.get_absolute_url())
    export_ledger_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def run_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    save_progress(job, status=ExportStatus.RUNNING)

    def progress(done, total):
        save_progress(job, done=done, total=total)

    with tempfile.TemporaryDirectory(prefix="bianzhi-export-") as scratch:
        partial = Path(scratch) / "ledger.xlsx"
        try:
            ledger = ledgers.get(job.kind)
            rows = ledgers.write_ledger(
                ledger, user=job.user, params=job.params, target=str(partial), progress=progress
            )
            name = files.save_path(f"{FOLDER}/{job.pk}-{uuid.uuid4().hex}.xlsx", partial)
        except ledgers.LedgerError as error:
            save_progress(
                job, status=ExportStatus.FAILED, error=str(error), finished_at=timezone.now()
            )
            return
        except Exception:
            save_progress(
                job, status=ExportStatus.FAILED, error=EXPORT_FAILED, finished_at=timezone.now()
            )
            raise
    save_progress(
        job,
        status=ExportStatus.DONE,
        done=rows,
        total=rows,
        path=name,
        file_name=ledger.file_name(timezone.localdate()),
        finished_at=timezone.now(),
    )


@task()
def export_ledger_task(job_id: int) -> None:
    run_export(job_id)
