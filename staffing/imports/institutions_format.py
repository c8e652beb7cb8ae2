"""The 机构编制信息采集表 workbook: sheet 机构 (one row per institution, its quotas by type and
its unit leadership posts) and the optional sheet 内设机构 (departments and their posts)."""

from bianzhi.excel.reader import Column
from orgs.choices import (
    Category,
    InstitutionKind,
    Level,
    PublicServiceClass,
    Relation,
    Sector,
    System,
)

from ..choices import EstablishmentType, FundingForm, PostKind

INSTITUTION_SHEET = "机构"
DEPARTMENT_SHEET = "内设机构"

FULL_NAME = "机构全称"
SHORT_NAME = "简称"
OTHER_NAMES = "其他名称"
REGION = "行政区划代码"
PARENT = "主管部门"
RELATION = "隶属关系"
KIND = "单位类型"
SYSTEM = "系统类别"
CATEGORY = "机构类别"
LEVEL = "机构规格"
PUBLIC_SERVICE_CLASS = "事业单位分类"
SECTOR = "分类管理领域"
CREDIT_CODE = "统一社会信用代码"
LEGAL_PERSON_CERT = "事业单位法人证书号"
MAIN_DUTIES = "主要职责"
DOCUMENT = "批准文号"
DOCUMENT_DATE = "批准日期"
UNIT_HEADS = "单位正职职数"
UNIT_DEPUTIES = "单位副职职数"

# Quota columns: header → (establishment type, funding form).
QUOTA_COLUMNS = {
    "行政编制": (EstablishmentType.ADMINISTRATIVE.value, ""),
    "政法专项编制": (EstablishmentType.POLITICAL_LEGAL.value, ""),
    "机关工勤编制": (EstablishmentType.ORGAN_WORKER.value, ""),
    "事业编制(全额拨款)": (EstablishmentType.PUBLIC.value, FundingForm.FULL.value),
    "事业编制(差额拨款)": (EstablishmentType.PUBLIC.value, FundingForm.PARTIAL.value),
    "事业编制(自收自支)": (EstablishmentType.PUBLIC.value, FundingForm.SELF.value),
}
# How the template spells them (full-width brackets); the reader matches either.
QUOTA_HEADERS = {
    "行政编制": "行政编制",
    "政法专项编制": "政法专项编制",
    "机关工勤编制": "机关工勤编制",
    "事业编制(全额拨款)": "事业编制（全额拨款）",
    "事业编制(差额拨款)": "事业编制（差额拨款）",
    "事业编制(自收自支)": "事业编制（自收自支）",
}
LEADERSHIP_COLUMNS = {
    UNIT_HEADS: PostKind.UNIT_HEAD.value,
    UNIT_DEPUTIES: PostKind.UNIT_DEPUTY.value,
}

REQUIRED = frozenset({FULL_NAME, KIND, SYSTEM, CATEGORY, LEVEL, DOCUMENT, DOCUMENT_DATE})
INSTITUTION_HEADERS = [
    "序号",
    FULL_NAME,
    SHORT_NAME,
    OTHER_NAMES,
    REGION,
    PARENT,
    RELATION,
    KIND,
    SYSTEM,
    CATEGORY,
    LEVEL,
    PUBLIC_SERVICE_CLASS,
    SECTOR,
    CREDIT_CODE,
    LEGAL_PERSON_CERT,
    DOCUMENT,
    DOCUMENT_DATE,
    *QUOTA_HEADERS.values(),
    UNIT_HEADS,
    UNIT_DEPUTIES,
    MAIN_DUTIES,
]
# The other headers units' sheets give the columns (notes in brackets are read past).
HEADER_ALIASES = {
    FULL_NAME: ("机构名称", "单位名称", "单位全称"),
    REGION: ("区划代码", "行政区划"),
    PARENT: ("主管单位", "上级主管部门", "举办单位"),
    KIND: ("单位性质",),
    SYSTEM: ("所属系统",),
    LEVEL: ("规格", "机构级别", "单位规格"),
    PUBLIC_SERVICE_CLASS: ("事业单位类别", "公益类别"),
    SECTOR: ("分领域管理",),
    CREDIT_CODE: ("社会信用代码",),
    LEGAL_PERSON_CERT: ("法人证书号", "事业单位法人证书编号", "法人证书编号"),
    MAIN_DUTIES: ("主要职能", "职责"),
    DOCUMENT: ("批准文件文号", "批文文号", "文号"),
    DOCUMENT_DATE: ("批准时间", "批文日期", "发文日期"),
}
INSTITUTION_COLUMNS = [
    Column(h, required=h in REQUIRED, aliases=HEADER_ALIASES.get(h, ()))
    for h in INSTITUTION_HEADERS
]

