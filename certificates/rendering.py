"""The stored PDF of a certificate, rendered in the task worker (django-tasks, as the ledger
exports are) after the issue has committed the frozen snapshot: the issue no longer holds the
region's row lock for seconds while a large roster is laid out. ``PdfJob`` carries the progress
the certificate page shows."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from bianzhi.history import save_tracked, system_actor
from bianzhi.jobs import save_progress
from bianzhi.pdf.renderer import PdfEngineFailed

from . import printing, sealing
from .booklet import expected_pages
from .choices import PdfState
from .models import Certificate, PdfJob

PDF_FAILED = "PDF 生成失败，请稍后重新生成或联系系统管理员。"
PDF_REASON = "生成证书 PDF（发证时冻结的内容）"

logger = logging.getLogger(__name__)


def pdf_queue(certificate: Certificate) -> PdfJob:
    """Record the job and queue the render in the caller's transaction: the database backend's
    task row commits with the certificate, so the worker starts from the committed snapshot
    (the immediate backend, in tests, renders at once)."""
    job = PdfJob.objects.create(certificate=certificate, total=expected_pages(certificate))
    render_certificate_pdf_task.enqueue(job.pk)
    return job


def latest_job(certificate: Certificate) -> PdfJob | None:
    return certificate.pdf_jobs.order_by("-created_at", "-pk").first()


def run_render(job_id: int) -> None:
    job = PdfJob.objects.select_related("certificate").get(pk=job_id)
    if job.state != PdfState.QUEUED:
        return  # rendered already (the demo loader renders its own at once)
    certificate = job.certificate
    save_progress(job, state=PdfState.RUNNING)

    def progress(pages):
        save_progress(job, done=pages, total=max(job.total, pages + 1))

    try:
        data, digest = printing.certificate_pdf(certificate, progress=progress)
    except PdfEngineFailed as error:
        logger.error("Certificate %s has no PDF: %s", certificate.number, error)
        save_progress(job, state=PdfState.FAILED, error=str(error), finished_at=timezone.now())
        return
    except Exception:
        save_progress(job, state=PdfState.FAILED, error=PDF_FAILED, finished_at=timezone.now())
        raise
    stored, stored_digest = sealing.seal_pdf(data)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(stored), save=False)
        certificate.pdf_sha256 = digest
        certificate.pdf_file_sha256 = stored_digest
        save_tracked(certificate, actor=system_actor(), reason=PDF_REASON)
    pages = PdfJob.objects.get(pk=job.pk).done
    save_progress(job, state=PdfState.DONE, done=pages, total=pages, finished_at=timezone.now())


@task()
def render_certificate_pdf_task(job_id: int) -> None:
    run_render(job_id)


def stored_pdf(certificate: Certificate) -> bytes:
    """The PDF a reader gets, from the encrypted file at rest."""
    with certificate.pdf.open("rb") as source:
        return sealing.open_pdf(source.read())
