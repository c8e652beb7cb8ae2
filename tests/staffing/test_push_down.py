"""Rule 23, 编制下沉: a 划转 whose receiving units are township units may be marked 县编乡用 or
乡编乡用 (when it is applied, or later with history); anything else is refused with its message;
the quota pushed down is totalled per township, year and mode within the user's scope, on the
page and in its ledger."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bianzhi import ledgers
from bianzhi.access import Role
from orgs.choices import Category, RegionLevel, Sector
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, FundingForm, PushDownMode
from staffing.models import Adjustment
from staffing.push_down import (
    NOT_A_TRANSFER,
    RECEIVER_IS_POOL,
    RECEIVER_NOT_TOWNSHIP,
    adjustment_mark_push_down,
    push_down_totals,
)
from staffing.services import LineChange
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import (
    InstitutionFactory,
    PublicInstitutionFactory,
    RegionFactory,
    make_user,
)
from tests.kit.writes import attribution, latest, nothing_written
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db

PUBLIC = EstablishmentType.PUBLIC
FULL = FundingForm.FULL
COUNTY = PushDownMode.COUNTY_QUOTA
TOWNSHIP = PushDownMode.TOWNSHIP_QUOTA


def approve(unit, count, establishment_type=PUBLIC, funding_form=FULL):
    """Quota approved two years back, so last year's transfers may draw on it."""
    services.adjustment_apply(
        region=unit.region,
        kind=AdjustmentKind.INITIAL,
        summary="核定编制",
        document=builders.document(unit),
        effective_on=day(1, 1, years=-2),
        lines=[LineChange(establishment_type, count, unit, funding_form)],
        actor=builders.system_actor(),
    )
    return unit


@pytest.fixture
def county_unit(region):
    return approve(PublicInstitutionFactory(region=region, full_name="测试县城市管理服务中心"), 20)


def township(region, name):
    """A town's government (乡镇（街道）) and its service centre (乡镇 sector, under it)."""
    government = InstitutionFactory(
        region=region, full_name=f"测试县{name}人民政府", category=Category.TOWNSHIP
    )
    centre = PublicInstitutionFactory(
        region=region,
        full_name=f"测试县{name}综合便民服务中心",
        parent=government,
        sector=Sector.TOWNSHIP,
    )
    return government, centre


@pytest.fixture
def east(region):
    return township(region, "东镇")


@pytest.fixture
def west(region):
    return township(region, "西镇")


def transfer(region, actor, source, target, count=2, *, mode=COUNTY, kind=None, on=None):
    return services.adjustment_apply(
        region=region,
        kind=kind or AdjustmentKind.TRANSFER,
        summary="向乡镇下沉编制",
        document=builders.document(region=region),
        effective_on=on or day(3, 1),
        lines=[
            LineChange(PUBLIC, -count, source, FULL),
            LineChange(PUBLIC, count, target, FULL),
        ],
        actor=actor,
        push_down=mode,
    )


# --- marking ------------------------------------------------------------------------------------


def test_a_transfer_to_a_township_unit_is_marked_with_its_mode(region, actor, county_unit, east):
    adjustment = transfer(region, actor, county_unit, east[1], mode=COUNTY)
    adjustment.refresh_from_db()
    assert adjustment.push_down == COUNTY
    assert adjustment.get_push_down_display() == "县编乡用"
    assert latest(adjustment).push_down == COUNTY


def test_a_unit_of_a_township_level_region_is_a_township_unit(actor, county_unit, region):
    town_region = RegionFactory(name="测试镇", level=RegionLevel.TOWNSHIP, parent=region)
    station = PublicInstitutionFactory(region=town_region, full_name="测试镇农业服务站")
    adjustment = transfer(region, actor, county_unit, station, mode=TOWNSHIP)
    assert adjustment.push_down == TOWNSHIP


def test_a_push_down_that_is_not_a_transfer_is_refused(region, actor, east):
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.INCREASE,
            summary="增加编制",
            document=builders.document(region=region),
            effective_on=day(3, 1),
            lines=[LineChange(PUBLIC, 2, east[1], FULL)],
            actor=actor,
            push_down=COUNTY,
        )
    assert refused.value.messages == [NOT_A_TRANSFER % {"kind": "增加编制"}]


