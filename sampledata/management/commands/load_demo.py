"""python manage.py load_demo: the demo county 示例县 — its institutions, establishment, people,
change requests and certificates — and one demo account per role.

The command lives in ``sampledata``, above the whole import chain certificates → people →
staffing → orgs, so it can load all four and a production install can leave it out.
"""

import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from people.services import expected_exits_create
from sampledata.demo.assessments import load_demo_assessments
from sampledata.demo.breaches import load_demo_breaches
from sampledata.demo.cases import load_demo_cases
from sampledata.demo.certificates import load_demo_certificates
from sampledata.demo.confirmations import load_demo_confirmations
from sampledata.demo.followups import load_demo_followups
from sampledata.demo.hospitals import load_demo_hospitals
from sampledata.demo.orgs import DEMO_ACCOUNTS, create_demo_accounts, load_demo_orgs
from sampledata.demo.oversight import load_demo_problems
from sampledata.demo.payroll import load_demo_payroll
from sampledata.demo.people import load_demo_people
from sampledata.demo.people.requests import load_demo_requests
from sampledata.demo.plans import load_demo_plans
from sampledata.demo.pools import load_demo_pools
from sampledata.demo.reclaims import load_demo_reclaims
from sampledata.demo.schools import load_demo_schools
from sampledata.demo.structure import load_demo_structures

NOTHING_CHANGED = "演示数据已存在，未做任何更改"
COUNT_LABELS = (
    ("regions", "行政区划 %d 个"),
    ("documents", "批准文件 %d 份"),
    ("institutions", "机构 %d 个"),
    ("departments", "内设机构 %d 个"),
    ("abolished", "撤销机构 %d 个"),
    ("quota_lines", "编制 %d 条"),
    ("adjustments", "编制调整 %d 件"),
    ("permits", "用编通知单 %d 张"),
    ("people", "实名人员 %d 人"),
    ("records", "占编记录 %d 条"),
    ("leadership_quotas", "领导职数 %d 项"),
    ("structures", "岗位结构 %d 条"),
    ("appointments", "领导任职 %d 人次"),
    ("expected_exits", "系统预警出编申报 %d 件"),
    ("requests", "变动申报 %d 件"),
    ("publicities", "公示 %d 次"),
    ("certificates", "机构编制管理证 %d 本"),
    ("breaches", "自查示例 %d 处"),
    ("schools", "中小学校 %d 所"),
    ("student_counts", "学生数 %d 条"),
    ("reallocations", "中小学编制调剂 %d 件"),
    ("hospitals", "纳入备案管理的公立医院 %d 家"),
    ("control_totals", "人员控制总量备案 %d 件"),
    ("filed_staff", "备案制人员 %d 人"),
    ("plans", "用编进人计划 %d 个年度"),
    ("plan_lines", "计划明细 %d 条"),
    ("reclaims", "空编收回建议 %d 条"),
    ("followups", "跟踪问效 %d 项"),
    ("schemes", "评估考核指标体系 %d 套"),
    ("evaluations", "评估考核 %d 个单位次"),
    ("pools", "专项管理的周转池 %d 个"),
    ("cases", "违规案件 %d 件"),
    ("loans", "周转池借用 %d 笔"),
    ("special_quotas", "高层次人才专项编制 %d 项"),
    ("problems", "问题台账 %d 条"),
    ("payroll", "工资统发核对结果 %d 条"),
    ("confirmations", "身份确认 %d 人"),
    ("accounts", "演示账号 %d 个"),
)
ACCOUNT_HEADERS = ("用户名", "密码", "角色", "范围")


class Command(BaseCommand):
    help = (
        "载入示例县演示数据（批准文件、机构、内设机构、编制、用编通知单、实名人员、领导职数）"
        "并创建各角色的演示账号；可重复运行。"
    )

    def handle(self, *args, **options):
        usernames = [account.username for account in DEMO_ACCOUNTS]
        existing = get_user_model().objects.filter(username__in=usernames).count()
        actor = system_actor()
        counts = load_demo_orgs(actor=actor)
        for key, created in load_demo_people(actor=actor).items():
            counts[key] = counts.get(key, 0) + created
        # What the daily detect_expected_changes would find: people past retirement still active.
        counts["expected_exits"] = len(expected_exits_create())
        counts.update(load_demo_certificates(actor=actor))
        counts["structures"] = load_demo_structures(actor=actor, today=timezone.localdate())
        counts.update(load_demo_hospitals(actor=actor, today=timezone.localdate()))
        counts.update(load_demo_pools(actor=actor, today=timezone.localdate()))
        accounts = create_demo_accounts()
        counts["accounts"] = len(usernames) - existing
        # The school's requests are made by the demo clerk, reviewer and staff, so they come last.
        counts["requests"] = load_demo_requests()
        # One breach of every 自查 check, made the way later events make them, last.
        counts["breaches"] = load_demo_breaches(actor=actor, today=timezone.localdate())
        # The schools' reallocation is the demo reviewer's (rule 28), so after the accounts.
        counts.update(load_demo_schools(actor=actor, today=timezone.localdate()))
        # Last year's and this year's 用编进人计划, the school's proposal by the demo clerk.
        for key, created in load_demo_plans(actor=actor, today=timezone.localdate()).items():
            counts[key] = counts.get(key, 0) + created
        # The vacancies the exits left, one standing vacancy, and the office's two decisions.
        counts["reclaims"] = load_demo_reclaims(actor=actor, today=timezone.localdate())
        # The 问效 scheme, two approved matters and the office's low score, by the demo staff.
        counts.update(load_demo_followups(actor=actor, today=timezone.localdate()))
        # Problems in every state: the demo clerk reports, the demo staff verifies; after the
        # breaches, so one is recorded from 自查.
        counts["problems"] = load_demo_problems(actor=actor, today=timezone.localdate())
        # Two 12310 reports: the demo admin assigns them, the demo staff handles (after accounts).
        counts["cases"] = load_demo_cases(today=timezone.localdate())
        # Last year's 绩效考核 graded and published, this year's rounds in progress (the demo
        # staff and clerk score), so after the accounts.
        counts.update(load_demo_assessments(actor=actor, today=timezone.localdate()))
        # Last month's payroll uploaded by the demo partner, the staff recording problems.
        counts["payroll"] = load_demo_payroll(actor=actor, today=timezone.localdate())
        # 组织 and 人社 confirm part of the county's identity statuses (after the accounts).
        counts["confirmations"] = load_demo_confirmations()
        self.stdout.write(self.style.SUCCESS(summary(counts)))
        self.stdout.write("\n演示账号（仅供演示，正式使用前请停用或修改密码）：")
        self.stdout.write(table(ACCOUNT_HEADERS, accounts))


def summary(counts: dict) -> str:
    parts = [label % counts[key] for key, label in COUNT_LABELS if counts.get(key)]
    if not parts:
        return NOTHING_CHANGED
    return "已创建：" + "，".join(parts) + "。"


def display_width(text: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [
        max(display_width(cell) for cell in column) for column in zip(headers, *rows, strict=True)
    ]
    lines = [headers, tuple("-" * width for width in widths), *rows]
    return "\n".join(
        "  ".join(
            cell + " " * (width - display_width(cell))
            for cell, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )
