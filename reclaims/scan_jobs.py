"""检查空编 in the task worker (django-tasks, as exports and certificate PDFs are): the office's
button queues a scan of its regions and follows its progress on the job's page."""

import logging

from django.utils import timezone
from django_tasks import task

from bianzhi import access
from bianzhi.jobs import save_progress, user_slot
from staffing.models import QuotaLine

from .choices import ScanState
from .detection import reclaims_scan
from .models import ScanJob

ONE_AT_A_TIME = "您已有一项检查空编任务正在进行，请待其完成后再检查。"
SCAN_FAILED = "检查空编未能完成，请稍后重试或联系系统管理员。"
STALE_MINUTES = 30

logger = logging.getLogger(__name__)


def scan_queue(*, user) -> ScanJob:
    """Queue a scan of the quota lines in ``user``'s regions; one open scan per user. The
    database backend's task row commits with the job (the immediate backend, in tests, scans
    at once)."""
    with user_slot(ScanJob, user, limit=1, stale_minutes=STALE_MINUTES, refused=ONE_AT_A_TIME):
        job = ScanJob.objects.create(user=user)
        scan_task.enqueue(job.pk)
    return job


def run_scan(job_id: int) -> None:
    job = ScanJob.objects.select_related("user").get(pk=job_id)
    if job.status != ScanState.QUEUED:
        return
    save_progress(job, status=ScanState.RUNNING)
    scope = access.user_scope(job.user)
    lines = QuotaLine.objects.filter(institution__region__in=scope.region_ids())
    try:
        result = reclaims_scan(
            actor=job.user, lines=lines, progress=lambda done: save_progress(job, done=done)
        )
    except Exception:
        logger.exception("reclaim scan job %s failed", job_id)
        save_progress(job, status=ScanState.FAILED, error=SCAN_FAILED, finished_at=timezone.now())
        return
    save_progress(
        job,
        status=ScanState.DONE,
        done=len(ScanJob.STEPS),
        created=len(result.created),
        updated=len(result.updated),
        lapsed=len(result.lapsed),
        finished_at=timezone.now(),
    )


@task()
def scan_task(job_id: int) -> None:
    run_scan(job_id)
