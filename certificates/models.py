"""The 《机构编制管理证》: publicity of the roster, the issued certificate with its frozen snapshot,
its change pages and its annual reviews (domain.md §2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import OFFICE_ROLES, Action, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import ApprovalDocument, Institution, Region
from people.models import ChangeRequest
from staffing.models import Adjustment

from .choices import CertificateStatus, ChangeSource, PdfState, ReviewResult
from .sealing import unseal

PUBLICITY_ENDS_BEFORE_START = "公示结束日期不能早于开始日期。"
RESOLUTION_NEEDS_TEXT = "处理异议须填写处理结果。"
TERMINATION_NEEDS_REASON = "终止公示须填写原因。"
WITHDRAWN_NEEDS_DATE = "已收回的证书须有收回日期和原因。"


class Publicity(models.Model):
    """公示: the unit's roster and figures, frozen as published inside the unit for a number of
    days (settings.BIANZHI["PUBLICITY_DAYS"]) before a certificate may be issued."""

    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="publicities"
    )
    started_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示结束日期", editable=False)
    snapshot = models.JSONField("公示内容", default=dict, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)
    # 终止公示: a justified objection ends the publicity early; the unit corrects its roster and
    # publicises again (重新公示), the new publicity naming this one as ``previous``.
    terminated_on = models.DateField("终止日期", null=True, blank=True, editable=False)
    termination_reason = models.TextField("终止原因", max_length=1000, blank=True, editable=False)
    terminated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="终止经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    previous = models.OneToOneField(
        "self",
        verbose_name="重新公示前的公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="republished_as",
        editable=False,
    )

    history = tracked_history()
    # The frozen notice never changes and is read on the print page; in the history it would be
    # one unreadable wall of text above the changes that matter (termination).
    history_hidden_fields = frozenset({"snapshot"})
    scoping = Scoping(region="institution__region", institution="institution")
    access_rules = {Action.ADD: OFFICE_ROLES | {Role.CLERK}}

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("started_on")),
                name="publicity_ends_after_start",
                violation_error_message=PUBLICITY_ENDS_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | ~Q(termination_reason=""),
                name="publicity_termination_has_reason",
                violation_error_message=TERMINATION_NEEDS_REASON,
            ),
        ]

    def __str__(self):
        return f"{self.institution.full_name} 公示（{self.started_on:%Y-%m-%d}起）"

    def get_absolute_url(self):
        return reverse("certificates:publicity_detail", args=[self.pk])

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None

    def is_running(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_terminated and self.started_on <= today <= self.ends_on

    def has_ended(self, today=None) -> bool:
        """The full publicity period has passed (a terminated publicity never ends this way)."""
        return not self.is_terminated and (today or timezone.localdate()) > self.ends_on

    def state_label(self, today=None) -> str:
        today = today or timezone.localdate()
        if self.is_terminated:
            return "已终止"
        if today < self.started_on:
            return "未开始"
        return "公示中" if self.is_running(today) else "已结束"


class Objection(models.Model):
    """公示异议: raised during a publicity, resolved by the office before the certificate issues."""

    publicity = models.ForeignKey(
        Publicity, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )
    raised_on = models.DateField("提出日期")
    raised_by = models.CharField("提出人", max_length=50, blank=True, help_text="可匿名")
    content = models.TextField("异议内容", max_length=2000)
    resolved_on = models.DateField("处理日期", null=True, blank=True, editable=False)
    resolution = models.TextField("处理结果", max_length=2000, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    history = tracked_history()
    scoping = Scoping(region="publicity__institution__region", institution="publicity__institution")
    access_rules = {Action.ADD: OFFICE_ROLES | {Role.CLERK}}

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | ~Q(resolution=""),
                name="objection_resolution_has_text",
                violation_error_message=RESOLUTION_NEEDS_TEXT,
            )
        ]

    def __str__(self):
        return f"异议（{self.raised_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return self.publicity.get_absolute_url()

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class Certificate(models.Model):
    """《机构编制管理证》: one edition for one institution, numbered per region and year, with a
    frozen snapshot of everything it prints. Reprinting shows the snapshot, never today's data."""

    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="certificates"
    )
    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("证书编号", max_length=60)
    edition = models.PositiveIntegerField("版次")
    issued_on = models.DateField("发证日期")
    issued_at = models.DateTimeField("发证时间", default=timezone.now)
    issuing_office = models.CharField("发证机关", max_length=100)
    status = models.CharField(
        "状态", max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    snapshot = models.JSONField("证书内容", default=dict, editable=False)
    publicity = models.ForeignKey(
        Publicity,
        verbose_name="依据公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name="上一版",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_edition",
    )
    code = models.CharField("核验码", max_length=12, unique=True)
    pdf = models.FileField("PDF 文件", upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    # The stored file is the PDF encrypted (it holds full ID numbers): pdf_sha256 is of the PDF a
    # reader gets, pdf_file_sha256 of the bytes at rest, which the backup manifest checks.
    pdf_file_sha256 = models.CharField("PDF 存储文件 SHA-256", max_length=64, blank=True)
    ended_on = models.DateField("换发/收回日期", null=True, blank=True)
    end_reason = models.CharField("换发/收回原因", max_length=200, blank=True)
    end_document = models.ForeignKey(
        ApprovalDocument,
        verbose_name="收回依据",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(region="institution__region", institution="institution")
    # The history shows the snapshot's ID numbers opened, then as the reader's policy allows.
    history_decrypted_fields = {"snapshot": ("snapshot", unseal)}

    class Meta:
        verbose_name = "机构编制管理证"
        verbose_name_plural = "机构编制管理证"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "serial"],
                name="certificate_serial_unique_per_region_year",
                violation_error_message="该区划本年度已有相同序号的证书。",
            ),
            models.UniqueConstraint(
                fields=["institution", "edition"],
                name="certificate_edition_unique",
                violation_error_message="该单位已有相同版次的证书。",
            ),
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status=CertificateStatus.VALID),
                name="one_valid_certificate_per_institution",
                violation_error_message="该单位已有有效的机构编制管理证。",
            ),
            models.CheckConstraint(
                condition=Q(status=CertificateStatus.VALID)
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="ended_certificate_has_date_and_reason",
                violation_error_message=WITHDRAWN_NEEDS_DATE,
            ),
        ]
        indexes = [models.Index(fields=["status", "issued_at"])]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificates:certificate_detail", args=[self.pk])

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def cover_style(self) -> str:
        """Red for 党政群机关, blue for 事业单位 (参公 units are 事业单位 too)."""
        return self.snapshot.get("cover", "blue")


