"""A small county for the ledger tests, built through the services: 本单位 (事业编制, 5 approved,
3 people, one of whom left), 兄弟单位 (行政编制, 2 approved, 2 people, then cut to 1: 超编),
a leadership quota held at 本单位, and a foreign unit that no one in 示例县 may see."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from bianzhi.history import system_actor
from people import services as people_services
from people.models import EstablishmentRecord
from staffing import services as staffing_services
from staffing.choices import EstablishmentType
from staffing.models import QuotaLine
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.world import World
from tests.people.reports import report

OVER_REASON = "机构合并，人员逐步消化"
OVER_MEASURES = "退休自然减员，不再补充"
OVER_DEADLINE = day(12, 31)


@dataclass
class Scene:
    world: World
    unit_line: QuotaLine
    sibling_line: QuotaLine
    leaver: EstablishmentRecord


def add_records(line: QuotaLine, count: int, prefix: str) -> list[EstablishmentRecord]:
    return builders.staff(line, count, name_prefix=prefix)


def build_scene(world: World) -> Scene:
    unit_line = builders.quota(world.unit, 5)
    unit_records = add_records(unit_line, 3, "本单位职工")
    sibling_line = builders.quota(world.sibling, 2)
    add_records(sibling_line, 2, "兄弟职工")
    foreign_line = builders.quota(world.foreign, 2)
    add_records(foreign_line, 1, "外县职工")
    staffing_services.adjustment_apply(
        region=world.region,
        kind="decrease",
        summary="核减编制",
        document=builders.document(world.sibling),
        effective_on=day(3, 1),
        lines=[
            staffing_services.LineChange(
                establishment_type=EstablishmentType.ADMINISTRATIVE,
                delta=-1,
                institution=world.sibling,
            )
        ],
        actor=system_actor(),
        over_establishment_reason=OVER_REASON,
        over_establishment_measures=OVER_MEASURES,
        over_establishment_deadline=OVER_DEADLINE,
    )
    leaver = people_services.exit_register(
        record=unit_records[0],
        ended_on=timezone.localdate(),  # this year's ledgers list it, even on 1 January
        end_reason="retirement",
        end_document=builders.document(world.unit, number="示编退〔2026〕1号"),
        actor=system_actor(),
    )
    head = builders.leadership_quota(world.unit, approved=1)
    builders.appoint(unit_records[1].person, head)
    today = timezone.localdate()
    report(world.unit, due=today - datetime.timedelta(days=5), names=("本单位职工2",))
    report(world.sibling, due=today - datetime.timedelta(days=3), submitted=today)
    report(world.foreign, due=today - datetime.timedelta(days=3))
    return Scene(world, unit_line, sibling_line, leaver)
