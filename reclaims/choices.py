"""Value lists of 空编收回 (rule 25)."""

from django.db import models


class ReclaimTrigger(models.TextChoices):
    """触发原因: why the system proposes reclaiming a vacancy."""

    EXIT = "exit", "出编/调出后空编"
    STANDING = "standing", "长期空编"
    SHARE = "share", "超比例空编"


class ReclaimState(models.TextChoices):
    """处理结果. 已消除: the vacancy was filled or reserved by a permit before a decision."""

    PENDING = "pending", "待处理"
    RECLAIMED = "reclaimed", "已收回"
    KEPT = "kept", "保留"
    LAPSED = "lapsed", "已消除"


DECIDED_STATES = frozenset({ReclaimState.RECLAIMED, ReclaimState.KEPT})


class ScanState(models.TextChoices):
    """检查空编任务的状态."""

    QUEUED = "queued", "排队中"
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
