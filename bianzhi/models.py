"""The one model of the shared kit: a background export (导出任务). It is not domain data (no
history): it records who asked for which ledger with which filters, how far the writing has got,
and where the file is, so that only that user can download it."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(models.Model):
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