def test_a_push_down_to_a_county_unit_is_refused(region, actor, county_unit):
    other = PublicInstitutionFactory(region=region, full_name="测试县疾病预防控制中心")
    with nothing_written(), pytest.raises(ValidationError) as refused:
        transfer(region, actor, county_unit, other)
    assert refused.value.messages == [RECEIVER_NOT_TOWNSHIP % {"name": "测试县疾病预防控制中心"}]


def test_a_push_down_into_the_pool_is_refused(region, actor, county_unit):
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.adjustment_apply(
            region=region,
            kind=AdjustmentKind.TRANSFER,
            summary="收回",
            document=builders.document(region=region),
            effective_on=day(3, 1),
            lines=[LineChange(PUBLIC, -2, county_unit, FULL), LineChange(PUBLIC, 2)],
            actor=actor,
            push_down=TOWNSHIP,
        )
    assert refused.value.messages == [RECEIVER_IS_POOL]


def test_a_recorded_transfer_is_marked_later_with_history(region, actor, county_unit, east):
    adjustment = transfer(region, actor, county_unit, east[1], mode="")
    assert adjustment.push_down == ""
    before = adjustment.history.count()
    adjustment_mark_push_down(
        adjustment=adjustment, mode=TOWNSHIP, actor=actor, reason="补记编制下沉"
    )
    adjustment.refresh_from_db()
    assert adjustment.push_down == TOWNSHIP
    assert adjustment.history.count() == before + 1
    record = latest(adjustment)
    assert record.push_down == TOWNSHIP
    assert attribution(record) == (actor, "补记编制下沉", adjustment.document.number)
    assert record.prev_record.push_down == ""
    # Taking the mark off is a change of its own.
    adjustment_mark_push_down(adjustment=adjustment, mode="", actor=actor, reason="误标")
    assert latest(adjustment).push_down == ""


def test_a_recorded_increase_may_not_be_marked(region, actor, east):
    builders.quota(east[1], 5)
    increase = Adjustment.objects.latest("pk")
    with nothing_written(), pytest.raises(ValidationError) as refused:
        adjustment_mark_push_down(adjustment=increase, mode=COUNTY, actor=actor, reason="标记")
    assert refused.value.messages == [NOT_A_TRANSFER % {"kind": "核定编制"}]


# --- totals -------------------------------------------------------------------------------------


@pytest.fixture
def pushed(region, actor, county_unit, east, west):
    """East: 2 (县编乡用) and 3 (乡编乡用) last year, 1 (县编乡用) this year, the latter to the
    town government itself; west: 4 (乡编乡用) this year; and one unmarked transfer."""
    transfer(region, actor, county_unit, east[1], 2, mode=COUNTY, on=day(3, 1, years=-1))
    transfer(region, actor, county_unit, east[1], 3, mode=TOWNSHIP, on=day(5, 1, years=-1))
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.TRANSFER,
        summary="下沉行政编制",
        document=builders.document(region=region),
        effective_on=day(2, 1),
        lines=[
            LineChange(EstablishmentType.ADMINISTRATIVE, -1, builders_organ(region)),
            LineChange(EstablishmentType.ADMINISTRATIVE, 1, east[0]),
        ],
        actor=actor,
        push_down=COUNTY,
    )
    transfer(region, actor, county_unit, west[1], 4, mode=TOWNSHIP, on=day(2, 1))
    transfer(region, actor, county_unit, west[1], 1, mode="", on=day(2, 1))


def builders_organ(region):
    organ = InstitutionFactory(region=region, full_name="测试县人力资源和社会保障局")
    return approve(organ, 5, EstablishmentType.ADMINISTRATIVE, "")


def figures(rows):
    return [(row.township, row.year, row.mode_label, row.quota, row.adjustments) for row in rows]


@pytest.mark.usefixtures("pushed")
def test_totals_per_township_year_and_mode(actor):
    this, last = day(1, 1).year, day(1, 1, years=-1).year
    assert figures(push_down_totals(actor)) == [
        ("测试县东镇人民政府", this, "县编乡用", 1, 1),
        ("测试县西镇人民政府", this, "乡编乡用", 4, 1),
        ("测试县东镇人民政府", last, "县编乡用", 2, 1),
        ("测试县东镇人民政府", last, "乡编乡用", 3, 1),
    ]
    assert figures(push_down_totals(actor, year=last, mode=TOWNSHIP)) == [
        ("测试县东镇人民政府", last, "乡编乡用", 3, 1),
    ]


