"""What the establishment pages show and write: exact figures of hand-built scenarios, the
confirmation step of adjustments and permits, refusals shown in Chinese with nothing written, and
query counts that do not grow with the rows."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from bianzhi.history import system_actor
from staffing import forms as staffing_forms
from staffing import services
from staffing.choices import EstablishmentType, PermitStatus, PostKind
from staffing.models import Adjustment, AdjustmentLine, QuotaLine, UsagePermit
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.factories import DepartmentFactory, PublicInstitutionFactory
from tests.kit.pages import row_starting
from tests.staffing.test_views import adjustment_data

PUBLIC_FULL = "事业编制（全额拨款）"


def page(client, world, name, *args, role="office_staff", **params):
    client.force_login(world.users[role])
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response


def establishment(client, world, institution=None, role="office_staff"):
    institution = institution or world.unit
    return page(client, world, "staffing:institution_establishment", institution.pk, role=role)


# --- the establishment page ------------------------------------------------------------------


def test_establishment_page_shows_the_exact_figures(client, world):
    line = builders.quota(world.unit, 10)
    three = builders.permit(line, 3)
    builders.enter(builders.person(world.region, "李明"), line, three)
    builders.enter(builders.person(world.region, "王芳", male=False), line)  # its own 1-slot permit

    response = establishment(client, world)

    # 类型, 核定, 实有, 空编, 超编, 可用, 已核准未使用, 岗位结构: the key figures first (phones)
    assert row_starting(response, PUBLIC_FULL)[:7] == [PUBLIC_FULL, "10", "2", "8", "0", "6", "2"]
    (figures,) = response.context["lines"]
    assert (figures.approved, figures.occupied, figures.reserved) == (10, 2, 2)
    assert (figures.vacancy, figures.over, figures.available) == (8, 0, 6)


def test_each_figure_links_to_what_is_behind_it(client, world):
    line = builders.quota(world.unit, 4)
    builders.permit(line, 1)
    page_html = establishment(client, world).content.decode()
    assert f"{reverse('staffing:permit_list')}?quota_line={line.pk}&amp;status=open" in page_html
    assert f"{reverse('staffing:adjustment_list')}?institution={world.unit.pk}" in page_html
    assert f"{reverse('staffing:permit_add')}?quota_line={line.pk}" in page_html
    try:
        people = reverse("people:person_list")
    except Exception:  # the people pages are built in parallel
        return
    assert f"{people}?institution={world.unit.pk}&amp;quota_line={line.pk}" in page_html


def cut(institution, delta, reason):
    """核减 a public institution's full-funded quota below its occupancy, with a reason."""
    return services.adjustment_apply(
        region=institution.region,
        kind="decrease",
        summary="机构合并核减编制",
        document=builders.document(institution),
        effective_on=day(3, 1),
        lines=[services.LineChange(EstablishmentType.PUBLIC, delta, institution, "full")],
        actor=system_actor(),
        over_establishment_reason=reason,
    )


def test_over_establishment_after_a_merger_is_red_with_its_reason(client, world):
    line = builders.quota(world.unit, 3)
    builders.staff(line, 3)
    cut(world.unit, -1, "两单位合并，超编人员自然减员消化")
    response = establishment(client, world)
    assert row_starting(response, PUBLIC_FULL)[:7] == [PUBLIC_FULL, "2", "3", "0", "1", "-1", "0"]
    html = response.content.decode()
    assert re.search(r'class="text-danger fw-semibold"[^>]*>1</(span|a)>', html)
    assert "两单位合并，超编人员自然减员消化" in html


def test_vacancies_are_green(client, world):
    builders.quota(world.unit, 5)
    assert (
        '<span class="text-success fw-semibold">5</span>'
        in establishment(client, world).content.decode()
    )


def test_leadership_figures_and_current_holders(client, world):
    line = builders.quota(world.unit, 5)
    head = builders.leadership_quota(world.unit, PostKind.UNIT_HEAD, 1)
    deputies = builders.leadership_quota(world.unit, PostKind.UNIT_DEPUTY, 2)
    record = builders.enter(builders.person(world.region, "赵强"), line)
    builders.appoint(record.person, head, title="主任")
    response = establishment(client, world)
    assert row_starting(response, "单位正职")[:5] == ["单位正职", "1", "1", "0", "0"]
    assert row_starting(response, "单位副职")[:5] == ["单位副职", "2", "0", "2", "0"]
    html = response.content.decode()
    assert "赵强" in html and "主任" in html
    assert reverse("staffing:leadership_history", args=[deputies.pk]) in html


