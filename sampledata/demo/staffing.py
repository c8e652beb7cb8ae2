"""The demo county's establishment (示例县编制): total control, the pool, every active institution's
quota lines, the later adjustments and the leadership quotas.

Everything goes through ``staffing.services``, so every row has history naming the actor (rule 13).
``sampledata.demo.people`` calls these in order around the people it enters, because some
adjustments only make sense once people occupy the slots (a merger that takes units below
occupancy, rule 4).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from orgs import services as org_services
from orgs.models import ApprovalDocument, Institution, Region
from sampledata.demo.orgs import DEMO_REASON
from staffing import services
from staffing.choices import (
    AdjustmentKind,
    EstablishmentType,
    FundingForm,
    PostKind,
    PushDownMode,
)
from staffing.leadership_ceilings import ceiling
from staffing.models import LeadershipQuota, QuotaLine
from staffing.services import LineChange

ADMIN = EstablishmentType.ADMINISTRATIVE
POLITICAL_LEGAL = EstablishmentType.POLITICAL_LEGAL
WORKER = EstablishmentType.ORGAN_WORKER
PUBLIC = EstablishmentType.PUBLIC
FULL, PARTIAL, SELF = FundingForm.FULL, FundingForm.PARTIAL, FundingForm.SELF

# (institution full name, establishment type, funding form): one quota line.
LineKey = tuple[str, str, str]


def _organ(admin: int, worker: int = 0, political_legal: int = 0) -> tuple:
    lines = [(ADMIN, "", admin), (POLITICAL_LEGAL, "", political_legal), (WORKER, "", worker)]
    return tuple(line for line in lines if line[2])


def _public(full: int = 0, partial: int = 0, self_funded: int = 0) -> tuple:
    lines = [(PUBLIC, FULL, full), (PUBLIC, PARTIAL, partial), (PUBLIC, SELF, self_funded)]
    return tuple(line for line in lines if line[2])


# Approved counts (核定数) per active institution of the demo county, by establishment type and
# funding form. A county bureau has 8–30, a school 40–150, a hospital 100–300, a township 20–40.
QUOTA_PLAN: dict[str, tuple[tuple[str, str, int], ...]] = {
    "中共示例县委员会": _organ(8),
    "中共示例县委办公室": _organ(22, worker=3),
    "示例县档案馆": _public(full=12),
    "中共示例县委组织部": _organ(18, worker=2),
    "中共示例县委机构编制委员会办公室": _organ(9),
    "示例县机构编制数据中心": _public(full=5),
    "中共示例县委宣传部": _organ(12, worker=1),
    "示例县融媒体中心": _public(full=20, partial=15),
    "中共示例县委统一战线工作部": _organ(10),
    "中共示例县委政法委员会": _organ(10),
    "中共示例县委党校": _public(full=16),
    "中共示例县纪律检查委员会": _organ(30, worker=2),
    "中共示例县委巡察工作领导小组办公室": _organ(8),
    "示例县人民代表大会常务委员会": _organ(6),
    "示例县人民代表大会常务委员会办公室": _organ(12, worker=2),
    "中国人民政治协商会议示例县委员会": _organ(5),
    "中国人民政治协商会议示例县委员会办公室": _organ(10, worker=1),
    "示例县人民政府": _organ(7),
    "示例县人民政府办公室": _organ(20, worker=3),
    "示例县信访局": _organ(9),
    "示例县机关事务服务中心": _public(full=15),
    "示例县发展和改革局": _organ(16, worker=1),
    "示例县教育局": _organ(18, worker=2),
    "示例县第一中学": _public(full=150),
    "示例县第二中学": _public(full=110),
    "示例县职业中等专业学校": _public(full=90),
    "示例县实验小学": _public(full=85),
    "示例县第一幼儿园": _public(full=30, partial=10),
    "示例县城关镇中心学校": _public(full=120),
    "示例县城关镇南街小学": _public(full=45),
    "示例县东山乡中心学校": _public(full=95),
    "示例县公安局": _organ(0, worker=4, political_legal=110),
    "示例县司法局": _organ(14, worker=1),
    "示例县司法局城关司法所": _organ(4),
    "示例县财政局": _organ(22, worker=2),
    "示例县国有资产经营服务中心": _public(self_funded=12),
    "示例县人力资源和社会保障局": _organ(16, worker=1),
    "示例县自然资源局": _organ(20, worker=1),
    "示例县不动产登记中心": _public(full=18),
    "示例县住房和城乡建设局": _organ(14, worker=1),
    "示例县城市管理综合执法大队": _public(full=40),
    "示例县农业农村局": _organ(16, worker=2),
    "示例县农业技术推广中心": _public(full=30),
    "示例县植保植检站": _public(full=8),
    "示例县卫生健康局": _organ(14, worker=1),
    "示例县人民医院": _public(partial=260),
    "示例县中医医院": _public(partial=150),
    "示例县疾病预防控制中心": _public(full=45),
    "示例县城关镇卫生院": _public(full=55),
    "示例县东山乡卫生院": _public(full=35),
    "示例县市场监督管理局": _organ(30, worker=2),
    "示例县医疗保障局": _organ(8),
    "示例县医疗保障服务中心": _public(full=12),
    "示例县城南街道办事处": _organ(22, worker=2),
    "示例县供销合作社联合社": _public(self_funded=10),
    "示例县城关镇人民政府": _organ(36, worker=3),
    "示例县城关镇综合便民服务中心": _public(full=12),
    "示例县东山乡人民政府": _organ(25, worker=2),
    "示例县东山乡农业综合服务中心": _public(full=10),
    "示例县西河镇人民政府": _organ(28, worker=2),
    "示例县人民法院": _organ(0, worker=3, political_legal=60),
    "示例县人民法院城关人民法庭": _organ(0, political_legal=6),
    "示例县人民检察院": _organ(0, worker=2, political_legal=38),
    "示例县总工会": _organ(8, worker=1),
    "共青团示例县委员会": _organ(5),
    "示例县妇女联合会": _organ(5),
    "示例县科学技术协会": _organ(4),
    "示例县工商业联合会": _organ(4),
    "中国民主促进会示例县基层委员会": _organ(3),
}

# The pool (编制周转池) the office holds back, per type, and the headroom the city leaves under
# each type's total control (总量控制) above what the county hands out.
POOL_PLAN = {ADMIN: 5, POLITICAL_LEGAL: 3, WORKER: 2, PUBLIC: 10}
HEADROOM = {ADMIN: 8, POLITICAL_LEGAL: 4, WORKER: 3, PUBLIC: 20}

# The later adjustments (2025). Each names the quota lines it touches, so the people loader can
# leave the vacancies they need (a transfer or reclaim never takes a unit below occupancy) and
# fill the merged units completely (the merger takes them below it, rule 4).
TRANSFER_LINES = (("示例县自然资源局", ADMIN, "", -2), ("示例县住房和城乡建设局", ADMIN, "", 2))
# 编制下沉 (rule 23): vacant 事业编制 of the county's urban management brigade handed to the
# town's service centre, the quota moving with the work (乡编乡用).
PUSH_DOWN_LINES = (
    ("示例县城市管理综合执法大队", PUBLIC, FULL, -3),
    ("示例县城关镇综合便民服务中心", PUBLIC, FULL, 3),
)
RECLAIM_LINES = (("中共示例县委党校", PUBLIC, FULL, -2), ("示例县档案馆", PUBLIC, FULL, -1))
ALLOCATE_LINES = (("示例县人民医院", PUBLIC, PARTIAL, 3),)
MERGER_LINES = (
    ("示例县农业技术推广中心", PUBLIC, FULL, -4),
    ("示例县植保植检站", PUBLIC, FULL, -3),
    ("示例县国有资产经营服务中心", PUBLIC, SELF, -2),
)
# How the merger's surplus is absorbed, and by when (three years from the merger's document).
MERGER_MEASURES = "退休、调出等自然减员消化，消化完毕前不再新进人员"
MERGER_REASON = (
    "事业单位重塑性改革：植保植检职能并入农业技术推广中心、国有资产经营服务中心精简，"
    "核减编制后实有人员超出核定数，通过自然减员逐步消化，消化前不得进人"
)

# Leading organs whose deputies (副书记、副县长…) outnumber a bureau's.
LEADING_DEPUTIES = {
    "中共示例县委员会": 3,
    "示例县人民政府": 5,
    "示例县人民代表大会常务委员会": 3,
    "中国人民政治协商会议示例县委员会": 3,
}
# Approved posts besides the unit's heads and department heads (其他职数).
OTHER_POSTS = {"示例县公安局": ("政治委员",)}


@dataclass(frozen=True)
class PostSpec:
    """One leadership quota to approve: ``department`` is a department name or ""."""

    institution: str
    post_kind: str
    approved: int
    department: str = ""
    post_title: str = ""


def main_line(name: str) -> LineKey:
    """The line a unit's leaders and most of its cadres sit on: the largest non-worker line."""
    lines = [line for line in QUOTA_PLAN[name] if line[0] != WORKER]
    establishment_type, funding_form, _ = max(lines, key=lambda line: line[2])
    return (name, establishment_type, funding_form)