@pytest.mark.usefixtures("pushed")
def test_totals_are_scoped_to_the_user(region, east):
    clerk = make_user(Role.CLERK, institution=east[1])
    last = day(1, 1, years=-1).year
    assert figures(push_down_totals(clerk)) == [
        ("测试县东镇人民政府", last, "县编乡用", 2, 1),
        ("测试县东镇人民政府", last, "乡编乡用", 3, 1),
    ]
    foreign = make_user(Role.OFFICE_STAFF, region=RegionFactory(name="他县"))
    assert push_down_totals(foreign) == []


@pytest.mark.usefixtures("pushed")
def test_the_ledger_lists_the_totals_with_a_totals_row(actor, tmp_path):
    path = tmp_path / "push_down.xlsx"
    ledgers.write_ledger(ledgers.get("push_down"), user=actor, params={}, target=str(path))
    sheet = read(path)
    assert sheet.headers() == [
        "序号",
        "乡镇（街道）",
        "年度",
        "下沉方式",
        "下沉编制数",
        "划转事项数",
    ]
    assert sheet.column("下沉编制数") == [1, 4, 2, 3]
    assert sheet.column("下沉方式") == ["县编乡用", "乡编乡用", "县编乡用", "乡编乡用"]
    assert sheet.totals()[4] == 10
    assert not ledgers.get("push_down").missing_table_columns()


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("pushed")
def test_the_totals_page_and_the_list_filter(client, actor):
    client.force_login(actor)
    page = client.get(reverse("staffing:push_down_totals"), {"push_down": TOWNSHIP})
    text = page.content.decode()
    assert page.status_code == 200
    assert "测试县西镇人民政府" in text and "乡编乡用" in text
    assert "下沉编制合计" in text
    listed = client.get(reverse("staffing:adjustment_list"), {"push_down": "any"})
    assert listed.context["table"].paginator.count == 4
    menu = client.get(reverse("staffing:adjustment_list")).content.decode()
    assert reverse("staffing:push_down_totals") in menu
    assert "编制下沉统计台账" in client.get(reverse("exports:index")).content.decode()


def test_the_form_refuses_a_push_down_to_a_county_unit(client, actor, region, county_unit):
    other = PublicInstitutionFactory(region=region, full_name="测试县疾病预防控制中心")
    client.force_login(actor)
    data = {
        "region": region.pk,
        "kind": "transfer",
        "summary": "划转",
        "push_down": COUNTY,
        "document": builders.document(region=region).number,
        "effective_on": day(3, 1).isoformat(),
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-institution": county_unit.pk,
        "lines-0-establishment_type": PUBLIC,
        "lines-0-funding_form": FULL,
        "lines-0-delta": "-2",
        "lines-1-institution": other.pk,
        "lines-1-establishment_type": PUBLIC,
        "lines-1-funding_form": FULL,
        "lines-1-delta": "2",
    }
    with nothing_written():
        response = client.post(reverse("staffing:adjustment_add"), data)
    assert response.status_code == 200
    assert RECEIVER_NOT_TOWNSHIP % {"name": other.full_name} in response.content.decode()


def test_the_office_marks_a_recorded_transfer_on_its_page(client, region, actor, county_unit, east):
    adjustment = transfer(region, actor, county_unit, east[1], mode="")
    url = reverse("staffing:adjustment_push_down", args=[adjustment.pk])
    clerk = make_user(Role.CLERK, institution=east[1])
    client.force_login(clerk)
    assert client.post(url, {"push_down": COUNTY, "reason": "标记"}).status_code == 403
    client.force_login(actor)
    assert "标记为下沉" in client.get(adjustment.get_absolute_url()).content.decode()
    response = client.post(url, {"push_down": COUNTY, "reason": "补记下沉"})
    assert response.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.push_down == COUNTY
    assert "县编乡用" in client.get(adjustment.get_absolute_url()).content.decode()


def test_anonymous_users_are_sent_to_log_in(client, region, actor, county_unit, east):
    adjustment = transfer(region, actor, county_unit, east[1])
    for url in (
        reverse("staffing:push_down_totals"),
        reverse("staffing:adjustment_push_down", args=[adjustment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
