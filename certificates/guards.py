"""Writes that keep a certificate on the rails after something went wrong: ending a publicity
after a justified objection (终止公示, followed by 重新公示) and rendering a certificate's PDF again
after the task worker failed (重新生成 PDF). Each runs in one transaction, locks what it checks
and records history with actor and reason (rule 13)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bianzhi.history import save_tracked

from . import printing, rendering
from .models import Certificate, Objection, PdfJob, Publicity

TERMINATION_REASON_REQUIRED = "请填写终止公示的原因。"
ALREADY_TERMINATED = "该公示已于 %(on)s 终止。"
TERMINATE_USED = "已依据该公示核发证书（%(number)s），不能再终止。"
TERMINATE_NEEDS_OBJECTION = "终止公示须依据本次公示中登记的异议，请先登记异议。"
OBJECTION_OF_OTHER_PUBLICITY = "所选异议不属于本次公示。"
RESOLUTION_ON_TERMINATION = "异议成立，终止公示：%s"
RESOLUTION_OTHER_ON_TERMINATION = "公示已终止（%s），本异议在重新公示时一并核实。"
PDF_ALREADY_STORED = "证书“%(number)s”的 PDF 已生成，无需重新生成。"
PDF_RENDER_UNDER_WAY = "证书“%(number)s”的 PDF 正在生成（%(state)s），请等待完成。"
PDF_CERTIFICATE_NOT_VALID = "证书“%(number)s”已不是有效证书，不再生成 PDF。"


@transaction.atomic
def publicity_terminate(
    *, publicity: Publicity, objection: Objection, reason: str, actor
) -> Publicity:
    """终止公示: an objection found justified (e.g. the roster misses a person) ends the
    publicity before a certificate is issued on it. The objection is resolved as justified and any
    other open one as carried over, the publicity is marked terminated with its reason, and the
    unit corrects the roster and publicises again: the next publicity names this one as
    ``previous`` (rule 20: a certificate prints exactly a publicised roster)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": TERMINATION_REASON_REQUIRED})
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.is_terminated:
        raise ValidationError(ALREADY_TERMINATED % {"on": publicity.terminated_on})
    used = publicity.certificates.first()
    if used is not None:
        raise ValidationError(TERMINATE_USED % {"number": used.number})
    objections = list(publicity.objections.select_for_update())
    if not objections:
        raise ValidationError(TERMINATE_NEEDS_OBJECTION)
    if objection.publicity_id != publicity.pk:
        raise ValidationError({"objection": OBJECTION_OF_OTHER_PUBLICITY})
    today = timezone.localdate()
    for each in objections:
        if not each.is_open:
            continue
        template = (
            RESOLUTION_ON_TERMINATION
            if each.pk == objection.pk
            else RESOLUTION_OTHER_ON_TERMINATION
        )
        each.resolved_on = today
        each.resolution = template % reason
        each.resolved_by = actor
        save_tracked(each, actor=actor, reason=f"终止公示：{reason}")
    publicity.terminated_on = today
    publicity.termination_reason = reason
    publicity.terminated_by = actor
    publicity.full_clean()
    return save_tracked(publicity, actor=actor, reason=f"终止公示：{reason}")


@transaction.atomic
def certificate_pdf_rerender(*, certificate: Certificate, actor) -> PdfJob:
    """重新生成 PDF: queue the render of the frozen snapshot again after the worker failed (or
    none was queued). Refused while a render is under way, once the PDF is stored, and while the
    PDF engine is missing (it would only fail again). The new job is the page's progress."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.pdf:
        raise ValidationError(PDF_ALREADY_STORED % {"number": certificate.number})
    if not certificate.is_valid:
        raise ValidationError(PDF_CERTIFICATE_NOT_VALID % {"number": certificate.number})
    latest = rendering.latest_job(certificate)
    if latest is not None and not latest.is_finished:
        raise ValidationError(
            PDF_RENDER_UNDER_WAY
            % {"number": certificate.number, "state": latest.get_state_display()}
        )
    problem = printing.pdf_engine_problem()
    if problem:
        raise ValidationError(problem)
    # The PDF job is not domain data; the certificate's history names who asked for it again.
    save_tracked(certificate, actor=actor, reason="重新生成证书 PDF")
    job = rendering.pdf_queue(certificate)
    job.refresh_from_db()
    return job
