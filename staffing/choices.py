"""Value lists of establishment quotas (domain.md §2)."""

from django.db import models

from orgs.choices import InstitutionKind


class EstablishmentType(models.TextChoices):
    """编制类型. 事业工勤 is a structure of 事业编制, not a type."""

    ADMINISTRATIVE = "administrative", "行政编制"
    POLITICAL_LEGAL = "political_legal", "政法专项编制"
    ORGAN_WORKER = "organ_worker", "机关工勤编制"
    PUBLIC = "public", "事业编制"


class FundingForm(models.TextChoices):
    """经费形式, for 事业编制 only."""

    FULL = "full", "全额拨款"
    PARTIAL = "partial", "差额拨款"
    SELF = "self", "自收自支"


# Rule 6: which establishment types an institution of each kind may hold (no 混编).
ALLOWED_TYPES = {
    InstitutionKind.PARTY_GOVERNMENT: frozenset(
        {
            EstablishmentType.ADMINISTRATIVE,
            EstablishmentType.POLITICAL_LEGAL,
            EstablishmentType.ORGAN_WORKER,
        }
    ),
    InstitutionKind.MASS_ORGANISATION: frozenset(
        {EstablishmentType.ADMINISTRATIVE, EstablishmentType.ORGAN_WORKER}
    ),
    InstitutionKind.CIVIL_SERVANT_MANAGED: frozenset({EstablishmentType.PUBLIC}),
    InstitutionKind.PUBLIC_INSTITUTION: frozenset({EstablishmentType.PUBLIC}),
}


class AdjustmentKind(models.TextChoices):
    """编制调整事项的类别."""

    INITIAL = "initial", "核定编制"
    INCREASE = "increase", "增加编制"
    DECREASE = "decrease", "核减编制"
    TRANSFER = "transfer", "编制划转"
    RECLAIM = "reclaim", "空编收回"
    ALLOCATE = "allocate", "周转池调配"
    OTHER = "other", "其他"
    LOAN = "loan", "周转池借用"
    LOAN_RETURN = "loan_return", "周转池归还"
    SPECIAL_GRANT = "special", "核定人才专项编制"
    SPECIAL_RETURN = "special_back", "专项编制收回"


class PoolPurpose(models.TextChoices):
    """编制周转池的用途 (seed 003, rule 26): a region holds one pool per type and purpose."""

    GENERAL = "general", "统筹编制"
    TALENT = "talent", "急需紧缺人才周转池"
    ADMINISTRATIVE_RESERVE = "administrative_reserve", "行政编制储备"


class SlotReturnCause(models.TextChoices):
    """借用编制、人才专项编制回到周转池的原因 (rules 26, 27)."""

    HOLDER_LEFT = "holder_left", "人走编回"
    DUE = "due", "到期归还"
    OFFICE = "office", "编办收回"


class PushDownMode(models.TextChoices):
    """编制下沉的方式: how a 划转 to a township unit is used (seed 003, rule 23)."""

    COUNTY_QUOTA = "county_quota", "县编乡用"
    TOWNSHIP_QUOTA = "township_quota", "乡编乡用"


class PostKind(models.TextChoices):
    """领导职数的职务类别."""

    UNIT_HEAD = "unit_head", "单位正职"
    UNIT_DEPUTY = "unit_deputy", "单位副职"
    DEPARTMENT_HEAD = "department_head", "内设机构正职"
    DEPARTMENT_DEPUTY = "department_deputy", "内设机构副职"
    OTHER = "other", "其他职数"


DEPARTMENT_POST_KINDS = frozenset({PostKind.DEPARTMENT_HEAD, PostKind.DEPARTMENT_DEPUTY})


class PermitPurpose(models.TextChoices):
    EXAMINATION = "examination", "招考"
    TRANSFER_IN = "transfer_in", "调入"
    VETERAN = "veteran", "军转安置"
    TALENT = "talent", "人才引进"
    OTHER = "other", "其他"


class PermitStatus(models.TextChoices):
    OPEN = "open", "有效"
    CANCELLED = "cancelled", "已注销"
    EXPIRED = "expired", "已过期"
