"""This year's 用编进人计划 (rule 24) of every region of the generated city: a dozen units with
room each propose a few places, the office approves them and issues the plan, through the plan
services (a region's plan is a few dozen rows, not worth bulk writes)."""

import datetime
import random

from django.db import transaction

from orgs import services as org_services
from orgs.choices import Status
from plans import services
from plans.choices import PlanMethod
from staffing.models import QuotaLine
from staffing.selectors import with_figures

LINES_PER_REGION = 12
POSTS = {
    PlanMethod.EXAMINATION: "公开招考岗位",
    PlanMethod.SELECTION: "从乡镇选调",
    PlanMethod.PLACEMENT: "公费师范毕业生或军转干部安置",
    PlanMethod.TALENT: "急需紧缺专业人才",
}


def add_plans(*, regions, rng: random.Random, actor, today: datetime.date) -> int:
    """One issued plan of ``today``'s year per region; return the number of plan lines."""
    written = 0
    for region in regions:
        lines = list(
            with_figures(
                QuotaLine.objects.filter(
                    institution__region=region, institution__status=Status.ACTIVE
                ),
                on=today,
            )
            .filter(available__gt=1)
            .order_by("pk")[:LINES_PER_REGION]
        )
        if not lines:
            continue
        with transaction.atomic():
            for line in lines:
                count = min(line.available, rng.randint(1, 3))
                method = rng.choice(PlanMethod.values)
                planned = services.plan_line_propose(
                    quota_line=line,
                    year=today.year,
                    count=count,
                    method=method,
                    posts=POSTS[method],
                    actor=actor,
                )
                services.plan_line_set(line=planned, approved=count, actor=actor)
            document = org_services.document_create(
                actor=actor,
                number=f"{region.name}编发〔{today.year}〕用编计划{region.code}号",
                title=f"关于下达{today.year}年度用编进人计划的通知",
                issuer=f"{region.name}机构编制委员会办公室",
                issued_on=today,
                region=region,
            )
            services.plan_issue(plan=planned.plan, document=document, actor=actor)
        written += len(lines)
    return written