def reserved_for_adjustments() -> dict[LineKey, int]:
    """Vacancies the 2025 transfer and reclaim will take away (their minus lines)."""
    reserved: dict[LineKey, int] = defaultdict(int)
    for name, establishment_type, funding_form, delta in (
        TRANSFER_LINES + PUSH_DOWN_LINES + RECLAIM_LINES
    ):
        if delta < 0:
            reserved[(name, establishment_type, funding_form)] += -delta
    return reserved


def merged_lines() -> set[LineKey]:
    return {(name, kind, funding) for name, kind, funding, _ in MERGER_LINES}


def entry_deadlines() -> dict[LineKey, datetime.date]:
    """Lines a later adjustment reduces took their people before it: once merged below
    occupancy a unit gets no permit (rule 2), and reclaimed or transferred slots were vacant."""
    deadlines = {}
    for document_key, lines in (
        ("transfer", TRANSFER_LINES),
        ("push_down", PUSH_DOWN_LINES),
        ("reclaim", RECLAIM_LINES),
        ("merger", MERGER_LINES),
    ):
        for name, kind, funding, delta in lines:
            if delta < 0:
                deadlines[(name, kind, funding)] = DOCUMENTS[document_key].issued_on
    return deadlines


def leadership_plan(institution: Institution, departments: list[str]) -> list[PostSpec]:
    """领导职数: one head, 1–4 deputies by size (more for the leading organs) within the ceiling of
    the unit's level (staffing.leadership_ceilings), one head per
    internal department, and the unit's other approved posts."""
    name = institution.full_name
    size = sum(approved for _, _, approved in QUOTA_PLAN[name])
    deputies = LEADING_DEPUTIES.get(name) or min(
        1 if size <= 8 else 2 if size <= 25 else 3 if size <= 80 else 4,
        ceiling(PostKind.UNIT_DEPUTY, institution.level),
    )
    posts = [
        PostSpec(name, PostKind.UNIT_HEAD, 1),
        PostSpec(name, PostKind.UNIT_DEPUTY, deputies),
    ]
    posts += [PostSpec(name, PostKind.OTHER, 1, post_title=t) for t in OTHER_POSTS.get(name, ())]
    posts += [PostSpec(name, PostKind.DEPARTMENT_HEAD, 1, department=d) for d in departments]
    return posts


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentSpec:
    number: str
    title: str
    issuer: str
    issued_on: datetime.date
    institutions: tuple[str, ...] = ()


