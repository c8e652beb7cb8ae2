"""The demo county's people (示例县实名人员): about 2,000 fictional people entered through the services
on the quota lines ``staffing.demo`` approves, with leadership appointments, exits, a transfer and
the cases the overview lists (超编, 超职数, past retirement, duplicate names).

Generated from a fixed seed and anchored on today's date (ages, open permits), so the same day
gives the same people. Loaded only once: if the county already has quota lines, nothing is
written. Every row has history naming the actor (rule 13).
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orgs import services as org_services
from orgs.choices import ORGAN_KINDS, InstitutionKind, Sector, Status, System
from orgs.demo import COUNTY_CODE, DEMO_REASON
from orgs.models import ApprovalDocument, Institution, InternalDepartment, Region
from staffing import demo as establishment
from staffing import services as staffing_services
from staffing.choices import PermitPurpose, PostKind
from staffing.models import Adjustment, LeadershipQuota, QuotaLine, UsagePermit

from . import services
from .choices import (
    Degree,
    Education,
    EndReason,
    EntryWay,
    PersonCategory,
    PoliticalStatus,
    PostCategory,
)
from .idnumbers import check_character
from .models import EstablishmentRecord, LeadershipAppointment, Person
from .retirement import RetirementGroup, retirement_group, retirement_month

SEED = 990121
COUNT_KEYS = (
    "documents",
    "quota_lines",
    "adjustments",
    "permits",
    "people",
    "records",
    "leadership_quotas",
    "appointments",
)

PURPOSE_OF_ENTRY = {
    EntryWay.CIVIL_SERVICE_EXAM: PermitPurpose.EXAMINATION,
    EntryWay.PUBLIC_RECRUITMENT: PermitPurpose.EXAMINATION,
    EntryWay.TRANSFER_IN: PermitPurpose.TRANSFER_IN,
    EntryWay.VETERAN: PermitPurpose.VETERAN,
    EntryWay.TALENT: PermitPurpose.TALENT,
}
PURPOSE_NOTES = {
    PermitPurpose.EXAMINATION: "年度公开招考（招聘）",
    PermitPurpose.TRANSFER_IN: "调入",
    PermitPurpose.VETERAN: "军队转业干部安置",
    PermitPurpose.TALENT: "人才引进",
    PermitPurpose.OTHER: "机构改革人员划转",
}

PUBLIC, FULL, PARTIAL = establishment.PUBLIC, establishment.FULL, establishment.PARTIAL
ADMIN, POLITICAL_LEGAL = establishment.ADMIN, establishment.POLITICAL_LEGAL


@dataclass(frozen=True)
class PermitScenario:
    """A recent permit (用编通知单) and what became of it: still open with unused slots,
    fully used, cancelled, expired unused, or used by the transfer."""

    line: establishment.LineKey
    count: int
    used: int
    purpose: str
    issued_days_ago: int
    valid_days: int
    fate: str  # open | cancel | expire | transfer
    notes: str


EXAM, TALENT, TRANSFER_IN = (
    PermitPurpose.EXAMINATION,
    PermitPurpose.TALENT,
    PermitPurpose.TRANSFER_IN,
)
# (line, count, used, purpose, issued days ago, valid days, fate, notes)
CURRENT_PERMITS = tuple(
    PermitScenario(*row)
    for row in (
        (("示例县第一中学", PUBLIC, FULL), 4, 2, EXAM, 95, 365, "open", "招聘教师"),
        (("示例县人民医院", PUBLIC, PARTIAL), 3, 1, TALENT, 100, 365, "open", "周转池调配"),
        (("示例县公安局", POLITICAL_LEGAL, ""), 5, 0, EXAM, 40, 365, "open", "录用民警"),
        (("示例县城关镇人民政府", ADMIN, ""), 2, 1, EXAM, 75, 365, "open", "录用公务员"),
        (("示例县实验小学", PUBLIC, FULL), 3, 3, EXAM, 120, 365, "open", "招聘教师"),
        (("示例县东山乡中心学校", PUBLIC, FULL), 3, 1, EXAM, 160, 365, "cancel", "招聘教师"),
        (("示例县第二中学", PUBLIC, FULL), 2, 0, TRANSFER_IN, 430, 180, "expire", "调入教师"),
        (("示例县第一中学", PUBLIC, FULL), 1, 0, TRANSFER_IN, 70, 180, "transfer", "县内调动"),
    )
)
# Recruitment rounds: a line with at least ROUND_FLOORS[i] slots recruits every ROUND_PERIODS[i]
# years, so a county issues a few dozen permits a year rather than one per line and year.
ROUND_FLOORS = (100, 30, 0)
ROUND_PERIODS = (3, 4, 5)
CANCEL_REASON = "招聘计划调整，剩余名额不再使用"
TRANSFER_DAYS_AGO = 45
OVER_QUOTA_INSTITUTION = "示例县人民医院"


@dataclass(frozen=True)
class Special:
    """A person placed on purpose: ``kind`` is overdue (past retirement, still active), retire,
    retire_after_merger, transfer_out, resign, transfer (moves to 一中), or name (a duplicate)."""

    line: establishment.LineKey
    kind: str
    male: bool = True
    months_ago: int = 0
    worker: bool = False
    name: str = ""
    post: str = ""


SPECIALS = (
    Special(("示例县财政局", ADMIN, ""), "overdue", months_ago=3),
    Special(("示例县第二中学", PUBLIC, FULL), "overdue", months_ago=5),
    Special(("示例县人民医院", PUBLIC, PARTIAL), "overdue", male=False, months_ago=2),
    Special(
        ("示例县机关事务服务中心", PUBLIC, FULL), "overdue", male=False, worker=True, months_ago=7
    ),
    Special(("示例县公安局", POLITICAL_LEGAL, ""), "overdue", months_ago=10),
    Special(("示例县第一中学", PUBLIC, FULL), "retire", months_ago=14),
    Special(("示例县人民医院", PUBLIC, PARTIAL), "retire", male=False, months_ago=8),
    Special(("示例县农业农村局", ADMIN, ""), "retire", months_ago=5, post=PostKind.UNIT_DEPUTY),
    Special(("示例县教育局", ADMIN, ""), "retire", months_ago=20),
    Special(("示例县城关镇卫生院", PUBLIC, FULL), "retire", male=False, worker=True, months_ago=4),
    Special(("示例县农业技术推广中心", PUBLIC, FULL), "retire_after_merger", months_ago=2),
    Special(("示例县发展和改革局", ADMIN, ""), "transfer_out", months_ago=6),
    Special(("示例县城关镇中心学校", PUBLIC, FULL), "transfer_out", male=False, months_ago=3),
    Special(("示例县人民医院", PUBLIC, PARTIAL), "resign", male=False, months_ago=9),
    Special(("示例县第二中学", PUBLIC, FULL), "transfer"),
    Special(("示例县第一中学", PUBLIC, FULL), "name", name="张伟"),
    Special(("示例县公安局", POLITICAL_LEGAL, ""), "name", name="张伟"),
    Special(("示例县人民医院", PUBLIC, PARTIAL), "name", male=False, name="王芳"),
    Special(("示例县财政局", ADMIN, ""), "name", male=False, name="王芳"),
)
LEAVING_KINDS = {"retire", "transfer_out", "resign"}
END_REASONS = {
    "retire": EndReason.RETIREMENT,
    "retire_after_merger": EndReason.RETIREMENT,
    "transfer_out": EndReason.TRANSFER_OUT,
    "resign": EndReason.RESIGNATION,
}
# (number prefix, issuer, title) of the document each kind of exit cites.
EXIT_DOCUMENTS = {
    EndReason.RETIREMENT: ("示人社退", "示例县人力资源和社会保障局", "关于{}同志退休的通知"),
    EndReason.TRANSFER_OUT: ("示人社调", "示例县人力资源和社会保障局", "关于{}同志调出的通知"),
    EndReason.RESIGNATION: ("示卫人", "示例县卫生健康局", "关于同意{}同志辞职的批复"),
}


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
        }


class PeopleMaker:
    """Fictional, plausible people: unique names (but for the planned duplicates) and unique,
    valid ID numbers (rule 11) whose birth date and sex digit match the person."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng = rng
        self.today = today
        self.names: set[str] = set(RESERVED_NAMES)
        self.id_numbers: set[str] = set()
        # Everyone not planned as overdue retires at least three months from now.
        self.retire_after = add_months(month_start(today), 3)
        # A line recruits every ``period`` years; a round's entrants share one permit.
        self.round_periods: dict[establishment.LineKey, int] = {}
        self.round_offsets: dict[establishment.LineKey, int] = {}
        self.round_days: dict[tuple, datetime.date] = {}
        # Lines a later adjustment reduces: nobody enters them after it (staffing.demo).
        self.deadlines = {
            key: day - datetime.timedelta(days=30)
            for key, day in establishment.entry_deadlines().items()
        }

    # identity

    def _name(self, male: bool) -> str:
        chars = MALE_CHARS if male else FEMALE_CHARS
        while True:
            surname = self.rng.choice(SURNAMES)
            given = self.rng.sample(chars, 1 if self.rng.random() < 0.3 else 2)
            name = surname + "".join(given)
            if name not in self.names:
                self.names.add(name)
                return name

    def _id_number(self, birth: datetime.date, male: bool) -> tuple[str, str]:
        while True:
            code = self.rng.choices(list(BIRTHPLACES), weights=BIRTHPLACE_WEIGHTS)[0]
            sex_digit = self.rng.choice("13579" if male else "02468")
            first17 = f"{code}{birth:%Y%m%d}{self.rng.randint(0, 99):02d}{sex_digit}"
            if first17 not in self.id_numbers:
                self.id_numbers.add(first17)
                return first17 + check_character(first17), self.rng.choice(BIRTHPLACES[code])

    def _birth(self, age: int, group: RetirementGroup) -> datetime.date:
        birth = self.today - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))
        while retirement_month(birth, group) < self.retire_after:
            birth = birth.replace(year=birth.year + 1, day=min(birth.day, 28))
        return birth

    def birth_retiring_in(self, month: datetime.date, group: RetirementGroup) -> datetime.date:
        """A birth date whose retirement month (rule 10) is ``month``, or the nearest earlier
        month in which somebody retires (the rise leaves some months without retirees)."""
        rule = group.value
        for back in range(12):
            target = add_months(month, -back)
            for age in range(rule.base_years * 12, rule.base_years * 12 + rule.cap_months + 1):
                birth = add_months(target, -age)
                if retirement_month(birth, group) == target:
                    return birth.replace(day=self.rng.randint(1, 28))
        raise ValueError(f"nobody retires near {month}")

    # attributes

    def _chance(self, share: float) -> bool:
        return self.rng.random() < share

    def _pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def _education(self, role: str, post_category: str, age: int) -> str:
        if post_category == PostCategory.WORKER:
            options = ((Education.HIGH_SCHOOL, 45), (Education.SECONDARY_VOCATIONAL, 30))
            options += ((Education.COLLEGE, 15), (Education.JUNIOR, 10))
        elif role == "doctor":
            options = ((Education.BACHELOR, 65), (Education.MASTER, 25), (Education.COLLEGE, 10))
        elif role == "nurse":
            options = ((Education.COLLEGE, 50), (Education.BACHELOR, 42))
            options += ((Education.SECONDARY_VOCATIONAL, 8),)
        elif age < 40:
            options = ((Education.BACHELOR, 78), (Education.MASTER, 14), (Education.COLLEGE, 8))
        else:
            options = ((Education.BACHELOR, 60), (Education.COLLEGE, 32))
            options += ((Education.MASTER, 5), (Education.SECONDARY_VOCATIONAL, 3))
        return self._pick(options)

    def _degree(self, education: str) -> str:
        if education == Education.DOCTORATE:
            return Degree.DOCTOR
        if education == Education.MASTER:
            return Degree.MASTER
        if education == Education.BACHELOR and self._chance(0.85):
            return Degree.BACHELOR
        return Degree.NONE

    def _political(self, institution: Institution, age: int, leader: bool) -> str:
        if institution.system == System.DEMOCRATIC_PARTY:
            return PoliticalStatus.DEMOCRATIC_PARTY
        if leader:
            return PoliticalStatus.PARTY_MEMBER
        party = 0.8 if is_civil_service(institution) else 0.45
        if age <= 28:
            return self._pick(
                (
                    (PoliticalStatus.PARTY_MEMBER, round(party * 50)),
                    (PoliticalStatus.PROBATIONARY, 5),
                    (PoliticalStatus.LEAGUE_MEMBER, 40),
                    (PoliticalStatus.MASSES, 20),
                )
            )
        return self._pick(
            (
                (PoliticalStatus.PARTY_MEMBER, round(party * 100)),
                (PoliticalStatus.DEMOCRATIC_PARTY, 4),
                (PoliticalStatus.NON_PARTY, 2),
                (PoliticalStatus.MASSES, round((1 - party) * 100)),
            )
        )

    def _rank(self, age: int, steps: int) -> int:
        """Seniority on a ladder of ``steps`` grades: by age, with some spread."""
        rank = 0 if age < 28 else 1 if age < 35 else 2 if age < 45 else 3 if age < 52 else 4
        rank -= self.rng.random() < 0.3
        return max(0, min(rank, steps - 1))

    def _role(self, profile: str, post_category: str) -> str:
        if post_category == PostCategory.WORKER:
            return "worker"
        if post_category == PostCategory.MANAGEMENT:
            return profile if profile in ORGAN_LADDERS else "public"
        if profile == "hospital":
            return self._pick((("doctor", 45), ("nurse", 40), ("technician", 8), ("pharmacist", 7)))
        return profile if profile in PROFESSIONAL_LADDERS else "public"

    def _titles(self, role: str, post_category: str, age: int) -> tuple[str, str]:
        """(职务, 职称) for a non-leader."""
        if post_category == PostCategory.WORKER:
            return self.rng.choice(WORKER_JOBS), ""
        if post_category == PostCategory.MANAGEMENT:
            ladder = ORGAN_LADDERS[role]
            return ladder[self._rank(age, len(ladder))], ""
        job, ladder = PROFESSIONAL_LADDERS[role]
        return job, ladder[self._professional_rank(age)]

    def _professional_rank(self, age: int) -> int:
        """初级 under 30, mostly 中级 in the thirties, 副高 for some from 38, 正高 rarely."""
        if age < 30:
            return 0
        if age < 38:
            return 1 if self._chance(0.7) else 0
        if age < 48:
            return 2 if self._chance(0.4) else 1
        return self.rng.choices((1, 2, 3), weights=(30, 60, 10))[0]

    def _male(self, profile: str, role: str) -> bool:
        share = {"nurse": 0.08, "doctor": 0.55}.get(role, MALE_SHARE.get(profile, 0.45))
        return self._chance(share)

    def _post_category(self, institution: Institution, key, profile: str) -> str:
        if key[1] == establishment.WORKER:
            return PostCategory.WORKER
        if institution.kind in ORGAN_KINDS:
            return PostCategory.MANAGEMENT
        if institution.kind == InstitutionKind.CIVIL_SERVANT_MANAGED:
            return PostCategory.WORKER if self._chance(0.08) else PostCategory.MANAGEMENT
        draw = self.rng.random()
        if draw < 0.06:
            return PostCategory.WORKER
        if draw < 0.06 + 0.94 * PROFESSIONAL_SHARE.get(profile, 0.5):
            return PostCategory.PROFESSIONAL
        return PostCategory.MANAGEMENT

    # entry

    def _entry(self, key, institution, post_category, male, birth, work_started_on, education, age):
        """(entry way, entry date, work start): mostly straight from school; some transferred
        in, some veterans; everyone in a unit younger than them was moved in (划转) when it was
        set up."""
        exam = (
            EntryWay.CIVIL_SERVICE_EXAM
            if institution.kind in ORGAN_KINDS and post_category != PostCategory.WORKER
            else EntryWay.PUBLIC_RECRUITMENT
        )
        first_job = work_started_on + datetime.timedelta(days=self.rng.randint(0, 60))
        draw = self.rng.random()
        way, entry_on = exam, first_job
        if post_category == PostCategory.WORKER and male and draw < 0.25:
            way = EntryWay.VETERAN
            work_started_on = datetime.date(birth.year + 18, 12, 1)
            entry_on = _years_after(birth, self.rng.randint(24, 30))
        elif is_civil_service(institution) and male and age >= 38 and draw < 0.07:
            way = EntryWay.VETERAN
            work_started_on = datetime.date(birth.year + 18, 12, 1)
            entry_on = _years_after(birth, self.rng.randint(32, min(age - 2, 42)))
        elif age >= 30 and draw < 0.2:
            way = EntryWay.TRANSFER_IN
            span = max(2, min(15, age - START_AGE[education] - 1))
            entry_on = _years_after(work_started_on, self.rng.randint(1, span))
        elif (
            education in (Education.MASTER, Education.DOCTORATE)
            and draw < 0.5
            and not is_civil_service(institution)
        ):
            way = EntryWay.TALENT
        return self._settle(key, institution, way, entry_on, work_started_on)

    def _settle(self, key, institution, way, entry_on, work_started_on):
        """Move an entry to the line's next recruitment round, never later than two weeks ago;
        whoever would have come before the unit existed was moved in (划转) when it was set up."""
        latest = min(self.today - datetime.timedelta(days=14), self.deadlines.get(key, self.today))
        entry_on = min(self._next_round(key, max(entry_on, work_started_on), way), latest)
        work_started_on = min(work_started_on, entry_on)
        if entry_on < institution.established_on:
            way = EntryWay.REASSIGNMENT
            entry_on = min(institution.established_on + datetime.timedelta(days=30), latest)
        return way, entry_on, work_started_on

    def _next_round(self, key, day: datetime.date, way: str) -> datetime.date:
        period = self.round_periods.get(key, 1)
        offset = self.round_offsets.setdefault(key, self.rng.randrange(period))
        year = day.year
        while (year + offset) % period:
            year += 1
        if (key, year) not in self.round_days:
            month = self.rng.choice((4, 7, 8, 9))
            self.round_days[(key, year)] = datetime.date(year, month, 1)
        if way in (EntryWay.CIVIL_SERVICE_EXAM, EntryWay.PUBLIC_RECRUITMENT):
            return max(self.round_days[(key, year)], day)
        return day if year == day.year else _years_after(day, year - day.year)

    # people

    def _person(
        self,
        key,
        institution: Institution,
        departments: list[str],
        *,
        age_range=(23, 59, 40),
        post_category: str | None = None,
        male: bool | None = None,
        birth: datetime.date | None = None,
        leader: bool = False,
    ) -> Entrant:
        profile = profile_of(institution)
        post_category = post_category or self._post_category(institution, key, profile)
        role = self._role(profile, post_category)
        male = self._male(profile, role) if male is None else male
        group = retirement_group(is_male=male, worker_post=post_category == PostCategory.WORKER)
        age = round(self.rng.triangular(*age_range))
        education = self._education(role, post_category, age)
        if leader:
            education = self._pick(
                ((Education.BACHELOR, 68), (Education.MASTER, 25), (Education.COLLEGE, 7))
            )
        if birth is None:
            birth = self._birth(max(age, START_AGE[education] + 1), group)
        age = (self.today - birth).days // 365
        work_started_on = datetime.date(
            birth.year + START_AGE[education], self.rng.choice((7, 8, 9)), 1
        )
        work_started_on = min(work_started_on, self.today - datetime.timedelta(days=30))
        way, entry_on, work_started_on = self._entry(
            key, institution, post_category, male, birth, work_started_on, education, age
        )
        id_number, native_place = self._id_number(birth, male)
        job_title, professional_title = self._titles(role, post_category, age)
        return Entrant(
            key=key,
            name=self._name(male),
            id_number=id_number,
            native_place=native_place,
            ethnicity="汉族" if self._chance(0.93) else self.rng.choice(MINORITIES),
            political_status=self._political(institution, age, leader),
            education=education,
            degree=self._degree(education),
            work_started_on=work_started_on,
            professional_title=professional_title,
            civil_servant=is_civil_service(institution) and post_category != PostCategory.WORKER,
            post_category=post_category,
            entry_way=way,
            entry_on=entry_on,
            job_title=job_title,
            department=self._department(departments, institution, post_category, role),
        )

    def _department(self, departments, institution, post_category, role) -> str:
        """Organs and 参公 units: any department; public institutions: professionals in the
        departments that do the work, managers and workers in the offices."""
        if not departments:
            return ""
        word = ROLE_DEPARTMENTS.get(role)
        matching = [name for name in departments if word and word in name]
        if matching:
            return matching[0]
        office = [name for name in departments if any(w in name for w in OFFICE_WORDS)]
        if post_category == PostCategory.WORKER:
            pool = office
        elif is_civil_service(institution):
            pool = departments
        elif post_category == PostCategory.PROFESSIONAL:
            pool = [name for name in departments if name not in office]
        else:
            pool = office
        return self.rng.choice(pool or departments)

    def staff(self, key, institution, departments) -> Entrant:
        return self._person(key, institution, departments)

    def leader(self, key, institution, departments, post: tuple) -> Entrant:
        """A holder of ``post`` (post kind, department, post title): older, on a management
        post, in the unit for three years or more (transferred in if need be), so that the
        appointment can follow the entry."""
        kind = post[0]
        entrant = self._person(
            key,
            institution,
            departments,
            age_range=LEADER_AGES[kind],
            post_category=PostCategory.MANAGEMENT,
            male=self._chance(0.8 if kind == PostKind.UNIT_HEAD else 0.65),
            leader=True,
        )
        self.make_leader(entrant, institution, post)
        latest = self.today - datetime.timedelta(days=3 * 365 + self.rng.randint(0, 700))
        latest = min(latest, self.deadlines.get(key, latest))
        if entrant.entry_on > latest:
            entrant.entry_way = EntryWay.TRANSFER_IN
            entrant.entry_on = max(latest, entrant.work_started_on)
            if entrant.entry_on < institution.established_on:
                entrant.entry_way = EntryWay.REASSIGNMENT
                entrant.entry_on = institution.established_on + datetime.timedelta(days=30)
        return entrant

    def make_leader(self, entrant: Entrant, institution: Institution, post: tuple) -> None:
        kind, department, post_title = post
        head, deputy = unit_titles(institution.full_name)
        entrant.post = post
        entrant.person_category = LEADER_CATEGORIES[kind]
        entrant.job_title = {
            PostKind.UNIT_HEAD: head,
            PostKind.UNIT_DEPUTY: deputy,
            PostKind.DEPARTMENT_HEAD: department_head_title(department),
        }.get(kind, post_title)
        entrant.department = department

    def special(self, key, institution, departments, special: Special) -> Entrant:
        worker = special.worker
        post_category = PostCategory.WORKER if worker else None
        group = retirement_group(is_male=special.male, worker_post=worker)
        if special.kind in ("overdue", "retire", "retire_after_merger"):
            month = add_months(month_start(self.today), -special.months_ago)
            birth = self.birth_retiring_in(month, group)
        else:
            birth = self._birth(self.rng.randint(30, 48), group)
        entrant = self._person(
            key,
            institution,
            departments,
            post_category=post_category,
            male=special.male,
            birth=birth,
        )
        entrant.special = special.kind
        if special.name:
            entrant.name = special.name
        if special.post:
            self.make_leader(entrant, institution, (special.post, "", ""))
        if special.kind in END_REASONS:
            if special.kind.startswith("retire"):
                entrant.ends_on = retirement_month(birth, group)
            else:
                entrant.ends_on = self.today - datetime.timedelta(days=30 * special.months_ago)
        return entrant

    def recruit(self, key, institution, departments, purpose: str) -> Entrant:
        """A recent recruit: young, or a specialist brought in as talent."""
        talent = purpose == PermitPurpose.TALENT
        entrant = self._person(
            key,
            institution,
            departments,
            age_range=(28, 36, 31) if talent else (23, 29, 24),
            post_category=None if is_civil_service(institution) else PostCategory.PROFESSIONAL,
        )
        entrant.entry_way = (
            EntryWay.TALENT
            if talent
            else EntryWay.CIVIL_SERVICE_EXAM
            if institution.kind in ORGAN_KINDS
            else EntryWay.PUBLIC_RECRUITMENT
        )
        if talent:
            entrant.education, entrant.degree = Education.MASTER, Degree.MASTER
        return entrant


