"""Value lists of the 问题台账 (rules 30–33)."""

from django.db import models


class ProblemSource(models.TextChoices):
    """问题来源: where the office found the problem."""

    SELF_CHECK = "self_check", "自查发现"
    INSPECTION = "inspection", "监督检查"
    ASSESSMENT = "assessment", "评估考核"
    CASE = "case", "违规案件"
    AUDIT = "audit", "审计巡视"
    FOLLOWUP = "followup", "跟踪问效"
    PAYROLL = "payroll", "工资统发核对"


class ProblemStatus(models.TextChoices):
    """整改状态 (rule 30): 待整改 → 已报整改 → 已销号, or 已报整改 → 退回重改 → 已报整改 …"""

    OPEN = "open", "待整改"
    REPORTED = "reported", "已报整改"
    RETURNED = "returned", "退回重改"
    CLOSED = "closed", "已销号"


# The unit still has to act: these are overdue once the deadline has passed (rule 31).
AWAITING_UNIT = frozenset({ProblemStatus.OPEN, ProblemStatus.RETURNED})
NOT_CLOSED = frozenset({ProblemStatus.OPEN, ProblemStatus.REPORTED, ProblemStatus.RETURNED})
