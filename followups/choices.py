"""Value lists of 机构编制事项跟踪问效 (seed 004, rules 40–42)."""

from django.db import models


class MatterKind(models.TextChoices):
    """事项类别: what was approved and is followed up."""

    ADJUSTMENT = "adjustment", "编制调整"
    NEW_UNIT = "new_unit", "新设机构"


class Stage(models.TextChoices):
    """问效节点: 6 months and 1 year after approval (rule 40)."""

    HALF_YEAR = "half_year", "批复6个月"
    ONE_YEAR = "one_year", "批复1年"


STAGE_MONTHS = {Stage.HALF_YEAR: 6, Stage.ONE_YEAR: 12}


class FollowUpStatus(models.TextChoices):
    """问效状态."""

    DUE = "due", "待问效"
    SCORING = "scoring", "评分中"
    DONE = "done", "已问效"


OPEN_STATUSES = frozenset({FollowUpStatus.DUE, FollowUpStatus.SCORING})


class ProposalKind(models.TextChoices):
    """处理意见 of a follow-up scored below the pass mark (rule 41)."""

    MERGE = "merge", "机构撤并"
    CUT = "cut", "核减编制"


class ProposalState(models.TextChoices):
    PENDING = "pending", "待处理"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "不予采纳"
