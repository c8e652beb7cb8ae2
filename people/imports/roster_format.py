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
COLUMNS = [Column(header, required=header in REQUIRED) for header in HEADERS]
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
# Common shorter spellings found in units' sheets.
ALIASES: dict[str, dict[str, str]] = {
    POST_CATEGORY: {
        "管理": "management",
        "专技": "professional",
        "工勤": "worker",
        # The label organ and 参公 staff's management posts are shown with (people.labels).
        CIVIL_SERVANT_POST_LABEL: "management",
    },
    CIVIL_SERVANT: {"已办理": YES, "未办理": NO},
    PERSON_CATEGORY: {"非领导": "staff", "一般人员": "staff"},
    FUNDING_FORM: {"全额": "full", "差额": "partial", "自收自支事业": "self"},
    POLITICAL_STATUS: {"党员": "cpc", "团员": "league", "预备党员": "cpc_probationary"},
}
DEFAULTS = {ETHNICITY: "汉族", POLITICAL_STATUS: PoliticalStatus.MASSES.value}
DEFAULTS[PERSON_CATEGORY] = PersonCategory.STAFF.value


def label_of(header: str, value: str) -> str:
    """The cell text for a stored value (the inverse of ``VALUE_LISTS``)."""
    for label, stored in VALUE_LISTS[header].items():
        if stored == value:
            return label
    return ""
