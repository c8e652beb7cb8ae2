"""A year of a hospital as finance budgets it (rule 46), each write recorded on its own day of
the kit's year (so the registry's history says when a 信息更正 happened):

- 全额拨款 line of 5 from 1 January, +2 from 1 July; three staff entered 1 February, one of
  them leaving on 15 September; a newcomer entering on 15 April;
- 差额拨款 line of 3 from 1 January; one person entered on it 1 February, moved to the 全额
  line by a 信息更正 recorded on 10 June;
- a talent special quota on the 全额 line, its holder entering on 1 May;
- the health bureau (an organ) with 4 行政编制 and 2 people from 1 February.
"""

import datetime
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine
from django.conf import settings

from people import services as people_services
from people.models import EstablishmentRecord
from staffing import services as staffing_services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm, PoolPurpose
from staffing.models import PoolBalance, QuotaLine
from staffing.services import LineChange
from staffing.special_quotas import special_permit_issue, special_quota_grant
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import InstitutionFactory, PublicInstitutionFactory

PUBLIC = EstablishmentType.PUBLIC


@contextmanager
def on(date: datetime.date):
    """Writes recorded at ten in the morning of ``date`` in Beijing."""
    moment = datetime.datetime.combine(
        date, datetime.time(10), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    with time_machine.travel(moment, tick=False):
        yield


@dataclass
class Year:
    hospital: object
    bureau: object
    full: QuotaLine
    partial: QuotaLine
    administrative: QuotaLine
    mover: EstablishmentRecord


def hospital_year(region) -> Year:
    actor = builders.system_actor()
    with on(day(2, 5)):
        hospital = PublicInstitutionFactory(region=region, full_name="测试县人民医院")
        bureau = InstitutionFactory(region=region, full_name="测试县卫生健康局")
        full = builders.quota(hospital, 5, PUBLIC, FundingForm.FULL)
        partial = builders.quota(hospital, 3, PUBLIC, FundingForm.PARTIAL)
        administrative = builders.quota(bureau, 4)
        staff = builders.staff(full, 3)
        builders.staff(administrative, 2, name_prefix="干部")
        mover = builders.enter(builders.person(region, "差额转全额"), partial)
        staffing_services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.RECLAIM,
            summary="空编收回",
            document=builders.document(region=region),
            effective_on=day(1, 1),
            lines=[LineChange(PUBLIC, 2)],
            actor=actor,
        )
    with on(day(4, 1)):
        special = special_quota_grant(
            quota_line=full,
            source=PoolBalance.objects.get(region=region, purpose=PoolPurpose.GENERAL),
            count=1,
            talent="心血管专业博士",
            document=builders.document(hospital),
            approved_on=day(4, 1),
            actor=actor,
        )
        special_permit = special_permit_issue(
            special_quota=special,
            count=1,
            issued_on=day(4, 1),
            expires_on=builders.EXPIRES,
            actor=actor,
        )
    with on(day(4, 15)):
        builders.enter(builders.person(region, "新进人员"), full, entry_on=day(4, 15))
    with on(day(5, 1)):
        builders.enter(
            builders.person(region, "引进博士"), full, special_permit, entry_on=day(5, 1)
        )
    with on(day(6, 10)):
        people_services.record_correct(
            record=mover, changes={"quota_line": full}, actor=actor, reason="经费形式更正"
        )
    with on(day(7, 1)):
        staffing_services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.INCREASE,
            summary="增加编制",
            document=builders.document(hospital),
            effective_on=day(7, 1),
            lines=[LineChange(PUBLIC, 2, hospital, FundingForm.FULL)],
            actor=actor,
        )
    with on(day(9, 15)):
        people_services.exit_register(
            record=staff[0], ended_on=day(9, 15), end_reason="retirement", actor=actor
        )
    return Year(hospital, bureau, full, partial, administrative, mover)