def test_adjustment_history_of_the_unit(client, world):
    builders.quota(world.unit, 6)
    adjustment = Adjustment.objects.latest("pk")
    response = establishment(client, world)
    html = response.content.decode()
    assert adjustment.document.get_absolute_url() in html
    assert adjustment.get_absolute_url() in html
    _, number, summary, kind, before, delta, after = row_starting(response, day(1, 1).isoformat())
    assert (number, summary, kind) == (adjustment.document.number, "核定编制", PUBLIC_FULL)
    assert (before, delta, after) == ("0", "+6", "6")


def test_institution_page_has_the_establishment_tab(client, world):
    response = page(client, world, "orgs:institution_detail", world.unit.pk, role="clerk")
    url = reverse("staffing:institution_establishment", args=[world.unit.pk])
    assert url in response.content.decode() and "编制情况" in response.content.decode()


def test_office_buttons_only_for_office_roles(client, world):
    add = reverse("staffing:adjustment_add")
    assert add in establishment(client, world).content.decode()
    for role in ["partner", "reviewer", "clerk"]:
        assert add not in establishment(client, world, role=role).content.decode()


def test_establishment_page_query_count_does_not_grow(client, world):
    def grow(institution, index):
        line = builders.quota(institution, 4, EstablishmentType.PUBLIC, ["full", "partial"][index])
        builders.staff(line, 2, name_prefix=f"职工{index}")
        builders.permit(line, 1)
        department = DepartmentFactory(institution=institution)
        quota = builders.leadership_quota(
            institution, PostKind.DEPARTMENT_HEAD, 1, department=department
        )
        builders.appoint(line.records.first().person, quota, title="股长")

    client.force_login(world.users["office_staff"])
    url = reverse("staffing:institution_establishment", args=[world.unit.pk])
    grow(world.unit, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(world.unit, 1)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- adjustments: confirmation, refusals -----------------------------------------------------


def post(client, world, name, data, role="office_staff"):
    client.force_login(world.users[role])
    return client.post(reverse(name), data)


def counts():
    return (
        Adjustment.objects.count(),
        AdjustmentLine.objects.count(),
        Adjustment.history.count(),
        list(QuotaLine.objects.values_list("approved", flat=True).order_by("pk")),
    )


def test_adjustment_confirmation_shows_before_and_after_and_writes_nothing(client, world):
    line = builders.quota(world.unit, 10)
    builders.staff(line, 2)
    builders.permit(line, 3)
    services.region_total_set(
        region=world.region,
        establishment_type=EstablishmentType.PUBLIC,
        total=30,
        document=builders.document(world.unit),
        actor=system_actor(),
        reason="上级核定",
    )
    before = counts()
    data = adjustment_data(world.unit, -4, kind="decrease", summary="核减编制")
    response = post(client, world, "staffing:adjustment_add", data)
    assert response.status_code == 200
    assert counts() == before
    preview = response.context["preview"]
    [shown] = preview.lines
    assert (shown.before.approved, shown.after.approved) == (10, 6)
    assert (shown.before.vacancy, shown.after.vacancy) == (8, 4)
    assert (shown.before.available, shown.after.available) == (5, 1)
    [headroom] = preview.headroom
    assert (headroom.total, headroom.before, headroom.after) == (30, 20, 24)
    # 单位, 类型, 核定前, 调整数, 核定后, 实有, 已核准未使用, 空编前/后, 超编前/后, 可用前/后
    assert row_starting(response, world.unit.full_name) == [
        world.unit.full_name,
        PUBLIC_FULL,
        *["10", "-4", "6", "2", "3", "8", "4", "0", "0", "5", "1"],
    ]
    assert row_starting(response, "事业编制") == ["事业编制", "30", "10", "6", "20", "24"]
    html = response.content.decode()
    assert re.search(r'name="confirm" value="1"[^>]*>.*确认调整</button>', html)
    assert 'name="lines-0-delta" value="-4"' in html

    response = post(client, world, "staffing:adjustment_add", {**data, "confirm": "1"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.approved == 6
    adjustment = Adjustment.objects.latest("pk")
    assert response.url == adjustment.get_absolute_url()
    assert adjustment.applied_by == world.users["office_staff"]


def test_going_back_from_the_confirmation_keeps_the_data(client, world):
    builders.quota(world.unit, 2)
    data = adjustment_data(world.unit, 3, edit="1")
    response = post(client, world, "staffing:adjustment_add", data)
    assert response.status_code == 200
    assert "preview" not in response.context
    assert response.context["form"].lines.forms[0]["delta"].value() == "3"


def test_adjustment_above_the_region_total_is_refused_in_chinese(client, world):
    builders.quota(world.unit, 8)
    services.region_total_set(
        region=world.region,
        establishment_type=EstablishmentType.PUBLIC,
        total=10,
        document=builders.document(world.unit),
        actor=system_actor(),
        reason="上级核定",
    )
    before = counts()
    data = adjustment_data(world.unit, 5, kind="increase")
    preview = post(client, world, "staffing:adjustment_add", data)
    assert preview.context["preview"].headroom[0].after == -3
    response = post(client, world, "staffing:adjustment_add", {**data, "confirm": "1"})
    assert response.status_code == 200
    message = services.TOTAL_EXCEEDED % {
        "region": world.region.name,
        "type": "事业编制",
        "total": 10,
        "sum": 13,
        "excess": 3,
    }
    assert message in response.context["form"].non_field_errors()
    assert message in strip_tags(response.content.decode())  # "规则 N" is a link
    assert counts() == before


def test_adjustment_below_zero_is_refused_in_chinese(client, world):
    builders.quota(world.unit, 2)
    before = counts()
    data = adjustment_data(world.unit, -3, kind="decrease", confirm="1")
    response = post(client, world, "staffing:adjustment_add", data)
    assert response.status_code == 200
    message = services.BELOW_ZERO % {
        "target": f"“{world.unit.full_name}”",
        "type": PUBLIC_FULL,
        "before": 2,
        "delta": -3,
    }
    assert message in strip_tags(response.content.decode())
    assert counts() == before


def test_cutting_below_occupancy_needs_a_reason(client, world):
    line = builders.quota(world.unit, 2)
    builders.staff(line, 2)
    data = adjustment_data(world.unit, -1, kind="decrease", confirm="1")
    response = post(client, world, "staffing:adjustment_add", data)
    assert "请填写超编原因" in response.content.decode()
    data["over_establishment_reason"] = "机构合并"
    assert post(client, world, "staffing:adjustment_add", data).status_code == 302
    line.refresh_from_db()
    assert (line.approved, line.over_establishment_reason) == (1, "机构合并")


def test_an_over_establishment_records_its_measures_and_deadline(client, world):
    line = builders.quota(world.unit, 2)
    builders.staff(line, 2)
    data = adjustment_data(world.unit, -1, kind="decrease", confirm="1")
    data.update(
        over_establishment_reason="机构合并",
        over_establishment_measures="自然减员消化",
        over_establishment_deadline=day(12, 31).isoformat(),
    )
    response = post(client, world, "staffing:adjustment_add", data)
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.over_establishment_measures, line.over_establishment_deadline) == (
        "自然减员消化",
        day(12, 31),
    )
    adjustment = Adjustment.objects.latest("pk")
    assert adjustment.over_establishment_measures == "自然减员消化"
    detail = client.get(adjustment.get_absolute_url()).content.decode()
    assert "自然减员消化" in detail and f"{day(12, 31):%Y-%m-%d}" in detail


def transfer_data(world, target, out=-2, into=2, **extra):
    data = adjustment_data(world.unit, out, kind="transfer", summary="编制划转", **extra)
    data.update(
        {
            "lines-TOTAL_FORMS": "2",
            "lines-1-institution": target.pk,
            "lines-1-establishment_type": "public",
            "lines-1-funding_form": "full",
            "lines-1-delta": str(into),
        }
    )
    return data


def test_transfer_is_one_adjustment_with_a_minus_and_a_plus_line(client, world):
    builders.quota(world.unit, 5)
    target = PublicInstitutionFactory(region=world.region, full_name="示例县接收中心")
    response = post(client, world, "staffing:adjustment_add", transfer_data(world, target))
    assert [(p.before.approved, p.after.approved) for p in response.context["preview"].lines] == [
        (5, 3),
        (0, 2),
    ]
    response = post(
        client, world, "staffing:adjustment_add", transfer_data(world, target, confirm="1")
    )
    assert response.status_code == 302
    adjustment = Adjustment.objects.latest("pk")
    assert [(line.institution, line.delta) for line in adjustment.lines.all()] == [
        (world.unit, -2),
        (target, 2),
    ]


def test_transfer_needs_both_sides_and_balance(client, world):
    builders.quota(world.unit, 5)
    target = PublicInstitutionFactory(region=world.region)
    before = counts()
    one_sided = adjustment_data(world.unit, -2, kind="transfer")
    response = post(client, world, "staffing:adjustment_add", one_sided)
    assert staffing_forms.TRANSFER_NEEDS_BOTH_SIGNS in response.context["form"].non_field_errors()
    response = post(client, world, "staffing:adjustment_add", transfer_data(world, target, -2, 3))
    assert "调出 2 名，调入 3 名" in response.content.decode()
    assert counts() == before


def test_pool_reclaim_and_allocation(client, world):
    line = builders.quota(world.unit, 5)
    reclaim = adjustment_data(world.unit, -2, kind="reclaim", summary="空编收回")
    reclaim.update(
        {
            "lines-TOTAL_FORMS": "2",
            "lines-1-institution": "",
            "lines-1-establishment_type": "public",
            "lines-1-funding_form": "full",  # ignored: the pool holds quotas by type
            "lines-1-delta": "2",
        }
    )
    response = post(client, world, "staffing:adjustment_add", reclaim)
    pool = response.context["preview"].lines[1]
    assert pool.is_pool and (pool.before.approved, pool.after.approved) == (0, 2)
    assert (
        post(client, world, "staffing:adjustment_add", {**reclaim, "confirm": "1"}).status_code
        == 302
    )
    line.refresh_from_db()
    assert line.approved == 3
    totals = page(client, world, "staffing:region_totals").context["totals"]
    public = next(row for row in totals if row.establishment_type == "public")
    assert (public.approved, public.pool) == (3, 2)


def test_mixed_establishment_is_refused_on_the_line(client, world):
    data = adjustment_data(world.unit, 2)
    data["lines-0-establishment_type"] = "administrative"
    data["lines-0-funding_form"] = ""
    response = post(client, world, "staffing:adjustment_add", data)
    assert response.status_code == 200
    assert "不能核定行政编制" in response.content.decode()
    assert "preview" not in response.context


def test_adjustment_form_is_prefilled_from_the_institution(client, world):
    response = page(
        client, world, "staffing:adjustment_add", institution=world.unit.pk, kind="transfer"
    )
    form = response.context["form"]
    assert form.lines.forms[0]["institution"].value() == world.unit.pk
    assert form["kind"].value() == "transfer"
    # A unit outside the user's scope is not prefilled.
    response = page(client, world, "staffing:adjustment_add", institution=world.foreign.pk)
    assert response.context["form"].lines.forms[0]["institution"].value() is None


def test_clerk_sees_only_its_own_side_of_a_transfer(client, world):
    builders.quota(world.unit, 5)
    target = PublicInstitutionFactory(region=world.region, full_name="示例县接收中心")
    post(client, world, "staffing:adjustment_add", transfer_data(world, target, confirm="1"))
    adjustment = Adjustment.objects.latest("pk")
    response = page(client, world, "staffing:adjustment_detail", adjustment.pk, role="clerk")
    assert [line.institution for line in response.context["lines"]] == [world.unit]
    assert "示例县接收中心" not in response.content.decode()
    listing = page(client, world, "staffing:adjustment_list", role="clerk").content.decode()
    assert "示例县接收中心" not in listing


def test_adjustment_list_filters(client, world):
    builders.quota(world.unit, 5)
    builders.quota(world.sibling, 5)
    sibling_adjustment = Adjustment.objects.latest("pk")

    def shown(**params):
        response = page(client, world, "staffing:adjustment_list", **params)
        return {row.record.pk for row in response.context["table"].paginated_rows}

    assert shown(institution=world.sibling.pk) == {sibling_adjustment.pk}
    assert shown(q=sibling_adjustment.document.number) == {sibling_adjustment.pk}
    assert shown(document=sibling_adjustment.document.pk) == {sibling_adjustment.pk}
    assert len(shown(kind="initial")) == 2
    assert shown(kind="transfer") == set()
    assert shown(effective_after=day(2, 1).isoformat()) == set()


# --- permits ---------------------------------------------------------------------------------


def permit_data(line, count=2, **extra):
    today = timezone.localdate()
    return {
        "quota_line": line.pk,
        "count": str(count),
        "purpose": "examination",
        "issued_on": today.isoformat(),
        "expires_on": (today + datetime.timedelta(days=90)).isoformat(),
        "number": "",
        **extra,
    }


def test_permit_confirmation_shows_before_and_after_and_writes_nothing(client, world):
    line = builders.quota(world.unit, 10)
    builders.staff(line, 2)
    builders.permit(line, 3)
    before = UsagePermit.objects.count()
    response = post(client, world, "staffing:permit_add", permit_data(line, 4))
    assert response.status_code == 200
    assert UsagePermit.objects.count() == before
    preview = response.context["preview"]
    assert (preview.before.reserved, preview.after.reserved) == (3, 7)
    assert (preview.before.available, preview.after.available) == (5, 1)
    # 核定, 实有, 已核准未使用, 空编, 超编, 可用
    assert row_starting(response, "核准前") == ["核准前", "10", "2", "3", "8", "0", "5"]
    assert row_starting(response, "核准后") == ["核准后", "10", "2", "7", "8", "0", "1"]
    assert "确认核准</button>" in response.content.decode()

    response = post(client, world, "staffing:permit_add", {**permit_data(line, 4), "confirm": "1"})
    assert response.status_code == 302
    permit = UsagePermit.objects.latest("pk")
    # The builders' permits were issued in an earlier year: this is the first of this year.
    assert (permit.count, permit.number) == (4, f"示编用〔{timezone.localdate().year}〕第001号")
    assert response.url == permit.get_absolute_url()


def test_permit_beyond_the_available_slots_is_refused_in_chinese(client, world):
    line = builders.quota(world.unit, 3)
    builders.staff(line, 2)
    before = UsagePermit.objects.count()
    data = permit_data(line, 2, confirm="1")
    response = post(client, world, "staffing:permit_add", data)
    assert response.status_code == 200
    assert "可用编制不足（规则 2）" in strip_tags(response.content.decode())
    assert "可用 1 名，不能核准 2 名" in response.content.decode()
    assert UsagePermit.objects.count() == before


def test_permit_form_is_prefilled_from_the_line_or_the_institution(client, world):
    line = builders.quota(world.unit, 3)
    response = page(client, world, "staffing:permit_add", quota_line=line.pk)
    assert response.context["form"]["quota_line"].value() == line.pk
    response = page(client, world, "staffing:permit_add", institution=world.unit.pk)
    assert response.context["form"]["quota_line"].value() == line.pk


def test_permit_list_shows_use_and_filters(client, world):
    line = builders.quota(world.unit, 10)
    used = builders.permit(line, 3)
    builders.enter(builders.person(world.region, "李明"), line, used)
    other = builders.permit(builders.quota(world.sibling, 4), 1)
    services.permit_cancel(permit=other, actor=system_actor(), reason="注销")
    response = page(client, world, "staffing:permit_list", quota_line=line.pk)
    shown = {row.record.pk: row.record for row in response.context["table"].paginated_rows}
    assert (shown[used.pk].used, shown[used.pk].remaining) == (1, 2)
    assert set(shown) == {used.pk, UsagePermit.objects.filter(quota_line=line).last().pk}
    assert row_starting(response, used.number)[3:6] == ["3", "1", "2"]
    cancelled = page(client, world, "staffing:permit_list", status=PermitStatus.CANCELLED)
    assert [row.record.pk for row in cancelled.context["table"].paginated_rows] == [other.pk]


def test_permit_detail_lists_its_people_with_masked_id_numbers(client, world):
    line = builders.quota(world.unit, 5)
    permit = builders.permit(line, 2)
    record = builders.enter(builders.person(world.region, "孙丽", male=False), line, permit)
    html = page(client, world, "staffing:permit_detail", permit.pk).content.decode()
    assert "孙丽" in html
    assert record.person.masked_id_number in html
    assert record.person.id_number not in html


def test_cancelling_a_closed_permit_is_refused(client, world):
    permit = builders.permit(builders.quota(world.unit, 3), 1)
    services.permit_cancel(permit=permit, actor=system_actor(), reason="注销")
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("staffing:permit_cancel", args=[permit.pk]), {"reason": "再注销"}
    )
    assert response.status_code == 200
    assert "不能再注销或过期" in response.content.decode()


# --- leadership quotas and region totals -----------------------------------------------------


def test_leadership_set_changes_an_existing_quota_and_is_refused_below_holders(client, world):
    line = builders.quota(world.unit, 5)
    quota = builders.leadership_quota(world.unit, PostKind.UNIT_DEPUTY, 2)
    builders.appoint(builders.enter(builders.person(world.region), line).person, quota)
    response = page(client, world, "staffing:leadership_set", quota=quota.pk)
    assert response.context["form"]["approved"].value() == 2
    data = {
        "institution": world.unit.pk,
        "department": "",
        "post_kind": PostKind.UNIT_DEPUTY,
        "post_title": "",
        "approved": "0",
        "document": builders.document(world.unit).number,
        "reason": "核减领导职数",
    }
    response = post(client, world, "staffing:leadership_set", data)
    assert response.status_code == 200
    assert "现有占职数在任 1 人" in response.content.decode()
    response = post(client, world, "staffing:leadership_set", {**data, "approved": "3"})
    assert response.status_code == 302
    quota.refresh_from_db()
    assert quota.approved == 3


def test_department_post_needs_a_department_of_the_institution(client, world):
    other = DepartmentFactory(institution=world.sibling)
    data = {
        "institution": world.unit.pk,
        "department": other.pk,
        "post_kind": PostKind.DEPARTMENT_HEAD,
        "post_title": "",
        "approved": "1",
        "document": builders.document(world.unit).number,
        "reason": "核定",
    }
    response = post(client, world, "staffing:leadership_set", data)
    assert response.status_code == 200
    assert "所选内设机构不属于该机构" in response.content.decode()


def test_leadership_list_flags_over_appointment(client, world):
    line = builders.quota(world.unit, 5)
    quota = builders.leadership_quota(world.unit, PostKind.UNIT_HEAD, 1)
    over_document = builders.document(world.unit)
    for name in ["甲", "乙"]:
        person = builders.enter(builders.person(world.region, name), line).person
        builders.appoint(person, quota, over_quota_document=over_document)
    response = page(client, world, "staffing:leadership_list", staffing="over")
    [row] = response.context["table"].paginated_rows
    assert (row.record.filled, row.record.excess) == (2, 1)
    totals = page(client, world, "staffing:region_totals")
    assert list(totals.context["over_leadership"]) == [quota]


def test_region_totals_page_figures(client, world):
    line = builders.quota(world.unit, 10)
    builders.staff(line, 2)
    builders.permit(line, 3)
    services.region_total_set(
        region=world.region,
        establishment_type=EstablishmentType.PUBLIC,
        total=30,
        document=builders.document(world.unit),
        actor=system_actor(),
        reason="上级核定",
    )
    response = page(client, world, "staffing:region_totals", role="partner")
    # 类型, 控制总数, 核定合计, 周转池, 人才专项编制 (核定 / 实有), 尚可核定, 实有, 已核准未使用,
    # 空编, 超编
    assert row_starting(response, "事业编制") == [
        "事业编制",
        "30",
        "10",
        "0",
        "0 / 0",
        "20",
        "2",
        "3",
        "8",
        "0",
    ]
    assert row_starting(response, "行政编制")[1] == "未设定"
    assert reverse("staffing:region_total_set") not in response.content.decode()


def test_region_total_below_what_is_handed_out_is_refused(client, world):
    builders.quota(world.sibling, 8)
    data = {
        "region": world.region.pk,
        "establishment_type": "administrative",
        "total": "5",
        "document": builders.document(world.sibling).number,
        "reason": "上级核定",
    }
    response = post(client, world, "staffing:region_total_set", data)
    assert response.status_code == 200
    assert "超出 3 名" in response.content.decode()
    assert not world.region.totals.exists()


def test_region_totals_query_count_does_not_grow(client, world):
    def add_units(count):
        for _ in range(count):
            institution = PublicInstitutionFactory(region=world.region)
            builders.staff(builders.quota(institution, 2), 2)
            cut(institution, -1, "机构合并")  # over-established: listed on the page

    client.force_login(world.users["office_staff"])
    url = reverse("staffing:region_totals")
    add_units(1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_units(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["over_established"]) == 6
    assert len(many) == len(few)
