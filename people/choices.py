"""Value lists of named personnel (domain.md §2)."""

from django.db import models

from staffing.occupancy import ACTIVE_RECORD_STATUS


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


ETHNIC_GROUPS = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "cpc", "中共党员"
    PROBATIONARY = "cpc_probationary", "中共预备党员"
    LEAGUE_MEMBER = "league", "共青团员"
    DEMOCRATIC_PARTY = "democratic", "民主党派成员"
    NON_PARTY = "non_party", "无党派人士"
    MASSES = "masses", "群众"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY_VOCATIONAL = "vocational", "中等专科"
    HIGH_SCHOOL = "high_school", "高中"
    JUNIOR = "junior", "初中及以下"


class Degree(models.TextChoices):
    DOCTOR = "doctor", "博士"
    MASTER = "master", "硕士"
    BACHELOR = "bachelor", "学士"
    NONE = "none", "无"


class PostCategory(models.TextChoices):
    """岗位类别."""

    MANAGEMENT = "management", "管理岗位"
    PROFESSIONAL = "professional", "专业技术岗位"
    WORKER = "worker", "工勤技能岗位"


class PersonCategory(models.TextChoices):
    """人员类别."""

    UNIT_HEAD = "unit_head", "单位正职"
    UNIT_DEPUTY = "unit_deputy", "单位副职"
    DEPARTMENT_HEAD = "department_head", "内设机构正职"
    DEPARTMENT_DEPUTY = "department_deputy", "内设机构副职"
    STAFF = "staff", "非领导人员"


class EntryWay(models.TextChoices):
    """进入方式."""

    CIVIL_SERVICE_EXAM = "civil_exam", "公务员考录"
    PUBLIC_RECRUITMENT = "recruitment", "事业单位招聘"
    TRANSFER_IN = "transfer_in", "调入"
    VETERAN = "veteran", "军转安置"
    TALENT = "talent", "人才引进"
    REASSIGNMENT = "reassignment", "划转"
    OTHER = "other", "其他"


class RecordStatus(models.TextChoices):
    # staffing counts occupancy by this value and may not import people: it owns the constant.
    ACTIVE = ACTIVE_RECORD_STATUS, "在编"
    ENDED = "ended", "已出编"


class RosterCheck(models.TextChoices):
    """花名册的核对条件: the overview's lists, in full."""

    DUPLICATE_NAME = "duplicate_name", "重名人员"
    PAST_RETIREMENT = "past_retirement", "超过退休时间"


class EndReason(models.TextChoices):
    """出编原因."""

    RETIREMENT = "retirement", "退休"
    TRANSFER_OUT = "transfer_out", "调出"
    RESIGNATION = "resignation", "辞职"
    DISMISSAL = "dismissal", "辞退"
    CONTRACT_END = "contract_end", "解聘"
    EXPULSION = "expulsion", "开除"
    DEATH = "death", "死亡"
    INTERNAL_TRANSFER = "internal_transfer", "调动（本区域内）"
    OTHER = "other", "其他"


class RequestKind(models.TextChoices):
    """变动申报的类型."""

    PERMIT = "permit", "用编申请"
    ENTRY = "entry", "入编"
    EXIT = "exit", "出编"
    TRANSFER = "transfer", "调动"
    APPOINTMENT = "appointment", "任职"
    DISMISSAL = "dismissal", "免职"
    CORRECTION = "correction", "信息更正"
    ROSTER = "roster", "花名册批量变动"
    # Registered by the plans app (plans.request_kind), whose plans it applies into.
    PLAN = "plan", "用编进人计划申报"


# The kinds one item of a roster batch (花名册批量变动) may carry.
ROSTER_ITEM_KINDS = (RequestKind.ENTRY, RequestKind.CORRECTION, RequestKind.EXIT)
ROSTER_ITEM_KIND_CHOICES = [(kind.value, kind.label) for kind in ROSTER_ITEM_KINDS]


class RequestState(models.TextChoices):
    """变动申报的状态: 草稿 → 已提交 → (主管部门已审) → 已核准 / 已退回; a draft the unit
    discards is 已作废, kept with its items and events (rule 13)."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    REVIEWED = "reviewed", "主管部门已审"
    APPROVED = "approved", "已核准"
    RETURNED = "returned", "已退回"
    DISCARDED = "discarded", "已作废"


# States in which the unit may still edit and (re)submit the request.
EDITABLE_STATES = frozenset({RequestState.DRAFT, RequestState.RETURNED})
# States waiting for somebody other than the unit.
PENDING_STATES = frozenset({RequestState.SUBMITTED, RequestState.REVIEWED})
# States in which nothing more happens to the request: its people are free for other requests.
CLOSED_STATES = frozenset({RequestState.APPROVED, RequestState.DISCARDED})


class RequestOrigin(models.TextChoices):
    UNIT = "unit", "单位申报"
    EXPECTED = "expected", "系统预警"


class RequestAction(models.TextChoices):
    """What happened to a request, one event each."""

    CREATE = "create", "创建"
    SUBMIT = "submit", "提交"
    REVIEW = "review", "主管部门审核通过"
    APPROVE = "approve", "核准"
    RETURN = "return", "退回"
    DISCARD = "discard", "作废"


class FillMethod(models.TextChoices):
    """用编申请的补充方式: 先从现有人员中选调，否则公开招考."""

    SELECTION = "selection", "选调"
    EXAMINATION = "examination", "公开招考"
