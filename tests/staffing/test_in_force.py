"""Rules 15 and 16: every figure, check and ledger uses the quota in force on the day in question
(the adjustments effective on or before it); a future-dated adjustment is 待生效 until its day; a
cut may not take H below the people plus the open permits' unused slots expected that day,
unless those permits are cancelled in the same adjustment (issue 14, items 2 and 5)."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.history import system_actor
from staffing import services
from staffing.choices import EstablishmentType, PermitStatus
from staffing.models import SCHEDULED, Adjustment, QuotaLine, UsagePermit
from staffing.selectors import institution_lines, line_figures, region_totals
from staffing.services import BELOW_RESERVED, PERMIT_SHORT, TOTAL_EXCEEDED
from tests.kit import builders
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db

LATER = 200  # days until the scheduled adjustment of the issue's scenario


@pytest.fixture(autouse=True)
def _fresh_id_serials(monkeypatch):
    monkeypatch.setattr(builders, "_serial", itertools.count(1))


def adjust(institution, delta, effective_on, *, reason="", cancel=(), summary="编制调整"):
    kind, funding = builders.default_type(institution)
    return services.adjustment_apply(
        region=institution.region,
        kind="increase" if delta > 0 else "decrease",
        summary=summary,
        document=builders.document(institution),
        effective_on=effective_on,
        lines=[
            services.LineChange(
                establishment_type=kind, delta=delta, institution=institution, funding_form=funding
            )
        ],
        actor=system_actor(),
        over_establishment_reason=reason,
        permits_to_cancel=list(cancel),
    )


def after(today, days):
    return today + datetime.timedelta(days=days)


def issue(line, count, issued_on, expires_on):
    return services.permit_issue(
        quota_line=line,
        count=count,
        issued_on=issued_on,
        expires_on=expires_on,
        actor=system_actor(),
    )


# --- item 2: a future-dated adjustment takes effect on its day -------------------------------


def test_a_future_increase_leaves_todays_figures_and_permits_as_they_are(world, today):
    line = builders.quota(world.sibling, 3)
    adjust(world.sibling, +10, after(today, LATER))

    line.refresh_from_db()
    assert line.approved == 3  # the stored copy is today's figure
    figures = line_figures(line)
    assert (figures.approved, figures.available) == (3, 3)
    [annotated] = institution_lines(world.sibling)
    assert (annotated.in_force, annotated.vacancy, annotated.available) == (3, 3, 3)
    [administrative] = [
        t
        for t in region_totals(QuotaLine.objects.all(), region_ids=[world.region.pk])
        if t.establishment_type == EstablishmentType.ADMINISTRATIVE
    ]
    assert administrative.approved == 3
    # On its day the increase is in force.
    assert line_figures(line, on=after(today, LATER)).approved == 13


def test_a_permit_for_more_than_the_quota_in_force_is_refused(world, today):
    line = builders.quota(world.sibling, 3)
    adjust(world.sibling, +10, after(today, LATER))
    with pytest.raises(ValidationError) as refused:
        issue(line, 13, today, after(today, 365))
    assert refused.value.messages == [
        PERMIT_SHORT
        % {
            "line": f"“{world.sibling.full_name}”行政编制",
            "approved": 3,
            "occupied": 0,
            "reserved": 0,
            "available": 3,
            "count": 13,
        }
    ]
    assert not UsagePermit.objects.exists()
    issue(line, 3, today, after(today, 365))
    # From the day the increase takes effect the new slots may be permitted.
    issue(line, 10, after(today, LATER), after(today, LATER + 90))


def test_a_permit_must_stay_usable_through_a_scheduled_cut(world, today):
    line = builders.quota(world.sibling, 5)
    adjust(world.sibling, -3, after(today, 100))
    with pytest.raises(ValidationError):
        issue(line, 5, today, after(today, 365))
    # One valid only until the cut may take all five.
    issue(line, 5, today, after(today, 50))


def test_the_institutions_ledger_prints_the_same_with_and_without_as_of_today(
    world, today, tmp_path
):
    builders.quota(world.sibling, 110)
    adjust(world.sibling, +10, after(today, LATER))
    staff = world.users["office_staff"]

    def export(name, **params):
        path = tmp_path / f"{name}.xlsx"
        ledgers.write_ledger(ledgers.get("institutions"), user=staff, params=params, target=path)
        return read(path)

    plain = export("plain")
    dated = export("dated", as_of=today.isoformat())
    assert plain.data() == dated.data()
    sibling = next(row for row in plain.data() if row[1] == world.sibling.full_name)
    assert sibling[9:13] == [110, 0, 110, 0]  # 行政编制 核定 实有 空编 超编


def test_a_future_adjustment_shows_as_scheduled_until_its_day(client, world, today):
    builders.quota(world.sibling, 3)
    scheduled = adjust(world.sibling, +10, after(today, LATER), summary="增加编制（待生效）")
    assert scheduled.is_scheduled and scheduled.state_label == SCHEDULED
    client.force_login(world.users["office_staff"])

    detail = client.get(scheduled.get_absolute_url()).content.decode()
    assert 'id="adjustment-state">待生效' in detail
    listing = client.get(reverse("staffing:adjustment_list")).content.decode()
    assert SCHEDULED in listing
    page = client.get(reverse("staffing:institution_establishment", args=[world.sibling.pk]))
    assert [line.delta for line in page.context["scheduled"]] == [10]
    assert 'id="scheduled"' in page.content.decode()
    [line] = page.context["lines"]
    assert line.in_force == 3
    # The initial quota, in force since the kit's year, is not scheduled.
    initial = Adjustment.objects.exclude(pk=scheduled.pk).get()
    assert not initial.is_scheduled


def test_the_daily_command_copies_the_quota_in_force_on_its_day(world, today):
    line = builders.quota(world.sibling, 3)
    adjust(world.sibling, +10, after(today, LATER))
    assert services.quotas_bring_into_force(today=today, actor=system_actor()) == 0
    out = StringIO()
    call_command("quotas_in_force", stdout=out)
    assert "已有 0 条" in out.getvalue()
    moved = services.quotas_bring_into_force(today=after(today, LATER), actor=system_actor())
    line.refresh_from_db()
    assert (moved, line.approved) == (1, 13)
    assert line.history.latest().history_user.username == "system"


def test_a_scheduled_increase_counts_against_the_total_control_from_its_day(world, today):
    line = builders.quota(world.sibling, 8)
    services.region_total_set(
        region=world.region,
        establishment_type=EstablishmentType.ADMINISTRATIVE,
        total=10,
        document=builders.document(),
        actor=system_actor(),
        reason="总量控制",
    )
    adjust(world.sibling, +2, after(today, LATER))
    with pytest.raises(ValidationError) as refused:
        adjust(world.sibling, +1, today)
    assert refused.value.messages == [
        TOTAL_EXCEEDED
        % {"region": world.region.name, "type": "行政编制", "total": 10, "sum": 11, "excess": 1}
    ]
    assert line_figures(line).approved == 8


# --- item 5 and the future cut: never below the people plus the reservations ------------------


def reserved_message(institution, occupied, reserved, permits, after_cut, when=""):
    return BELOW_RESERVED % {
        "target": f"“{institution.full_name}”",
        "type": "行政编制",
        "when": when,
        "occupied": occupied,
        "reserved": reserved,
        "permits": "、".join(p.number for p in permits),
        "after": after_cut,
    }


def test_a_cut_below_people_plus_reservations_is_refused(world, today):
    line = builders.quota(world.sibling, 5)
    builders.staff(line, 3)
    permit = builders.permit(line, 2)
    for reason in ("", "机构合并"):
        with pytest.raises(ValidationError) as refused:
            adjust(world.sibling, -1, today, reason=reason)
        assert refused.value.messages == [reserved_message(world.sibling, 3, 2, [permit], 4)]
    line.refresh_from_db()
    assert line.approved == 5 and line_figures(line).approved == 5


def test_a_cut_may_cancel_the_permits_it_leaves_unusable(world, today):
    line = builders.quota(world.sibling, 5)
    builders.staff(line, 3)
    permit = builders.permit(line, 2)
    adjust(world.sibling, -2, today, cancel=[permit])
    permit.refresh_from_db()
    line.refresh_from_db()
    assert permit.status == PermitStatus.CANCELLED
    assert line.approved == 3
    assert (line_figures(line).available, line_figures(line).reserved) == (0, 0)


def test_a_future_cut_is_checked_against_what_is_expected_on_its_day(world, today):
    line = builders.quota(world.sibling, 5)
    builders.staff(line, 2)
    lasting = issue(line, 2, today, after(today, 365))
    cut_day = after(today, 100)
    with pytest.raises(ValidationError) as refused:
        adjust(world.sibling, -2, cut_day)
    when = f"于 {cut_day:%Y-%m-%d} 生效时预计"
    assert refused.value.messages == [reserved_message(world.sibling, 2, 2, [lasting], 3, when)]
    # A permit that lapses before the cut's day reserves nothing on it.
    services.permit_cancel(permit=lasting, actor=system_actor(), reason="改发短期通知单")
    issue(line, 2, today, after(today, 50))
    adjust(world.sibling, -2, cut_day)
    assert line_figures(line).approved == 5
    assert line_figures(line, on=cut_day).approved == 3