CITY_OFFICE = "中共示例市委机构编制委员会"
COUNTY_OFFICE = "中共示例县委机构编制委员会"
DOCUMENTS = {
    "totals": DocumentSpec(
        "示市编发〔2024〕15号",
        "关于下达示例县机构编制总量控制数的通知",
        CITY_OFFICE,
        datetime.date(2024, 12, 20),
    ),
    "pool": DocumentSpec(
        "示编发〔2025〕2号",
        "关于建立县级机构编制周转池的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 1, 15),
    ),
    "transfer": DocumentSpec(
        "示编发〔2025〕7号",
        "关于城乡规划管理职责划转涉及编制调整的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 4, 10),
        ("示例县自然资源局", "示例县住房和城乡建设局"),
    ),
    "reclaim": DocumentSpec(
        "示编发〔2025〕12号",
        "关于收回部分单位空余编制纳入编制周转池的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 6, 18),
        ("中共示例县委党校", "示例县档案馆"),
    ),
    "allocate": DocumentSpec(
        "示编发〔2025〕15号",
        "关于使用编制周转池保障县人民医院急需紧缺人才引进的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 7, 22),
        ("示例县人民医院",),
    ),
    "push_down": DocumentSpec(
        "示编发〔2025〕18号",
        "关于向城关镇下沉事业编制充实基层综合服务力量的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 8, 15),
        ("示例县城市管理综合执法大队", "示例县城关镇综合便民服务中心"),
    ),
    "merger": DocumentSpec(
        "示编发〔2025〕21号",
        "关于深化县直事业单位改革调整机构编制的通知",
        COUNTY_OFFICE,
        datetime.date(2025, 9, 26),
        ("示例县农业技术推广中心", "示例县植保植检站", "示例县国有资产经营服务中心"),
    ),
}