class ChangeEntry(models.Model):
    """变更登记: one approved change after the issue, entered on the certificate's change pages
    until the certificate is reissued. Its text is frozen when entered."""

    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="changes"
    )
    source = models.CharField("来源", max_length=12, choices=ChangeSource.choices)
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name="变动申报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjustment = models.ForeignKey(
        Adjustment,
        verbose_name="编制调整",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_on = models.DateField("变更日期")
    document_number = models.CharField("文号", max_length=100, blank=True)
    summary = models.TextField("变更内容", max_length=2000)
    entered_on = models.DateField("登记日期", default=timezone.localdate)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(
        region="certificate__institution__region", institution="certificate__institution"
    )

    class Meta:
        verbose_name = "变更登记"
        verbose_name_plural = "变更登记"
        ordering = ["changed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "change_request"],
                condition=Q(change_request__isnull=False),
                name="change_entry_request_once",
            ),
            models.UniqueConstraint(
                fields=["certificate", "adjustment"],
                condition=Q(adjustment__isnull=False),
                name="change_entry_adjustment_once",
            ),
        ]

    def __str__(self):
        return f"{self.changed_on:%Y-%m-%d} {self.summary[:30]}"


class AnnualReview(models.Model):
    """年审: the office's yearly review of a certificate, with result, date and remarks."""

    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveIntegerField("年审年度")
    result = models.CharField("年审结论", max_length=10, choices=ReviewResult.choices)
    reviewed_on = models.DateField("年审日期")
    remarks = models.TextField("备注", max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )

    history = tracked_history()
    scoping = Scoping(
        region="certificate__institution__region", institution="certificate__institution"
    )

    class Meta:
        verbose_name = "年审"
        verbose_name_plural = "年审"
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "year"],
                name="annual_review_once_per_year",
                violation_error_message="该证书本年度已经年审。",
            )
        ]

    def __str__(self):
        return f"{self.certificate} {self.year}年度年审"


class PdfJob(models.Model):
    """Rendering a certificate's PDF in the task worker, after the issue has committed its frozen
    snapshot; the certificate page shows its progress. Not domain data (no history)."""

    certificate = models.ForeignKey(
        Certificate, verbose_name="证书", on_delete=models.CASCADE, related_name="pdf_jobs"
    )
    state = models.CharField(
        "状态", max_length=10, choices=PdfState.choices, default=PdfState.QUEUED
    )
    done = models.PositiveIntegerField("已排版页数", default=0)
    total = models.PositiveIntegerField("预计页数", default=0)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "证书 PDF 生成任务"
        verbose_name_plural = "证书 PDF 生成任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.certificate} PDF（{self.get_state_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.state in (PdfState.DONE, PdfState.FAILED)

    @property
    def percent(self) -> int:
        if self.state == PdfState.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
