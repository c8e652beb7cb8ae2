"""Who the demo people are: names, birthplaces, ages, careers and titles."""

import datetime
from dataclasses import dataclass

from orgs.choices import ORGAN_KINDS, InstitutionKind, Sector, System
from orgs.models import Institution
from people.choices import (
    Education,
    PersonCategory,
)
from people.models import EstablishmentRecord
from sampledata.demo import staffing as establishment
from staffing.choices import PostKind

from .scenarios import LEAVING_KINDS, SPECIALS, PermitScenario

# --- who the people are ----------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周" * 4
    + "徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹" * 2
    + (
        "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
        "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    )
)
MALE_CHARS = "伟强磊军勇杰涛斌超明辉刚健峰鹏华平宇浩凯俊博文志国建新海东林波宁晨阳亮成龙飞鑫洋坤宏毅诚锋彬振立德庆正永胜学兵"
FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞燕玲婷雪慧莉红梅琳颖倩洁兰萍琴晶欣悦佳怡蕾璐月瑶岚妍婧蓉薇秀英丹春楠"
)
# Names only the duplicate-name specials may carry, so the duplicate list shows exactly them.
RESERVED_NAMES = frozenset(special.name for special in SPECIALS if special.name)
# Fictional birthplaces (province code 99 does not exist) and the native places they stand for.
BIRTHPLACES = {
    "990121": ("示例县", "示例县城关镇", "示例县东山乡", "示例县西河镇"),
    "990102": ("示例市临江区",),
    "990122": ("示例市北山县",),
    "990123": ("示例市南川县",),
    "990124": ("示例市西岭县",),
    "990181": ("示例市东平市",),
}
BIRTHPLACE_WEIGHTS = (62, 8, 9, 8, 7, 6)
MINORITIES = ("回族", "满族", "土家族", "苗族", "蒙古族", "壮族", "彝族")
START_AGE = {
    Education.DOCTORATE: 29,
    Education.MASTER: 25,
    Education.BACHELOR: 22,
    Education.COLLEGE: 21,
    Education.SECONDARY_VOCATIONAL: 19,
    Education.HIGH_SCHOOL: 19,
    Education.JUNIOR: 18,
}
ORGAN_LADDERS = {
    "organ": ("一级科员", "四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员"),
    "police": ("二级警员", "一级警员", "二级警长", "一级警长", "四级高级警长"),
    "court": ("书记员", "法官助理", "四级法官", "三级法官", "二级法官"),
    "procuratorate": ("书记员", "检察官助理", "四级检察官", "三级检察官", "二级检察官"),
    "public": ("办事员", "九级职员", "八级职员", "七级职员", "六级职员"),
}
PROFESSIONAL_LADDERS = {
    "secondary": ("教师", ("中学二级教师", "中学一级教师", "中学高级教师", "正高级教师")),
    "primary": ("教师", ("小学二级教师", "小学一级教师", "小学高级教师", "小学高级教师")),
    "kindergarten": (
        "教师",
        ("幼儿园二级教师", "幼儿园一级教师", "幼儿园高级教师", "幼儿园高级教师"),
    ),
    "doctor": ("医师", ("医师", "主治医师", "副主任医师", "主任医师")),
    "nurse": ("护士", ("护士", "护师", "主管护师", "副主任护师")),
    "technician": ("技师", ("技师", "主管技师", "副主任技师", "副主任技师")),
    "pharmacist": ("药师", ("药师", "主管药师", "副主任药师", "副主任药师")),
    "media": ("记者", ("助理记者", "记者", "主任记者", "高级记者")),
    "party_school": ("教师", ("助理讲师", "讲师", "副教授", "教授")),
    "agriculture": ("农技员", ("助理农艺师", "农艺师", "高级农艺师", "正高级农艺师")),
    "public": ("专业技术人员", ("助理工程师", "工程师", "高级工程师", "正高级工程师")),
}
WORKER_JOBS = ("驾驶员", "技术工人", "后勤服务", "文印员")
# Internal departments that run the unit (where its managers and workers sit) rather than do its
# professional work, and the department a hospital's professionals belong to.
OFFICE_WORDS = ("办公室", "综合", "总务", "财务", "信息", "医保")
ROLE_DEPARTMENTS = {"nurse": "护理", "pharmacist": "药剂", "doctor": "医务", "technician": "医务"}
# Share of men, and of professional and worker posts, by kind of unit.
MALE_SHARE = {
    "police": 0.85,
    "court": 0.55,
    "procuratorate": 0.55,
    "organ": 0.6,
    "secondary": 0.45,
    "primary": 0.25,
    "kindergarten": 0.05,
    "agriculture": 0.65,
}
PROFESSIONAL_SHARE = {
    "secondary": 0.88,
    "primary": 0.9,
    "kindergarten": 0.9,
    "hospital": 0.9,
    "media": 0.75,
    "party_school": 0.7,
    "agriculture": 0.8,
}
UNIT_TITLES = (
    ("纪律检查委员会", "书记", "副书记"),
    ("中共示例县委员会", "书记", "副书记"),
    ("示例县人民代表大会常务委员会", "主任", "副主任"),
    ("中国人民政治协商会议示例县委员会", "主席", "副主席"),
    ("示例县人民政府", "县长", "副县长"),
    ("基层委员会", "主委", "副主委"),
    ("办公室", "主任", "副主任"),
    ("委员会", "书记", "副书记"),
    ("部", "部长", "副部长"),
    ("局", "局长", "副局长"),
    ("人民法院", "院长", "副院长"),
    ("人民检察院", "检察长", "副检察长"),
    ("院", "院长", "副院长"),
    ("学校", "校长", "副校长"),
    ("中学", "校长", "副校长"),
    ("小学", "校长", "副校长"),
    ("党校", "常务副校长", "副校长"),
    ("幼儿园", "园长", "副园长"),
    ("镇人民政府", "镇长", "副镇长"),
    ("乡人民政府", "乡长", "副乡长"),
    ("馆", "馆长", "副馆长"),
    ("站", "站长", "副站长"),
    ("大队", "大队长", "副大队长"),
    ("人民法庭", "庭长", "副庭长"),
    ("司法所", "所长", "副所长"),
    ("总工会", "常务副主席", "副主席"),
    ("联合会", "主席", "副主席"),
    ("协会", "主席", "副主席"),
)
DEPARTMENT_TITLES = (
    ("股", "股长"),
    ("科", "科长"),
    ("庭", "庭长"),
    ("所", "所长"),
    ("队", "队长"),
    ("护理部", "主任"),
    ("部", "部长"),
)
LEADER_AGES = {
    PostKind.UNIT_HEAD: (44, 56, 50),
    PostKind.UNIT_DEPUTY: (36, 55, 46),
    PostKind.OTHER: (40, 52, 47),
    PostKind.DEPARTMENT_HEAD: (30, 52, 42),
}
LEADER_CATEGORIES = {
    PostKind.UNIT_HEAD: PersonCategory.UNIT_HEAD,
    PostKind.UNIT_DEPUTY: PersonCategory.UNIT_DEPUTY,
    PostKind.OTHER: PersonCategory.UNIT_DEPUTY,
    PostKind.DEPARTMENT_HEAD: PersonCategory.DEPARTMENT_HEAD,
}


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def unit_titles(name: str) -> tuple[str, str]:
    """局长/副局长, 校长/副校长…: the head's and deputies' titles from the unit's name."""
    for ending, head, deputy in UNIT_TITLES:
        if name.endswith(ending) or name == ending:
            return head, deputy
    return "主任", "副主任"