DEPARTMENT_UNIT = "单位"
DEPARTMENT_NAME = "内设机构名称"
DEPARTMENT_LEVEL = "规格"
DEPARTMENT_HEADS = "内设机构正职职数"
DEPARTMENT_DEPUTIES = "内设机构副职职数"
DEPARTMENT_LEADERSHIP = {
    DEPARTMENT_HEADS: PostKind.DEPARTMENT_HEAD.value,
    DEPARTMENT_DEPUTIES: PostKind.DEPARTMENT_DEPUTY.value,
}
DEPARTMENT_HEADERS = [
    "序号",
    DEPARTMENT_UNIT,
    DEPARTMENT_NAME,
    DEPARTMENT_LEVEL,
    DEPARTMENT_HEADS,
    DEPARTMENT_DEPUTIES,
    DOCUMENT,
    DOCUMENT_DATE,
]
DEPARTMENT_REQUIRED = frozenset({DEPARTMENT_UNIT, DEPARTMENT_NAME})
DEPARTMENT_ALIASES = {
    DEPARTMENT_UNIT: ("单位名称", "所属单位", "机构全称"),
    DEPARTMENT_NAME: ("内设机构", "科室名称", "股室名称"),
    DEPARTMENT_LEVEL: ("机构规格",),
    DOCUMENT: HEADER_ALIASES[DOCUMENT],
    DOCUMENT_DATE: HEADER_ALIASES[DOCUMENT_DATE],
}
DEPARTMENT_COLUMNS = [
    Column(h, required=h in DEPARTMENT_REQUIRED, aliases=DEPARTMENT_ALIASES.get(h, ()))
    for h in DEPARTMENT_HEADERS
]


def _labels(choices) -> dict[str, str]:
    return {label: value for value, label in choices.choices}


VALUE_LISTS = {
    RELATION: _labels(Relation),
    KIND: _labels(InstitutionKind),
    SYSTEM: _labels(System),
    CATEGORY: _labels(Category),
    LEVEL: _labels(Level),
    PUBLIC_SERVICE_CLASS: _labels(PublicServiceClass),
    SECTOR: _labels(Sector),
    DEPARTMENT_LEVEL: _labels(Level),
}
_LEVELS = {"正厅": "bureau", "副厅": "deputy_bureau", "正处": "division", "副处": "deputy_division"}
_LEVELS |= {"正科": "section", "副科": "deputy_section", "股": "unit"}
ALIASES = {
    KIND: {
        "参公单位": "managed",
        "参公事业单位": "managed",
        "参照公务员法管理的事业单位": "managed",
        "机关": "organ",
        "行政机关": "organ",
        "群团": "mass",
        "群团组织": "mass",
        "人民团体": "mass",
    },
    LEVEL: _LEVELS,
    DEPARTMENT_LEVEL: _LEVELS,
    PUBLIC_SERVICE_CLASS: {"一类": "class_one", "二类": "class_two", "经营类": "business"},
}

# Model field → the column that holds it, so a service's refusal lands on the right cell.
FIELD_COLUMNS = {
    "full_name": FULL_NAME,
    "short_name": SHORT_NAME,
    "other_names": OTHER_NAMES,
    "region": REGION,
    "parent": PARENT,
    "relation": RELATION,
    "kind": KIND,
    "system": SYSTEM,
    "category": CATEGORY,
    "level": LEVEL,
    "public_service_class": PUBLIC_SERVICE_CLASS,
    "sector": SECTOR,
    "credit_code": CREDIT_CODE,
    "legal_person_cert_no": LEGAL_PERSON_CERT,
    "main_duties": MAIN_DUTIES,
    "number": DOCUMENT,
    "issued_on": DOCUMENT_DATE,
}
