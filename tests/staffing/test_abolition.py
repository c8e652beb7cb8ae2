"""Rule 8: an institution is abolished only once its quota and its people have been moved out.
``orgs.services.institution_abolish`` runs the checks staffing and people register with it."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs.choices import Status
from orgs.models import Institution, InternalDepartment
from orgs.services import institution_abolish
from people import services as people_services
from people.choices import EndReason
from people.models import EstablishmentRecord
from people.services import RECORDS_LEFT
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType
from staffing.models import (
    QuotaLine,
)
from staffing.services import QUOTA_LEFT
from tests.kit import builders, writes
from tests.kit.clock import day
from tests.kit.factories import DepartmentFactory, InstitutionFactory
from tests.kit.writes import ESTABLISHMENT_AND_PEOPLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ADMIN = EstablishmentType.ADMINISTRATIVE
WORKER = EstablishmentType.ORGAN_WORKER
WATCHED = (Institution, InternalDepartment, *ESTABLISHMENT_AND_PEOPLE)
nothing_written = partial(writes.nothing_written, WATCHED)


@pytest.fixture
def bureau(region):
    """The institution to be abolished."""
    return InstitutionFactory(region=region, full_name="测试县粮食局")


@pytest.fixture
def successor(region):
    return InstitutionFactory(region=region, full_name="测试县发展和改革局")


def abolish(institution, actor):
    return institution_abolish(
        institution=institution,
        document=builders.document(institution, title="关于撤销测试县粮食局的通知"),
        abolished_on=timezone.localdate(),
        actor=actor,
        reason="机构改革撤销",
    )


def adjust(region, actor, *changes, kind=AdjustmentKind.TRANSFER, reason=""):
    return services.adjustment_apply(
        region=region,
        kind=kind,
        summary=AdjustmentKind(kind).label,
        document=builders.document(region=region),
        effective_on=day(3, 1),
        lines=list(changes),
        actor=actor,
        over_establishment_reason=reason,
    )


def change(institution, delta, establishment_type=ADMIN):
    return services.LineChange(
        establishment_type=establishment_type, delta=delta, institution=institution
    )


def refused(institution, actor) -> list[str]:
    document = builders.document(institution)
    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        institution_abolish(
            institution=institution,
            document=document,
            abolished_on=timezone.localdate(),
            actor=actor,
            reason="机构改革撤销",
        )
    institution.refresh_from_db()
    assert institution.status == Status.ACTIVE
    return excinfo.value.messages


def test_abolition_is_refused_while_quota_is_left(bureau, actor):
    builders.quota(bureau, 3)

    assert refused(bureau, actor) == [QUOTA_LEFT % {"lines": "行政编制 3 名"}]


def test_the_quota_left_names_every_line(bureau, actor):
    builders.quota(bureau, 3)
    builders.quota(bureau, 1, establishment_type=WORKER)

    assert refused(bureau, actor) == [QUOTA_LEFT % {"lines": "行政编制 3 名、机关工勤编制 1 名"}]


def test_abolition_is_refused_while_active_records_remain(region, bureau, actor):
    builders.staff(builders.quota(bureau, 2), 2)
    adjust(region, actor, change(bureau, -2), kind=AdjustmentKind.DECREASE, reason="机构撤销")

    assert refused(bureau, actor) == [RECORDS_LEFT % {"count": 2}]


def test_both_quota_and_records_left_are_reported(bureau, actor):
    builders.staff(builders.quota(bureau, 3), 2)

    assert refused(bureau, actor) == [
        QUOTA_LEFT % {"lines": "行政编制 3 名"},
        RECORDS_LEFT % {"count": 2},
    ]


def test_abolition_is_allowed_once_people_and_quota_are_moved_out(region, bureau, successor, actor):
    records = builders.staff(builders.quota(bureau, 2), 2)
    adjust(region, actor, change(bureau, -2), change(successor, 2), reason="机构撤并，人员随编划转")
    receiving = QuotaLine.objects.get(institution=successor)
    permit = builders.permit(receiving, 2, purpose="transfer_in")
    for record in records:
        people_services.transfer_register(
            record=record,
            quota_line=receiving,
            permit=permit,
            transferred_on=day(3, 2),
            post_category="management",
            actor=actor,
        )
    DepartmentFactory(institution=bureau, name="办公室")

    abolished = abolish(bureau, actor)

    assert abolished.status == Status.ABOLISHED
    assert not bureau.departments.filter(status=Status.ACTIVE).exists()


def test_people_who_left_and_quota_reclaimed_into_the_pool_do_not_block_abolition(
    region, bureau, actor
):
    records = builders.staff(builders.quota(bureau, 2), 2)
    for record in records:
        people_services.exit_register(
            record=record,
            ended_on=day(3, 1),
            end_reason=EndReason.RETIREMENT,
            actor=actor,
        )
    adjust(region, actor, change(bureau, -2), services.LineChange(ADMIN, 2), kind="reclaim")

    assert abolish(bureau, actor).status == Status.ABOLISHED


def test_an_abolished_institution_keeps_its_history_of_quota_and_records(region, bureau, actor):
    line = builders.quota(bureau, 1)
    [record] = builders.staff(line, 1)
    people_services.exit_register(
        record=record,
        ended_on=day(3, 1),
        end_reason=EndReason.RETIREMENT,
        actor=actor,
    )
    adjust(region, actor, change(bureau, -1), kind=AdjustmentKind.DECREASE)

    abolish(bureau, actor)

    assert list(bureau.quota_lines.all()) == [line]
    assert list(EstablishmentRecord.objects.filter(quota_line=line)) == [record]
