"""The roster's columns (as the roster ledger 实名制人员花名册, domain.md §4) and value lists."""

from bianzhi.excel.reader import Column
from staffing.choices import EstablishmentType, FundingForm

from ..choices import (
    ETHNIC_GROUPS,
    Degree,
    Education,
    EntryWay,
    PersonCategory,
    PoliticalStatus,
    PostCategory,
    Sex,
)
from ..labels import CIVIL_SERVANT_POST_LABEL

SERIAL = "序号"
UNIT = "单位"
DEPARTMENT = "内设机构"
NAME = "姓名"
SEX = "性别"
ETHNICITY = "民族"
ID_NUMBER = "身份证号"
BIRTH_DATE = "出生日期"
POLITICAL_STATUS = "政治面貌"
PERSON_CATEGORY = "人员类别"
ESTABLISHMENT_TYPE = "编制类型"
FUNDING_FORM = "经费形式"
POST_CATEGORY = "岗位类别"
CIVIL_SERVANT = "公务员登记"
JOB_TITLE = "职务"
ENTRY_WAY = "进入方式"
ENTRY_ON = "入编时间"
ENTRY_DOCUMENT = "入编文号"
WORK_STARTED_ON = "参加工作时间"
EDUCATION = "学历"
DEGREE = "学位"
PROFESSIONAL_TITLE = "职称"
NOTES = "备注"

REQUIRED = frozenset(
    {UNIT, NAME, ID_NUMBER, ESTABLISHMENT_TYPE, POST_CATEGORY, ENTRY_WAY, ENTRY_ON}
)
HEADERS = [
    SERIAL,
    UNIT,
    DEPARTMENT,
    NAME,
    SEX,
    ETHNICITY,
    ID_NUMBER,
    BIRTH_DATE,
    POLITICAL_STATUS,
    PERSON_CATEGORY,
    ESTABLISHMENT_TYPE,
    FUNDING_FORM,
    POST_CATEGORY,
    CIVIL_SERVANT,
    JOB_TITLE,
    ENTRY_WAY,
    ENTRY_ON,
    ENTRY_DOCUMENT,
    WORK_STARTED_ON,
    EDUCATION,
    DEGREE,
    PROFESSIONAL_TITLE,
    NOTES,
]
# The other headers units' sheets give the columns (a note in brackets after any header, as in
# 身份证号（18位）, is read past by the reader).
HEADER_ALIASES = {
    SERIAL: ("编号",),
    UNIT: ("单位名称", "工作单位", "所在单位", "机构名称"),
    DEPARTMENT: ("所在内设机构", "内设机构名称", "科室", "所在科室", "股室", "所在股室"),
    NAME: ("人员姓名",),
    ID_NUMBER: (
        "身份证号码",
        "公民身份号码",
        "公民身份证号",
        "公民身份证号码",
        "身份证",
        "身份证件号码",
    ),
    BIRTH_DATE: ("出生年月", "出生年月日", "出生时间"),
    POLITICAL_STATUS: ("政治面目",),
    PERSON_CATEGORY: ("人员类型",),
    ESTABLISHMENT_TYPE: ("编制性质", "编制类别", "所占编制", "使用编制类型"),
    FUNDING_FORM: ("经费来源", "经费方式", "经费渠道"),
    POST_CATEGORY: ("岗位类型", "岗位性质"),
    CIVIL_SERVANT: ("是否公务员登记", "公务员登记情况", "是否登记公务员", "是否已办理公务员登记"),
    JOB_TITLE: ("现任职务", "职务(岗位)", "现职务"),
    ENTRY_WAY: ("入编方式", "进编方式", "进入编制方式"),
    ENTRY_ON: ("入编日期", "进编时间", "进编日期", "入编年月"),
    ENTRY_DOCUMENT: ("入编文件", "入编批准文号", "进编文号", "入编依据文号"),
    WORK_STARTED_ON: ("参加工作日期", "参加工作年月", "参工时间"),
    EDUCATION: ("最高学历", "文化程度"),
    DEGREE: ("最高学位",),
    PROFESSIONAL_TITLE: ("专业技术职称", "专业技术职务", "职称(专业技术职务)"),
}
COLUMNS = [
    Column(header, required=header in REQUIRED, aliases=HEADER_ALIASES.get(header, ()))
    for header in HEADERS
]
DATE_HEADERS = (BIRTH_DATE, ENTRY_ON, WORK_STARTED_ON)


YES = "是"
NO = "否"


def _labels(choices) -> dict[str, str]:
    return {label: value for value, label in choices.choices}


