"""Rule 2: usage permits (核准使用编制通知单) are issued only while available = H − A − R covers them;
they reserve their unused slots until used, cancelled or expired. Each refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs.services import institution_abolish
from people import services as people_services
from people.choices import EndReason
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, PermitPurpose, PermitStatus
from staffing.models import (
    PERMIT_EXPIRY_BEFORE_ISSUE,
    UsagePermit,
)
from staffing.selectors import line_figures
from staffing.services import INSTITUTION_ABOLISHED, PERMIT_NOT_OPEN, PERMIT_SHORT
from tests.kit import builders
from tests.kit.clock import YEAR, day
from tests.kit.factories import (
    InstitutionFactory,
    RegionFactory,
)
from tests.kit.writes import attribution, latest, nothing_written, row_and_history_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_id_serials")]

ISSUED = day(3, 2)
EXPIRES = day(9, 30)
ON = day(3, 2)


@pytest.fixture
def unit(region):
    return InstitutionFactory(region=region, full_name="测试县财政局")


def issue(line, count, actor, **fields):
    fields.setdefault("issued_on", ISSUED)
    fields.setdefault("expires_on", EXPIRES)
    return services.permit_issue(quota_line=line, count=count, actor=actor, **fields)


def short(line, h, a, r, available, count):
    return PERMIT_SHORT % {
        "line": f"“{line.institution.full_name}”{line.type_label}",
        "approved": h,
        "occupied": a,
        "reserved": r,
        "available": available,
        "count": count,
    }


# --- only what is available ---------------------------------------------------------------------


def test_a_permit_is_issued_only_if_the_available_slots_cover_its_count(unit, actor):
    line = builders.quota(unit, 5)
    builders.staff(line, 2)
    builders.permit(line, 1)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 3, actor)

    assert excinfo.value.messages == [short(line, 5, 2, 1, available=2, count=3)]
    assert (
        "核定 5 名，实有 2 人，已核准未使用 1 名，可用 2 名，不能核准 3 名"
        in excinfo.value.messages[0]
    )


def test_a_permit_for_exactly_the_available_slots_is_issued(unit, actor):
    line = builders.quota(unit, 5)
    builders.staff(line, 2)
    builders.permit(line, 1)

    permit = issue(line, 2, actor)

    assert (permit.count, permit.status) == (2, PermitStatus.OPEN)
    assert line_figures(line, on=ON).available == 0


def test_a_full_unit_gets_no_permit(unit, actor):
    line = builders.quota(unit, 2)
    builders.staff(line, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 1, actor)

    assert excinfo.value.messages == [short(line, 2, 2, 0, available=0, count=1)]


def test_a_unit_whose_vacancies_are_all_reserved_gets_no_permit(unit, actor):
    line = builders.quota(unit, 3)
    builders.staff(line, 1)
    builders.permit(line, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 1, actor)

    assert excinfo.value.messages == [short(line, 3, 1, 2, available=0, count=1)]


def test_an_over_established_unit_gets_no_permit(region, unit, actor):
    line = builders.quota(unit, 4)
    builders.staff(line, 4)
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.DECREASE,
        summary="机构改革核减编制",
        document=builders.document(unit),
        effective_on=builders.EFFECTIVE,
        lines=[services.LineChange(EstablishmentType.ADMINISTRATIVE, -2, unit)],
        actor=actor,
        over_establishment_reason="机构改革，超编人员自然减员消化",
    )

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 1, actor)

    # Available is H − A − R = −2; the message shows no negative availability.
    assert excinfo.value.messages == [short(line, 2, 4, 0, available=0, count=1)]


def test_after_an_exit_a_full_unit_can_get_a_permit(unit, actor):
    line = builders.quota(unit, 2)
    leaving, _ = builders.staff(line, 2)
    with pytest.raises(ValidationError):
        issue(line, 1, actor)

    people_services.exit_register(
        record=leaving,
        ended_on=day(3, 1),
        end_reason=EndReason.RETIREMENT,
        actor=actor,
    )
    permit = issue(line, 1, actor)

    assert permit.count == 1
    assert line_figures(line, on=ON).available == 0


def test_a_permit_expiring_before_it_is_issued_is_refused(unit, actor):
    line = builders.quota(unit, 2)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 1, actor, issued_on=ISSUED, expires_on=ISSUED - datetime.timedelta(days=1))

    assert excinfo.value.messages == [PERMIT_EXPIRY_BEFORE_ISSUE]


def test_an_abolished_institution_gets_no_permit(region, unit, actor):
    line = builders.quota(unit, 2)
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.RECLAIM,
        summary="空编收回",
        document=builders.document(unit),
        effective_on=builders.EFFECTIVE,
        lines=[
            services.LineChange(EstablishmentType.ADMINISTRATIVE, -2, unit),
            services.LineChange(EstablishmentType.ADMINISTRATIVE, +2),
        ],
        actor=actor,
    )
    institution_abolish(
        institution=unit,
        document=builders.document(unit),
        abolished_on=timezone.localdate(),
        actor=actor,
        reason="机构撤销",
    )

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        issue(line, 1, actor)

    assert excinfo.value.messages == [INSTITUTION_ABOLISHED % {"name": unit.full_name}]


def test_a_permit_issued_earlier_than_an_open_permit_cannot_take_the_slots_that_one_reserves(
    unit, actor
):
    """Available must hold over the whole validity of the new permit, not only on its first day:
    otherwise two permits reserve the same vacancy once both are open."""
    line = builders.quota(unit, 1)
    issue(line, 1, actor, issued_on=day(6, 1), expires_on=EXPIRES)

    with nothing_written(), pytest.raises(ValidationError):
        issue(
            line,
            1,
            actor,
            issued_on=day(3, 2),
            expires_on=day(8, 31),
        )

    assert line_figures(line, on=day(6, 1)).available == 0


# --- numbers ------------------------------------------------------------------------------------


def test_permits_are_numbered_per_region_and_year_with_the_configured_prefix(unit, actor):
    line = builders.quota(unit, 9)

    numbers = [
        issue(line, 1, actor).number,
        issue(line, 1, actor).number,
        issue(
            line,
            1,
            actor,
            issued_on=day(12, 1, years=-1),
            expires_on=day(12, 31),
        ).number,
        issue(line, 1, actor).number,
    ]

    assert numbers == [
        f"示编用〔{YEAR}〕第001号",
        f"示编用〔{YEAR}〕第002号",
        f"示编用〔{YEAR - 1}〕第001号",
        f"示编用〔{YEAR}〕第003号",
    ]


def test_a_number_given_by_hand_is_kept(unit, actor):
    line = builders.quota(unit, 2)
    assert issue(line, 1, actor, number="示编用〔2026〕特001号").number == "示编用〔2026〕特001号"


def test_permits_of_two_regions_of_one_deployment_get_distinct_numbers(unit, actor):
    """A city platform serves several counties with one prefix: the serial is per region, so
    each county's first permit of the year must not collide with another county's."""
    neighbour = InstitutionFactory(region=RegionFactory(name="邻县"), full_name="邻县财政局")
    first = issue(builders.quota(unit, 2), 1, actor)

    second = issue(builders.quota(neighbour, 2), 1, actor)

    assert first.number != second.number


# --- cancelling and expiry ----------------------------------------------------------------------


def test_cancelling_a_permit_releases_its_unused_slots(unit, actor):
    line = builders.quota(unit, 5)
    permit = builders.permit(line, 3)
    builders.enter(builders.person(unit.region, "甲"), line, permit)
    assert line_figures(line, on=ON).available == 2

    services.permit_cancel(permit=permit, actor=actor, reason="招考计划调整")

    permit.refresh_from_db()
    assert (permit.status, permit.closed_on) == (PermitStatus.CANCELLED, timezone.localdate())
    figures = line_figures(line, on=ON)
    assert (figures.occupied, figures.reserved, figures.available) == (1, 0, 4)


def test_a_cancelled_permit_cannot_be_cancelled_again(unit, actor):
    permit = builders.permit(builders.quota(unit, 2), 1)
    services.permit_cancel(permit=permit, actor=actor, reason="招考计划调整")

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.permit_cancel(permit=permit, actor=actor, reason="再次注销")

    assert excinfo.value.messages == [
        PERMIT_NOT_OPEN % {"number": permit.number, "status": "已注销"}
    ]


def test_an_expired_permit_cannot_be_cancelled(unit, actor):
    permit = builders.permit(
        builders.quota(unit, 2),
        1,
        issued_on=day(1, 10),
        expires_on=day(2, 28),
    )
    services.permits_expire(today=day(3, 1), actor=actor)

    with nothing_written(), pytest.raises(ValidationError) as excinfo:
        services.permit_cancel(permit=permit, actor=actor, reason="注销")

    assert excinfo.value.messages == [
        PERMIT_NOT_OPEN % {"number": permit.number, "status": "已过期"}
    ]


def test_permits_expire_marks_only_open_permits_past_their_expiry(unit, actor):
    line = builders.quota(unit, 9)
    past = builders.permit(line, 2, issued_on=day(1, 10), expires_on=day(2, 28))
    last_day = builders.permit(line, 1, issued_on=day(1, 10), expires_on=day(3, 1))
    cancelled = builders.permit(line, 1, issued_on=day(1, 10), expires_on=day(2, 1))
    services.permit_cancel(permit=cancelled, actor=actor, reason="注销")

    assert services.permits_expire(today=day(3, 1), actor=actor) == 1

    for permit in (past, last_day, cancelled):
        permit.refresh_from_db()
    assert (past.status, past.closed_on) == (PermitStatus.EXPIRED, day(3, 1))
    assert last_day.status == PermitStatus.OPEN
    assert cancelled.status == PermitStatus.CANCELLED
    assert services.permits_expire(today=day(3, 1), actor=actor) == 0


def test_expired_permits_stop_reserving(unit, actor):
    line = builders.quota(unit, 5)
    builders.permit(line, 2, issued_on=day(1, 10), expires_on=day(2, 28))
    assert line_figures(line, on=day(2, 1)).reserved == 2

    services.permits_expire(today=day(3, 1), actor=actor)

    assert line_figures(line, on=day(2, 1)).reserved == 0
    assert issue(line, 5, actor).count == 5


# --- history (rule 13) --------------------------------------------------------------------------


def test_issuing_records_one_history_entry_naming_actor_reason_and_document(unit, actor):
    line = builders.quota(unit, 3)
    document = builders.document(unit)
    before = row_and_history_counts()

    permit = issue(line, 2, actor, document=document, purpose=PermitPurpose.TALENT)

    after = row_and_history_counts()
    assert after["UsagePermit"] == (before["UsagePermit"][0] + 1, before["UsagePermit"][1] + 1)
    assert {k: v for k, v in after.items() if k != "UsagePermit"} == {
        k: v for k, v in before.items() if k != "UsagePermit"
    }
    assert attribution(latest(permit)) == (actor, "核准使用编制", document.number)


def test_a_permit_without_document_is_recorded_under_its_own_number(unit, actor):
    permit = issue(builders.quota(unit, 3), 1, actor)
    assert attribution(latest(permit)) == (actor, "核准使用编制", permit.number)


def test_cancelling_records_one_history_entry_naming_actor_and_reason(unit, actor):
    permit = builders.permit(builders.quota(unit, 3), 1)
    history = permit.history.count()

    services.permit_cancel(permit=permit, actor=actor, reason="招考计划取消")

    assert permit.history.count() == history + 1
    assert attribution(latest(permit)) == (actor, "招考计划取消", permit.number)


def test_expiry_records_one_history_entry_per_permit(unit, actor):
    line = builders.quota(unit, 5)
    first = builders.permit(line, 1, issued_on=day(1, 10), expires_on=day(2, 28))
    second = builders.permit(line, 1, issued_on=day(1, 10), expires_on=day(2, 28))
    history = UsagePermit.history.count()

    services.permits_expire(today=day(3, 1), actor=actor)

    assert UsagePermit.history.count() == history + 2
    for permit in (first, second):
        assert attribution(latest(permit)) == (actor, "用编通知单到期", permit.number)
