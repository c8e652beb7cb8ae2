"""The models of the shared kit. A background export (导出任务) is not domain data (no history):
it records who asked for which ledger with which filters, how far the writing has got, and where
the file is, so that only that user can download it. The access log (访问日志) records reads of
personal data, for every app to write. A web import (导入任务) runs in the background the same
way."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

ENTRY_IS_FINAL = "访问日志一经记录，不能修改。"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(models.Model):
    OPEN_STATES = [ExportStatus.QUEUED, ExportStatus.RUNNING]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    kind = models.CharField("台账", max_length=40)
    title = models.CharField("台账名称", max_length=100)
    params = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.PositiveIntegerField("已写行数", default=0)
    total = models.PositiveIntegerField("总行数", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    path = models.CharField("文件位置", max_length=500, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("exports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ImportJob(models.Model):
    """One web upload of a workbook import (导入任务), run by the task worker: the stored file,
    the importer and its options, how far validation has got, and the result (counts, errors,
    the marked workbook). Only the uploader sees it."""

    OPEN_STATES = [ImportStatus.QUEUED, ImportStatus.RUNNING]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    importer = models.CharField("导入程序", max_length=200)
    title = models.CharField("导入名称", max_length=100)
    page_url = models.CharField("导入页面", max_length=300, blank=True)
    options = models.JSONField("导入选项", default=dict, blank=True)
    dry_run = models.BooleanField("仅校验", default=False)
    file_name = models.CharField("上传文件名", max_length=200)
    upload_path = models.CharField("上传文件位置", max_length=500, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField("进度", max_length=100, blank=True)
    rows = models.PositiveIntegerField("已校验行数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    marked_path = models.CharField("错误清单位置", max_length=500, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def marked_url(self) -> str:
        return reverse("imports:marked", args=[self.pk])

    @property
    def outcome(self) -> str:
        """The status, and for a finished run what it came to."""
        if self.status != ImportStatus.DONE:
            return self.get_status_display()
        if self.result.get("errors"):
            return "有错误，未写入"
        return "校验通过" if self.dry_run else "已导入"


class IdNumbers(models.TextChoices):
    """How an output showed ID numbers (身份证号)."""

    FULL = "full", "完整"
    MASKED = "masked", "脱敏"
    NONE = "none", "不含身份证号"


class AccessAction(models.TextChoices):
    PERSON_VIEW = "person_view", "查看人员信息"
    ASOF_VIEW = "asof_view", "查看历史状况"
    REQUEST_VIEW = "request_view", "查看变动申报"
    ID_SEARCH = "id_search", "按身份证号查询"
    CERTIFICATE_PRINT = "certificate_print", "打印管理证"
    CERTIFICATE_PDF = "certificate_pdf", "下载管理证 PDF"
    EXPORT = "export", "导出台账"
    API_CALL = "api_call", "数据共享接口调用"


class AccessEvent(models.Model):
    """访问日志: one read of personal data — a page, print view or PDF showing full ID numbers,
    a search by a full ID number, a ledger export (with its scope and masking). Written by
    ``bianzhi.access_log.record`` only, never changed; the prune command keeps at least
    ``ACCESS_LOG_KEEP_DAYS`` (≥ 180) days."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=AccessAction.choices)
    label = models.CharField("对象", max_length=300, blank=True)
    url = models.CharField("网址", max_length=500, blank=True)
    scope = models.CharField("范围", max_length=500, blank=True)
    id_numbers = models.CharField("身份证号", max_length=10, choices=IdNumbers.choices)
    query = models.CharField("查询条件", max_length=300, blank=True)

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.user} · {self.get_action_display()} · {self.label}"

    def save(self, *args, **kwargs):
        # An entry is written once: the log is evidence, so no path of the application edits it.
        if not self._state.adding:
            raise ValueError(ENTRY_IS_FINAL)
        super().save(*args, **kwargs)


class NoticeKind(models.TextChoices):
    APPROVED = "approved", "申报已核准"
    PERMIT = "permit", "用编通知单已核发"
    RESUBMITTED = "resubmitted", "退回的申报已重新提交"


class Notice(models.Model):
    """站内消息: one event told to one user (a unit's request approved, a usage permit issued
    for the unit, a returned request sent back to whoever returned it), with a link to what it is
    about. Written by ``bianzhi.notices.notify`` in the transaction of the event itself; the
    recipient reads it (``read_at``), nothing else changes it. The tasks that wait for a user
    (drafts, returns, submissions to decide) are not notices: ``people.inbox`` computes them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.PROTECT,
        related_name="notices",
    )
    kind = models.CharField("类型", max_length=20, choices=NoticeKind.choices)
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=500)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
