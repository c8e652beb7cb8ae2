"""Value lists of 工资统发核对 (rules 43–45)."""

from django.db import models


class FindingKind(models.TextChoices):
    """不符类型 (rule 43): how a row of 财政's payroll disagrees with the registry on the last day
    of the payroll month."""

    NOT_IN_REGISTRY = "not_in_registry", "发放工资但不在编"
    NOT_PAID = "not_paid", "在编但未发放工资"
    OTHER_UNIT = "other_unit", "发放单位与在编单位不符"
    CATEGORY = "category", "编制类型或经费形式不符"
    AFTER_EXIT = "after_exit", "出编或退休后仍发放"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "核对中"
    DONE = "done", "已完成"
    FAILED = "failed", "未完成"
