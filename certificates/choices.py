"""Value lists of the 《机构编制管理证》 (domain.md §2)."""

from django.db import models


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    REPLACED = "replaced", "已换发"
    WITHDRAWN = "withdrawn", "已收回"


class ReviewResult(models.TextChoices):
    """年审结论."""

    PASSED = "passed", "合格"
    BASICALLY_PASSED = "basic", "基本合格"
    FAILED = "failed", "不合格"


class ChangeSource(models.TextChoices):
    REQUEST = "request", "变动申报"
    ADJUSTMENT = "adjustment", "编制调整"


class PdfState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在生成"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


# The two printed copies of every certificate.
COPIES = ("单位留存", "编办存档")
