from django.db import models


class JobKind(models.TextChoices):
    EXPORT = "export", "导出上报数据包"
    IMPORT = "import", "导入下级数据包"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