def _years_after(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _counts(region: Region) -> dict[str, int]:
    in_region = {"institution__region": region}
    return {
        "documents": ApprovalDocument.objects.filter(region=region).count(),
        "quota_lines": QuotaLine.objects.filter(**in_region).count(),
        "adjustments": Adjustment.objects.filter(region=region).count(),
        "permits": UsagePermit.objects.filter(quota_line__institution__region=region).count(),
        "people": Person.objects.filter(region=region).count(),
        "records": EstablishmentRecord.objects.filter(
            quota_line__institution__region=region
        ).count(),
        "leadership_quotas": LeadershipQuota.objects.filter(**in_region).count(),
        "appointments": LeadershipAppointment.objects.filter(
            quota__institution__region=region
        ).count(),
    }


def demo_establishment_exists(region: Region) -> bool:
    return QuotaLine.objects.filter(institution__region=region).exists()


def load_demo_people(*, actor, today: datetime.date | None = None) -> dict:
    """Load the demo county's establishment and people; return how many documents, quota
    lines, adjustments, permits, people, records, leadership quotas and appointments were
    created (all zero when the county already has quota lines). Needs the orgs demo loaded."""
    region = Region.objects.get(code=COUNTY_CODE)
    if demo_establishment_exists(region):
        return dict.fromkeys(COUNT_KEYS, 0)
    before = _counts(region)
    with transaction.atomic():
        _Loader(actor, region, today or timezone.localdate()).run()
    after = _counts(region)
    return {key: after[key] - before[key] for key in COUNT_KEYS}


class _Loader:
    def __init__(self, actor, region: Region, today: datetime.date):
        self.actor = actor
        self.region = region
        self.today = today
        self.rng = random.Random(SEED)
        self.institutions = {
            institution.full_name: institution
            for institution in Institution.objects.filter(
                region=region, status=Status.ACTIVE
            ).select_related("establishing_document", "parent")
        }
        self.departments: dict[str, list[InternalDepartment]] = defaultdict(list)
        for department in InternalDepartment.objects.filter(
            institution__region=region, status=Status.ACTIVE
        ).order_by("institution_id", "sort_order", "pk"):
            self.departments[department.institution.full_name].append(department)
        self.establishment = establishment.Establishment(
            actor=actor, region=region, institutions=self.institutions
        )
        self.maker = PeopleMaker(self.rng, today)
        self.serials: dict[tuple[str, int], int] = {}
        self.entrants: list[Entrant] = []
        self.posts: list[establishment.PostSpec] = []
        self.last_expiry_run = datetime.date.min
        self.permit_numbers: list[str] = []

    def run(self) -> None:
        lines = self.establishment.approve()
        self.plan(lines)
        self.enter_history()
        self.establishment.adjust_later()
        permits = self.issue_current_permits()
        self.establishment.approve_leadership(self.posts, self.departments)
        self.appoint()
        self.leave_and_transfer(permits)
        staffing_services.permits_expire(today=self.today, actor=self.actor)

    # --- who goes where --------------------------------------------------------------------

    def plan(self, lines: dict) -> None:
        """Decide every line's people: leaders on the main line, the specials, staff to a fill
        of 70–100 %, minus the vacancies the later adjustments and current permits need."""
        reserved = establishment.reserved_for_adjustments()
        allocated = {
            (name, kind, funding): delta
            for name, kind, funding, delta in establishment.ALLOCATE_LINES
        }
        scenario_slots: dict = defaultdict(int)
        for scenario in CURRENT_PERMITS:
            scenario_slots[scenario.line] += scenario.count
        for key, slots in scenario_slots.items():
            reserved[key] += max(0, slots - allocated.get(key, 0))
        specials = defaultdict(list)
        for special in SPECIALS:
            specials[special.line].append(special)
        merged = establishment.merged_lines()
        for key, line in lines.items():
            self.maker.round_periods[key] = ROUND_PERIODS[
                next(i for i, floor in enumerate(ROUND_FLOORS) if line.approved >= floor)
            ]
        for key, line in lines.items():
            institution = self.institutions[key[0]]
            leaving = [s for s in specials[key] if s.kind in LEAVING_KINDS]
            if key in merged:
                size = line.approved
            else:
                size = min(round(line.approved * self._fill()), line.approved - reserved[key])
                size -= len(leaving)
            self._plan_line(key, line, institution, size, specials[key])
        for scenario in CURRENT_PERMITS:
            for _ in range(scenario.used):
                self.entrants.append(self._recruit(scenario))

    def _fill(self) -> float:
        draw = self.rng.random()
        if draw < 0.12:
            return 1.0
        if draw < 0.5:
            return self.rng.uniform(0.9, 1.0)
        if draw < 0.82:
            return self.rng.uniform(0.8, 0.9)
        return self.rng.uniform(0.7, 0.8)

    def _plan_line(self, key, line, institution, size, specials) -> None:
        departments = [d.name for d in self.departments[institution.full_name]]
        planned: list[Entrant] = []
        for special in specials:
            planned.append(self.maker.special(key, institution, departments, special))
        holders = defaultdict(int)
        for entrant in planned:
            if entrant.post:
                holders[entrant.post] += 1
        active_specials = sum(1 for s in specials if s.kind not in LEAVING_KINDS)
        if key == establishment.main_line(institution.full_name):
            posts = establishment.leadership_plan(institution, departments)
            self.posts.extend(posts)
            room = size - active_specials
            for post in self._leaders_wanted(institution, posts, holders, room):
                planned.append(self.maker.leader(key, institution, departments, post))
        staff = size - sum(1 for e in planned if not e.leaves)
        for _ in range(max(staff, 0)):
            planned.append(self.maker.staff(key, institution, departments))
        self.entrants.extend(planned)

    def _leaders_wanted(self, institution, posts, holders, room):
        """One (post kind, department, post title) per holder still to seat: every head but a
        few, most deputies and department heads, one deputy beyond the quota at the over-quota
        unit; never more leaders than the line has people."""
        wanted = []
        for post in posts:
            key = (post.post_kind, post.department, post.post_title)
            if post.post_kind == PostKind.UNIT_HEAD:
                filled = 0 if self.rng.random() < 0.04 else 1
            elif post.post_kind == PostKind.UNIT_DEPUTY:
                filled = post.approved - (1 if self.rng.random() < 0.3 else 0)
                if institution.full_name == OVER_QUOTA_INSTITUTION:
                    filled = post.approved + 1
            elif post.post_kind == PostKind.DEPARTMENT_HEAD:
                filled = 1 if self.rng.random() < 0.85 else 0
            else:
                filled = post.approved
            wanted += [key] * (filled - holders[key])
        # Department heads go first, then deputies, when a small unit cannot seat them all.
        while len(wanted) > room:
            wanted.remove(
                next(
                    (w for w in reversed(wanted) if w[0] == PostKind.DEPARTMENT_HEAD),
                    wanted[-1],
                )
            )
        return wanted

    def _recruit(self, scenario: PermitScenario) -> Entrant:
        institution = self.institutions[scenario.line[0]]
        departments = [d.name for d in self.departments[institution.full_name]]
        earliest = self.today - datetime.timedelta(days=scenario.issued_days_ago - 14)
        entry_on = earliest + datetime.timedelta(
            days=self.rng.randint(0, max((self.today - earliest).days - 3, 0))
        )
        entrant = self.maker.recruit(scenario.line, institution, departments, scenario.purpose)
        entrant.entry_on = entry_on
        entrant.work_started_on = min(entrant.work_started_on, entry_on)
        entrant.scenario = scenario
        return entrant

    # --- entering --------------------------------------------------------------------------

    def _document(self, prefix, issuer, title, issued_on, institutions) -> ApprovalDocument:
        key = (prefix, issued_on.year)
        serial = self.serials.get(key) or self.rng.randint(3, 12)
        self.serials[key] = serial + self.rng.randint(1, 3)
        return org_services.document_create(
            actor=self.actor,
            reason=DEMO_REASON,
            number=f"{prefix}〔{issued_on.year}〕{serial}号",
            title=title,
            issuer=issuer,
            issued_on=issued_on,
            region=self.region,
            institutions=institutions,
        )

    def _expire_until(self, day: datetime.date) -> None:
        """The office's yearly sweep: on the first of January, lapsed permits marked expired."""
        new_year = datetime.date(day.year, 1, 1)
        if new_year > self.last_expiry_run:
            staffing_services.permits_expire(today=new_year, actor=self.actor)
            self.last_expiry_run = new_year

    def enter_history(self) -> None:
        """Everyone who entered before now, in date order: one permit per line, year and purpose,
        sized to the people entering under it, issued a few weeks before the first of them."""
        batches = defaultdict(list)
        for entrant in self.entrants:
            if entrant.scenario is None:
                purpose = PURPOSE_OF_ENTRY.get(entrant.entry_way, PermitPurpose.OTHER)
                batches[(entrant.key, entrant.entry_on.year, purpose)].append(entrant)
        ordered = []
        for (key, _, purpose), group in batches.items():
            first = min(e.entry_on for e in group)
            issued_on = first - datetime.timedelta(days=self.rng.randint(10, 40))
            ordered.append((issued_on, key, purpose, group))
        ordered.sort(key=lambda batch: (batch[0], batch[1], batch[2]))
        current = list(self.current_issue_dates().values())
        self._number_permits([batch[0] for batch in ordered] + current)
        for issued_on, key, purpose, group in ordered:
            self._expire_until(issued_on)
            last = max(e.entry_on for e in group)
            permit = staffing_services.permit_issue(
                quota_line=self.establishment.lines[key],
                count=len(group),
                purpose=purpose,
                issued_on=issued_on,
                expires_on=max(last, issued_on + datetime.timedelta(days=180)),
                actor=self.actor,
                number=self.permit_numbers.pop(0),
                notes=PURPOSE_NOTES[purpose],
            )
            for entrant in sorted(group, key=lambda e: e.entry_on):
                self._enter(entrant, permit)

    def current_issue_dates(self) -> dict[PermitScenario, datetime.date]:
        return {
            scenario: self.today - datetime.timedelta(days=scenario.issued_days_ago)
            for scenario in CURRENT_PERMITS
        }

    def _number_permits(self, issue_dates: list[datetime.date]) -> None:
        """Permit numbers in date order, whatever order the permits are issued in: the serial
        of each year continues after the permits the deployment already holds, as the service
        numbers them (``staffing.services.next_permit_number``)."""
        years = {day.year for day in issue_dates}
        serials = Counter(
            UsagePermit.objects.filter(issued_on__year__in=years).values_list(
                "issued_on__year", flat=True
            )
        )
        numbers = {}
        for index, day in sorted(enumerate(issue_dates), key=lambda item: (item[1], item[0])):
            serials[day.year] += 1
            numbers[index] = settings.BIANZHI["PERMIT_NUMBER_FORMAT"].format(
                prefix=settings.BIANZHI["PERMIT_NUMBER_PREFIX"],
                year=day.year,
                serial=serials[day.year],
            )
        self.permit_numbers = [numbers[index] for index in range(len(issue_dates))]

    def _enter(self, entrant: Entrant, permit: UsagePermit) -> None:
        person = services.person_register(
            actor=self.actor, region=self.region, reason=DEMO_REASON, **entrant.person_fields()
        )
        department = self._department(entrant.key[0], entrant.department)
        entrant.record = services.entry_register(
            person=person,
            quota_line=self.establishment.lines[entrant.key],
            permit=permit,
            post_category=entrant.post_category,
            entry_way=entrant.entry_way,
            entry_on=entrant.entry_on,
            actor=self.actor,
            department=department,
            person_category=entrant.person_category,
            job_title=entrant.job_title,
            reason=DEMO_REASON,
        )

    def _department(self, institution_name: str, name: str) -> InternalDepartment | None:
        if not name:
            return None
        return next(d for d in self.departments[institution_name] if d.name == name)

    def issue_current_permits(self) -> dict[str, UsagePermit]:
        """This year's permits: open with slots left, fully used, one cancelled after one
        entry, one expired unused, and the one the transfer will use."""
        recruits = defaultdict(list)
        for entrant in self.entrants:
            if entrant.scenario is not None:
                recruits[entrant.scenario].append(entrant)
        permits = {}
        numbers = dict(zip(CURRENT_PERMITS, self.permit_numbers, strict=True))
        for scenario, issued_on in sorted(self.current_issue_dates().items(), key=lambda i: i[1]):
            expires_on = issued_on + datetime.timedelta(days=scenario.valid_days)
            permit = staffing_services.permit_issue(
                quota_line=self.establishment.lines[scenario.line],
                count=scenario.count,
                purpose=scenario.purpose,
                issued_on=issued_on,
                expires_on=expires_on,
                actor=self.actor,
                number=numbers[scenario],
                notes=scenario.notes,
            )
            for entrant in sorted(recruits[scenario], key=lambda e: e.entry_on):
                self._enter(entrant, permit)
            if scenario.fate == "cancel":
                staffing_services.permit_cancel(
                    permit=permit, actor=self.actor, reason=CANCEL_REASON
                )
            elif scenario.fate == "expire":
                staffing_services.permits_expire(
                    today=expires_on + datetime.timedelta(days=1), actor=self.actor
                )
            permits[scenario.fate] = permit
        return permits

    # --- leadership ------------------------------------------------------------------------

    def appoint(self) -> None:
        """Appoint every planned leader: unit posts under one document of the appointing body,
        department heads under another; the over-quota deputy under a document that allows it."""
        quotas = self.establishment.leadership
        by_institution = defaultdict(list)
        for entrant in self.entrants:
            if entrant.post and entrant.record is not None:
                by_institution[entrant.key[0]].append(entrant)
        for name, leaders in by_institution.items():
            institution = self.institutions[name]
            unit = [e for e in leaders if e.post[0] != PostKind.DEPARTMENT_HEAD]
            departments = [e for e in leaders if e.post[0] == PostKind.DEPARTMENT_HEAD]
            over = []
            if name == OVER_QUOTA_INSTITUTION:
                deputies = [e for e in unit if e.post[0] == PostKind.UNIT_DEPUTY]
                over = deputies[-1:]
                unit = [e for e in unit if e not in over]
            for group, level in ((unit, "unit"), (departments, "department"), (over, "over")):
                if group:
                    self._appoint_group(institution, group, level, quotas)

    def _appoint_group(self, institution, group, level, quotas) -> None:
        """One appointment document for ``group``, dated after every member's entry and before
        any member's planned exit (their posts end with it)."""
        latest_entry = max(e.entry_on for e in group)
        if level == "over":
            started_on = self.today - datetime.timedelta(days=40)
        else:
            earliest = latest_entry + datetime.timedelta(days=30)
            latest = min(
                [self.today - datetime.timedelta(days=60)]
                + [e.ends_on - datetime.timedelta(days=90) for e in group if e.ends_on]
            )
            started_on = earliest + datetime.timedelta(
                days=self.rng.randint(0, max((latest - earliest).days, 0))
            )
        started_on = max(min(started_on, self.today), latest_entry)
        prefix, issuer = appointing_body(institution, departments=level == "department")
        names = group[0].name if len(group) == 1 else f"{group[0].name}等"
        document = self._document(
            prefix, issuer, f"关于{names}同志任职的通知", started_on, [institution]
        )
        over_quota_document = None
        if level == "over":
            over_quota_document = self._document(
                "示编函",
                "中共示例县委机构编制委员会办公室",
                f"关于同意{institution.full_name}超职数配备副职领导的复函",
                started_on - datetime.timedelta(days=10),
                [institution],
            )
        for entrant in group:
            kind, department, title = entrant.post
            services.appointment_start(
                person=entrant.record.person,
                quota=quotas[(institution.full_name, kind, department, title)],
                title=entrant.job_title,
                started_on=started_on,
                document=document,
                actor=self.actor,
                over_quota_document=over_quota_document,
                reason=DEMO_REASON,
            )

    # --- leaving ---------------------------------------------------------------------------

    def leave_and_transfer(self, permits: dict[str, UsagePermit]) -> None:
        """Retirements, transfers out and a resignation in date order; then the transfer from
        二中 to 一中 on the permit issued for it (rule 7: one transaction ends and opens)."""
        leaving = sorted(
            (e for e in self.entrants if e.ends_on is not None), key=lambda e: e.ends_on
        )
        for entrant in leaving:
            self._leave(entrant)
        mover = next(e for e in self.entrants if e.special == "transfer")
        moved_on = self.today - datetime.timedelta(days=TRANSFER_DAYS_AGO)
        source = self.institutions[mover.key[0]]
        target_key = next(s.line for s in CURRENT_PERMITS if s.fate == "transfer")
        target = self.institutions[target_key[0]]
        document = self._document(
            "示教人",
            "示例县教育局",
            f"关于{mover.name}同志工作调动的通知",
            moved_on - datetime.timedelta(days=7),
            [source, target],
        )
        departments = self.departments[target.full_name]
        services.transfer_register(
            record=mover.record,
            quota_line=self.establishment.lines[target_key],
            permit=permits["transfer"],
            transferred_on=moved_on,
            post_category=mover.post_category,
            actor=self.actor,
            department=departments[1] if len(departments) > 1 else None,
            job_title=mover.job_title,
            document=document,
            reason=DEMO_REASON,
        )

    def _leave(self, entrant: Entrant) -> None:
        institution = self.institutions[entrant.key[0]]
        reason = END_REASONS[entrant.special]
        prefix, issuer, title = EXIT_DOCUMENTS[reason]
        document = self._document(
            prefix,
            issuer,
            title.format(entrant.name),
            entrant.ends_on - datetime.timedelta(days=10),
            [institution],
        )
        services.exit_register(
            record=entrant.record,
            ended_on=entrant.ends_on,
            end_reason=reason,
            actor=self.actor,
            end_document=document,
            reason=DEMO_REASON,
        )
