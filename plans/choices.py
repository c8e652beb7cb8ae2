"""Value lists of the annual 用编进人计划 (rule 24)."""

from django.db import models

from staffing.choices import PermitPurpose


class PlanMethod(models.TextChoices):
    """补充方式 of a plan line: how the unit means to fill the places."""

    EXAMINATION = "examination", "招考"
    SELECTION = "selection", "选调"
    PLACEMENT = "placement", "安置"
    TALENT = "talent", "人才引进"


# The purpose of the usage permit a plan line's approval issues (用编通知单的用途).
PERMIT_PURPOSE = {
    PlanMethod.EXAMINATION: PermitPurpose.EXAMINATION,
    PlanMethod.SELECTION: PermitPurpose.TRANSFER_IN,
    PlanMethod.PLACEMENT: PermitPurpose.VETERAN,
    PlanMethod.TALENT: PermitPurpose.TALENT,
}


class PlanStatus(models.TextChoices):
    """年度计划的状态: 编制中 until the office first issues it (已下达); lines proposed later
    are issued by a further issue (补充下达)."""

    DRAFT = "draft", "编制中"
    ISSUED = "issued", "已下达"


class LineStatus(models.TextChoices):
    """A plan line's state, derived from its approved count and permit (never stored)."""

    PROPOSED = "proposed", "待核定"
    DECIDED = "decided", "已核定待下达"
    DECLINED = "declined", "不予安排"
    ISSUED = "issued", "已下达"
