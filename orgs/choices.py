"""Value lists of the institutions registry (domain.md §2)."""

from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇级"


class Relation(models.TextChoices):
    """隶属关系: how an institution stands to its parent."""

    DIRECT = "direct", "直属"
    ASSIGNED = "assigned", "归口"
    ENTRUSTED = "entrusted", "代管"
    ATTACHED = "attached", "挂靠"


class InstitutionKind(models.TextChoices):
    """单位类型."""

    PARTY_GOVERNMENT = "organ", "党政机关"
    CIVIL_SERVANT_MANAGED = "managed", "参照公务员法管理事业单位"
    PUBLIC_INSTITUTION = "public", "事业单位"
    MASS_ORGANISATION = "mass", "群团机关"


ORGAN_KINDS = frozenset({InstitutionKind.PARTY_GOVERNMENT, InstitutionKind.MASS_ORGANISATION})
PUBLIC_INSTITUTION_KINDS = frozenset(
    {InstitutionKind.CIVIL_SERVANT_MANAGED, InstitutionKind.PUBLIC_INSTITUTION}
)


class System(models.TextChoices):
    """系统类别."""

    PARTY = "party", "党委"
    CONGRESS = "congress", "人大"
    GOVERNMENT = "government", "政府"
    CPPCC = "cppcc", "政协"
    DEMOCRATIC_PARTY = "democratic", "民主党派"
    MASS = "mass", "群众团体"
    COURT = "court", "法院"
    PROCURATORATE = "procuratorate", "检察院"
    OTHER = "other", "其他"


# 单位类型 as the office writes it on pages and ledgers (issue 14, "Words"): the kind 党政机关 covers
# every organ, but a court is a 审判机关, not a 党政机关; the office names an organ by its system.
ORGAN_LABELS_BY_SYSTEM = {
    System.PARTY: "党政机关",
    System.GOVERNMENT: "党政机关",
    System.CONGRESS: "人大机关",
    System.CPPCC: "政协机关",
    System.DEMOCRATIC_PARTY: "民主党派机关",
    System.COURT: "审判机关",
    System.PROCURATORATE: "检察机关",
}
ORGAN_LABEL = "机关"
# Every label ``kind_label`` gives, in the office's order: organs by system, then the other kinds.
KIND_LABELS = (
    *dict.fromkeys(ORGAN_LABELS_BY_SYSTEM.values()),
    ORGAN_LABEL,
    str(InstitutionKind.MASS_ORGANISATION.label),
    str(InstitutionKind.CIVIL_SERVANT_MANAGED.label),
    str(InstitutionKind.PUBLIC_INSTITUTION.label),
)


def kind_label(kind: str, system: str) -> str:
    """单位类型 for display: an organ is named by its system (人大机关, 审判机关 …); other kinds
    by their own label."""
    if kind == InstitutionKind.PARTY_GOVERNMENT:
        return ORGAN_LABELS_BY_SYSTEM.get(system, ORGAN_LABEL)
    return str(InstitutionKind(kind).label) if kind else ""


class Category(models.TextChoices):
    """机构类别."""

    LEADING_ORGAN = "leading", "领导机关"
    WORKING_DEPARTMENT = "working", "工作部门"
    DEPARTMENT_ADMINISTERED = "administered", "部门管理机构"
    COORDINATION_OFFICE = "coordination", "议事协调机构的办事机构"
    DISPATCHED = "dispatched", "派出机构"
    TOWNSHIP = "township", "乡镇（街道）"
    DIRECT_INSTITUTION = "direct_public", "直属事业单位"
    SUBORDINATE_INSTITUTION = "subordinate_public", "部门所属事业单位"
    OTHER = "other", "其他"


class Level(models.TextChoices):
    """规格."""

    BUREAU = "bureau", "正厅级"
    DEPUTY_BUREAU = "deputy_bureau", "副厅级"
    DIVISION = "division", "正处级"
    DEPUTY_DIVISION = "deputy_division", "副处级"
    SECTION = "section", "正科级"
    DEPUTY_SECTION = "deputy_section", "副科级"
    UNIT = "unit", "股级"
    UNRATED = "unrated", "未定级"


class PublicServiceClass(models.TextChoices):
    """事业单位分类."""

    CLASS_ONE = "class_one", "公益一类"
    CLASS_TWO = "class_two", "公益二类"
    BUSINESS = "business", "生产经营类"
    ADMINISTRATIVE = "administrative", "承担行政职能"


class Sector(models.TextChoices):
    """分领域管理."""

    EDUCATION = "education", "教育"
    HEALTH = "health", "卫生"
    TOWNSHIP = "township", "乡镇"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    ACTIVE = "active", "正常"
    ABOLISHED = "abolished", "撤销"