def create_document(
    spec: DocumentSpec, *, actor, region: Region, institutions: dict[str, Institution]
) -> ApprovalDocument:
    return org_services.document_create(
        actor=actor,
        reason=DEMO_REASON,
        number=spec.number,
        title=spec.title,
        issuer=spec.issuer,
        issued_on=spec.issued_on,
        region=region,
        institutions=[institutions[name] for name in spec.institutions],
    )


# --- loading ---------------------------------------------------------------------------------


class Establishment:
    """The county's quota lines as they are loaded; ``lines`` is keyed by ``LineKey``."""

    def __init__(self, *, actor, region: Region, institutions: dict[str, Institution]):
        self.actor = actor
        self.region = region
        self.institutions = institutions
        self.documents: dict[str, ApprovalDocument] = {}
        self.lines: dict[LineKey, QuotaLine] = {}
        self.leadership: dict[tuple[str, str, str, str], LeadershipQuota] = {}

    def _document(self, key: str) -> ApprovalDocument:
        if key not in self.documents:
            self.documents[key] = create_document(
                DOCUMENTS[key], actor=self.actor, region=self.region, institutions=self.institutions
            )
        return self.documents[key]

    def _adjust(self, kind, summary, document_key, changes, over_reason="", push_down="") -> None:
        document = self._document(document_key)
        measures, deadline = "", None
        if over_reason:
            measures = MERGER_MEASURES
            deadline = document.issued_on + datetime.timedelta(days=3 * 365)
        services.adjustment_apply(
            region=self.region,
            kind=kind,
            summary=summary,
            document=document,
            effective_on=document.issued_on,
            lines=changes,
            actor=self.actor,
            over_establishment_reason=over_reason,
            over_establishment_measures=measures,
            over_establishment_deadline=deadline,
            push_down=push_down,
        )

    def _change(self, name: str | None, establishment_type, funding_form, delta) -> LineChange:
        return LineChange(
            establishment_type=establishment_type,
            delta=delta,
            institution=self.institutions[name] if name else None,
            funding_form=funding_form,
        )

    def approve(self) -> dict[LineKey, QuotaLine]:
        """Total control, the pool, then every institution's quota approved (核定编制) under its
        founding document: one adjustment per document, one line per institution and type."""
        missing = set(QUOTA_PLAN) - set(self.institutions)
        if missing:
            raise ValueError(f"示例县缺少机构：{'、'.join(sorted(missing))}")
        planned: dict[str, int] = defaultdict(int)
        for lines in QUOTA_PLAN.values():
            for establishment_type, _, approved in lines:
                planned[establishment_type] += approved
        totals_document = self._document("totals")
        for establishment_type in EstablishmentType:
            wanted = planned[establishment_type] + POOL_PLAN[establishment_type]
            services.region_total_set(
                region=self.region,
                establishment_type=establishment_type,
                total=math.ceil((wanted + HEADROOM[establishment_type]) / 10) * 10,
                document=totals_document,
                actor=self.actor,
                reason=DEMO_REASON,
            )
        by_document: dict[int, list[Institution]] = defaultdict(list)
        for name in QUOTA_PLAN:
            institution = self.institutions[name]
            by_document[institution.establishing_document_id].append(institution)
        for group in by_document.values():
            first = group[0]
            summary = (
                f"核定{first.full_name}编制"
                if len(group) == 1
                else f"核定{first.full_name}等{len(group)}个单位编制"
            )
            services.adjustment_apply(
                region=self.region,
                kind=AdjustmentKind.INITIAL,
                summary=summary,
                document=first.establishing_document,
                effective_on=min(institution.established_on for institution in group),
                lines=[
                    self._change(institution.full_name, *line)
                    for institution in group
                    for line in QUOTA_PLAN[institution.full_name]
                ],
                actor=self.actor,
            )
        self._adjust(
            AdjustmentKind.INITIAL,
            "设立县级编制周转池",
            "pool",
            [self._change(None, kind, "", count) for kind, count in POOL_PLAN.items()],
        )
        self.lines = {
            (line.institution.full_name, line.establishment_type, line.funding_form): line
            for line in QuotaLine.objects.filter(institution__region=self.region).select_related(
                "institution"
            )
        }
        return self.lines

    def adjust_later(self) -> None:
        """The 2025 changes, once people occupy the slots: a transfer between two units (划转),
        vacancies reclaimed into the pool (空编收回), an allocation out of it (周转池调配), a
        transfer to a town's service centre marked 编制下沉 (rule 23), and a merger that takes
        three units below occupancy with a recorded reason (超编, rule 4)."""
        self._adjust(
            AdjustmentKind.TRANSFER,
            "城乡规划管理职责由自然资源局划入住房和城乡建设局，相应划转行政编制 2 名",
            "transfer",
            [self._change(*line) for line in TRANSFER_LINES],
        )
        reclaimed = -sum(delta for *_, delta in RECLAIM_LINES)
        self._adjust(
            AdjustmentKind.RECLAIM,
            f"收回中共示例县委党校、示例县档案馆长期空余事业编制 {reclaimed} 名纳入编制周转池",
            "reclaim",
            [self._change(*line) for line in RECLAIM_LINES]
            + [self._change(None, PUBLIC, "", reclaimed)],
        )
        allocated = sum(delta for *_, delta in ALLOCATE_LINES)
        self._adjust(
            AdjustmentKind.ALLOCATE,
            f"从编制周转池调剂事业编制 {allocated} 名用于县人民医院引进急需紧缺医疗人才",
            "allocate",
            [self._change(None, PUBLIC, "", -allocated)]
            + [self._change(*line) for line in ALLOCATE_LINES],
        )
        self._adjust(
            AdjustmentKind.TRANSFER,
            "城关镇综合便民服务中心承接下放的城市管理服务事项，从县城市管理综合执法大队下沉"
            "事业编制 3 名（乡编乡用）",
            "push_down",
            [self._change(*line) for line in PUSH_DOWN_LINES],
            push_down=PushDownMode.TOWNSHIP_QUOTA,
        )
        self._adjust(
            AdjustmentKind.DECREASE,
            "深化县直事业单位改革，核减农业技术推广中心、植保植检站、国有资产经营服务中心编制",
            "merger",
            [self._change(*line) for line in MERGER_LINES],
            over_reason=MERGER_REASON,
        )
        for line in self.lines.values():
            line.refresh_from_db()

    def approve_leadership(self, posts: list[PostSpec], departments: dict) -> dict:
        """领导职数 under each institution's founding document; ``departments`` maps an
        institution's full name to its internal departments. Keyed by (institution, post kind,
        department name, post title)."""
        for post in posts:
            institution = self.institutions[post.institution]
            department = next(
                (d for d in departments.get(post.institution, ()) if d.name == post.department),
                None,
            )
            quota = services.leadership_quota_set(
                institution=institution,
                post_kind=post.post_kind,
                approved=post.approved,
                document=institution.establishing_document,
                actor=self.actor,
                reason=DEMO_REASON,
                department=department,
                post_title=post.post_title,
            )
            key = (post.institution, post.post_kind, post.department, post.post_title)
            self.leadership[key] = quota
        return self.leadership
