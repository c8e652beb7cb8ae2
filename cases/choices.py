"""Value lists of 违规案件 (12310 举报, rules 34 and 35)."""

from django.db import models


class Channel(models.TextChoices):
    """举报渠道."""

    PHONE = "phone", "12310电话"
    LETTER = "letter", "来信"
    ONLINE = "online", "网上举报"
    REFERRAL = "referral", "上级或有关部门转办"


class Category(models.TextChoices):
    """违规类型: the breaches of 机构编制纪律 reports are usually about."""

    INSTITUTION = "institution", "擅自设立机构或提高规格"
    OVER_ESTABLISHMENT = "over_establishment", "超编进人"
    LEADERSHIP = "leadership", "超职数配备领导干部"
    MIXED = "mixed", "混编混岗"
    GHOST = "ghost", "吃空饷"
    FALSE_REPORT = "false_report", "虚报瞒报机构编制信息"
    OTHER = "other", "其他"


class CaseState(models.TextChoices):
    """办理状态: 待分办 → 调查中 (assigned) → 已查结 (findings recorded) → 已办结 (closed, with
    the feedback to the reporter)."""

    RECEIVED = "received", "待分办"
    INVESTIGATING = "investigating", "调查中"
    CONCLUDED = "concluded", "已查结"
    CLOSED = "closed", "已办结"


OPEN_STATES = frozenset({CaseState.RECEIVED, CaseState.INVESTIGATING, CaseState.CONCLUDED})


class Conclusion(models.TextChoices):
    """调查结论."""

    TRUE = "true", "属实"
    PARTLY = "partly", "部分属实"
    UNFOUNDED = "unfounded", "不属实"


class Measure(models.TextChoices):
    """对责任人员的处理措施."""

    CRITICISM = "criticism", "批评教育"
    ADMONITION = "admonition", "诫勉谈话"
    CIRCULATED = "circulated", "通报批评"
    ORGANISATIONAL = "organisational", "组织处理"
    REFERRED = "referred", "移送纪检监察机关"
    OTHER = "other", "其他"


class FeedbackMethod(models.TextChoices):
    """向举报人反馈的方式 (seed 004: 当面反馈)."""

    IN_PERSON = "in_person", "当面反馈"
    PHONE = "phone", "电话反馈"
    LETTER = "letter", "书面反馈"
    ONLINE = "online", "网上答复"