def department_head_title(name: str) -> str:
    return next((title for ending, title in DEPARTMENT_TITLES if name.endswith(ending)), "主任")


def appointing_body(institution: Institution, *, departments: bool) -> tuple[str, str]:
    """(document prefix, issuer) of who appoints a unit's leaders or department heads."""
    if institution.sector == Sector.EDUCATION:
        return "示教任", "中共示例县教育局委员会"
    if institution.sector == Sector.HEALTH:
        return "示卫任", "中共示例县卫生健康局党组"
    if departments:
        return "示组干", "中共示例县委组织部"
    return "示委干", "中共示例县委"


def profile_of(institution: Institution) -> str:
    """What kind of people a unit employs: it decides titles, sex ratio, posts."""
    name = institution.full_name
    if institution.system == System.COURT:
        return "court"
    if institution.system == System.PROCURATORATE:
        return "procuratorate"
    if name.endswith("公安局"):
        return "police"
    if is_civil_service(institution):
        return "organ"
    if institution.sector == Sector.EDUCATION:
        if "幼儿园" in name:
            return "kindergarten"
        return "primary" if "小学" in name or "中心学校" in name else "secondary"
    if institution.sector == Sector.HEALTH:
        return "hospital"
    for word, profile in (("融媒体", "media"), ("党校", "party_school"), ("农业", "agriculture")):
        if word in name:
            return profile
    return "agriculture" if "植保" in name else "public"


def is_civil_service(institution: Institution) -> bool:
    """Organs and 参公 units: their non-worker staff hold civil-servant status (rule 6)."""
    return (
        institution.kind in ORGAN_KINDS or institution.kind == InstitutionKind.CIVIL_SERVANT_MANAGED
    )


@dataclass(eq=False)
class Entrant:
    """One person to register and enter on a quota line, and what happens to them later."""

    key: establishment.LineKey
    name: str
    id_number: str
    native_place: str
    ethnicity: str
    political_status: str
    education: str
    degree: str
    work_started_on: datetime.date
    professional_title: str
    civil_servant: bool
    post_category: str
    entry_way: str
    entry_on: datetime.date
    job_title: str
    department: str = ""
    person_category: str = PersonCategory.STAFF
    post: tuple[str, str, str] | None = None  # (post kind, department name, post title)
    special: str = ""
    ends_on: datetime.date | None = None
    scenario: PermitScenario | None = None
    record: EstablishmentRecord | None = None
    # 事业单位 staff on 事业编制 have signed their 聘用合同 (confirmed by 人社, rule 47).
    employment_contract: bool = False

    @property
    def leaves(self) -> bool:
        """Leavers come on top of a line's planned occupancy."""
        return self.special in LEAVING_KINDS

    def person_fields(self) -> dict:
        return {
            "id_number": self.id_number,
            "name": self.name,
            "ethnicity": self.ethnicity,
            "native_place": self.native_place,
            "political_status": self.political_status,
            "education": self.education,
            "degree": self.degree,
            "work_started_on": self.work_started_on,
            "professional_title": self.professional_title,
            "civil_servant_registered": self.civil_servant,
            "employment_contract_signed": self.employment_contract,
        }


def years_after(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))
