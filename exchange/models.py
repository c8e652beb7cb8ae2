"""数据交换: a county's registry packed for the office above it (上报数据包) and the city's import
of it region by region; docs/exchange.md describes the package."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bianzhi.access import Action, Role, Scoping
from bianzhi.history import tracked_history
from orgs.models import Institution, Region

from .choices import JobKind, JobState


class PackageJob(models.Model):
    """One export or import of a package, run by the task worker: its region and as-of date,
    the manifest, progress and outcome. Not domain data (no history: the rows it writes carry
    theirs)."""

    OPEN_STATES = (JobState.QUEUED, JobState.RUNNING)

    kind = models.CharField("类型", max_length=10, choices=JobKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="数据包区划", null=True, on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField("数据截止日期", null=True)
    status = models.CharField(
        "状态", max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    path = models.CharField("文件位置", max_length=500, blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    sha256 = models.CharField("数据包 SHA-256", max_length=64, blank=True)
    manifest = models.JSONField("清单", default=dict, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "数据包任务"
        verbose_name_plural = "数据包任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.get_status_display()}）"

    def get_absolute_url(self):
        return reverse("exchange:package_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class ExchangeKey(models.Model):
    """The city's row for one row of a lower instance: (package region, table, the row's id
    there) → the id here. Rows with a natural key (regions, documents, people) need none."""

    region = models.ForeignKey(
        Region, verbose_name="数据包区划", on_delete=models.PROTECT, related_name="+"
    )
    table = models.CharField("数据表", max_length=30)
    source_id = models.BigIntegerField("下级系统中的编号")
    object_id = models.BigIntegerField("本系统中的编号")

    class Meta:
        verbose_name = "数据交换对照"
        verbose_name_plural = "数据交换对照"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "table", "source_id"], name="exchange_key_unique"
            )
        ]

    def __str__(self):
        return f"{self.region.code}/{self.table}/{self.source_id} → {self.object_id}"


class ReportedCertificate(models.Model):
    """下级上报的管理证状态: a lower instance's 《机构编制管理证》 as its package reports it (the
    certificate itself, with its PDF and snapshot, stays with the office that issued it)."""

    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("证书编号", max_length=60)
    edition = models.PositiveIntegerField("版次")
    issued_on = models.DateField("发证日期")
    status = models.CharField("状态", max_length=20)
    status_label = models.CharField("状态名称", max_length=20, blank=True)
    ended_on = models.DateField("换发/收回日期", null=True, blank=True)
    end_reason = models.CharField("换发/收回原因", max_length=200, blank=True)

    history = tracked_history()
    scoping = Scoping(region="region", institution="institution")
    access_rules = {action: frozenset({Role.OFFICE_ADMIN}) for action in Action}

    class Meta:
        verbose_name = "下级上报的管理证"
        verbose_name_plural = "下级上报的管理证"
        ordering = ["region__code", "number"]

    def __str__(self):
        return self.number
