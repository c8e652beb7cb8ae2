"""What the demo stages: permit rounds and the special cases the overview lists."""

from dataclasses import dataclass

from people.choices import (
    EndReason,
    EntryWay,
)
from sampledata.demo import staffing as establishment
from staffing.choices import PermitPurpose, PostKind

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
# 去向 of the people who leave the county (transfers inside it name their new unit themselves).
EXIT_DESTINATIONS = {
    EndReason.TRANSFER_OUT: "调往示例市第一人民医院",
    EndReason.RESIGNATION: "辞职后自主创业",
}
# (number prefix, issuer, title) of the document each kind of exit cites.
EXIT_DOCUMENTS = {
    EndReason.RETIREMENT: ("示人社退", "示例县人力资源和社会保障局", "关于{}同志退休的通知"),
    EndReason.TRANSFER_OUT: ("示人社调", "示例县人力资源和社会保障局", "关于{}同志调出的通知"),
    EndReason.RESIGNATION: ("示卫人", "示例县卫生健康局", "关于同意{}同志辞职的批复"),
}