# Value lists: the label a cell holds → the stored value. The templates offer exactly these.
VALUE_LISTS: dict[str, dict[str, str]] = {
    SEX: _labels(Sex),
    ETHNICITY: {name: name for name in ETHNIC_GROUPS},
    POLITICAL_STATUS: _labels(PoliticalStatus),
    PERSON_CATEGORY: _labels(PersonCategory),
    ESTABLISHMENT_TYPE: _labels(EstablishmentType),
    FUNDING_FORM: _labels(FundingForm),
    POST_CATEGORY: _labels(PostCategory),
    # Rule 6: taken from the file, never assumed; required for organ and 参公 non-worker posts.
    CIVIL_SERVANT: {YES: YES, NO: NO},
    ENTRY_WAY: _labels(EntryWay),
    EDUCATION: _labels(Education),
    DEGREE: _labels(Degree),
}
# Common spellings found in units' sheets, each meaning one value only: 研究生 (a master's or a
# doctorate) and 大学 (本科 or 专科) are not among them.
DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟")
ALIASES: dict[str, dict[str, str]] = {
    SEX: {"男性": "M", "女性": "F"},
    # 汉 → 汉族, 蒙古 → 蒙古族 …
    ETHNICITY: {name.removesuffix("族"): name for name in ETHNIC_GROUPS},
    POST_CATEGORY: {
        "管理": "management",
        "管理岗": "management",
        "专技": "professional",
        "专技岗": "professional",
        "专技岗位": "professional",
        "专业技术": "professional",
        "专业技术岗": "professional",
        "工勤": "worker",
        "工勤岗": "worker",
        "工勤岗位": "worker",
        "工勤技能": "worker",
        "工勤技能岗": "worker",
        # The label organ and 参公 staff's management posts are shown with (people.labels).
        CIVIL_SERVANT_POST_LABEL: "management",
    },
    CIVIL_SERVANT: {"已办理": YES, "未办理": NO, "已登记": YES, "未登记": NO},
    PERSON_CATEGORY: {"非领导": "staff", "一般人员": "staff"},
    FUNDING_FORM: {
        "全额": "full",
        "财政全额拨款": "full",
        "全额事业": "full",
        "差额": "partial",
        "财政差额拨款": "partial",
        "差额事业": "partial",
        "自收自支事业": "self",
        "自筹": "self",
    },
    POLITICAL_STATUS: {
        "党员": "cpc",
        "共产党员": "cpc",
        "中国共产党党员": "cpc",
        "团员": "league",
        "共青团员": "league",
        "预备党员": "cpc_probationary",
        "民主党派": "democratic",
        **dict.fromkeys(DEMOCRATIC_PARTIES, "democratic"),
        **{f"{party}党员": "democratic" for party in ("民革", "民建", "农工党", "致公党")},
        **{f"{party}会员": "democratic" for party in ("民进", "民建")},
        "民盟盟员": "democratic",
        "九三学社社员": "democratic",
        "台盟盟员": "democratic",
        "无党派": "non_party",
    },
    ESTABLISHMENT_TYPE: {
        "行政": "administrative",
        "政法专项": "political_legal",
        "政法编制": "political_legal",
        "机关工勤": "organ_worker",
        "事业": "public",
    },
    ENTRY_WAY: {
        "考录": "civil_exam",
        "公务员考试录用": "civil_exam",
        "招聘": "recruitment",
        "公开招聘": "recruitment",
        "事业单位公开招聘": "recruitment",
        "军队转业": "veteran",
        "军转干部": "veteran",
        "军转": "veteran",
        "引进": "talent",
    },
    EDUCATION: {
        "博士": "doctorate",
        "硕士": "master",
        "本科": "bachelor",
        "大本": "bachelor",
        "大专": "college",
        "专科": "college",
        "中专": "vocational",
        "中技": "vocational",
        "初中": "junior",
        "小学": "junior",
    },
    DEGREE: {
        "学士学位": "bachelor",
        "硕士学位": "master",
        "博士学位": "doctor",
        "无学位": "none",
    },
}
# A degree named by its field (工学学士, 法律硕士, 医学博士学位): the level it ends with.
DEGREE_LEVELS = {"学士": "bachelor", "硕士": "master", "博士": "doctor"}


def alias_of(header: str, text: str) -> str | None:
    """The stored value a customary spelling stands for (see ``ALIASES``)."""
    text = "".join(text.split())
    value = VALUE_LISTS[header].get(text) or ALIASES.get(header, {}).get(text)
    if value is None and header == DEGREE:
        level = text.removesuffix("学位")
        value = next((v for end, v in DEGREE_LEVELS.items() if level.endswith(end)), None)
    return value


DEFAULTS = {ETHNICITY: "汉族", POLITICAL_STATUS: PoliticalStatus.MASSES.value}
DEFAULTS[PERSON_CATEGORY] = PersonCategory.STAFF.value


def label_of(header: str, value: str) -> str:
    """The cell text for a stored value (the inverse of ``VALUE_LISTS``)."""
    for label, stored in VALUE_LISTS[header].items():
        if stored == value:
            return label
    return ""
