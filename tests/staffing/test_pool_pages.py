"""The pages of rules 26 and 27 for each role: the pools with lent out, due back and overdue; a
pool's loans and history; borrowing and taking back slots; talent special quotas and permits on
them; the unit page showing both read-only to its clerk; the region totals' separate column."""

import datetime

import pytest
from django.urls import reverse

from bianzhi import ledgers
from staffing import services
from staffing.choices import AdjustmentKind, EstablishmentType, PoolPurpose
from staffing.models import PoolBalance, PoolLoan, SpecialQuota, UsagePermit
from staffing.pools import LOAN_BEYOND_POOL, loan_lend
from staffing.services import LineChange
from staffing.special_quotas import SPECIAL_PERMIT_SHORT, special_quota_grant
from tests.kit import builders
from tests.kit.clock import TODAY, day
from tests.kit.factories import PublicInstitutionFactory
from tests.kit.writes import nothing_written
from tests.ledgers.read import read

pytestmark = pytest.mark.django_db

PUBLIC = EstablishmentType.PUBLIC
OFFICE = ["office_admin", "office_staff"]


def pool_of(region, purpose, count):
    services.adjustment_apply(
        region=region,
        kind=AdjustmentKind.RECLAIM,
        summary="空编收回",
        document=builders.document(region=region),
        effective_on=day(1, 1),
        lines=[LineChange(PUBLIC, count, pool_purpose=purpose)],
        actor=builders.system_actor(),
    )
    return PoolBalance.objects.get(region=region, establishment_type=PUBLIC, purpose=purpose)


@pytest.fixture
def scene(world):
    """本单位: 2 slots, both filled; a loan of 1 from the talent pool, past due; a special
    quota of 1 from the 统筹编制 pool."""
    line = builders.quota(world.unit, 2)
    builders.staff(line, 2)
    talent = pool_of(world.region, PoolPurpose.TALENT, 3)
    general = pool_of(world.region, PoolPurpose.GENERAL, 2)
    loan = loan_lend(
        pool=talent,
        institution=world.unit,
        funding_form=line.funding_form,
        count=1,
        purpose="引进临床医学博士",
        document=builders.document(world.unit),
        lent_on=day(3, 1),
        due_on=day(6, 30),
        returns_on_leave=True,
        actor=builders.system_actor(),
    )
    special = special_quota_grant(
        quota_line=line,
        source=general,
        count=1,
        talent="小麦育种博士",
        document=builders.document(world.unit),
        approved_on=day(4, 1),
        actor=builders.system_actor(),
    )
    return {"line": line, "talent": talent, "general": general, "loan": loan, "special": special}


def urls(scene) -> list[str]:
    return [
        reverse("staffing:pool_list"),
        reverse("staffing:pool_detail", args=[scene["talent"].pk]),
        reverse("staffing:loan_list"),
        reverse("staffing:loan_add"),
        reverse("staffing:loan_return", args=[scene["loan"].pk]),
        reverse("staffing:special_quota_list"),
        reverse("staffing:special_quota_add"),
        reverse("staffing:special_permit_add", args=[scene["special"].pk]),
    ]


def test_anonymous_users_are_sent_to_log_in(client, scene):
    for url in urls(scene):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("office_admin", [200] * 8),
        ("office_staff", [200] * 8),
        ("partner", [200, 200, 200, 403, 403, 200, 403, 403]),
        ("reviewer", [403, 403, 200, 403, 403, 200, 403, 403]),
        ("clerk", [403, 403, 200, 403, 403, 200, 403, 403]),
    ],
)
def test_who_opens_what(client, world, scene, role, expected):
    client.force_login(world.users[role])
    assert [client.get(url).status_code for url in urls(scene)] == expected


def test_the_pool_page_shows_balance_lent_out_and_overdue(client, world, scene):
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("staffing:pool_list"))
    rows = {pool.purpose: figures for pool, figures in response.context["rows"]}
    assert scene["talent"].balance == 3
    assert (rows[PoolPurpose.TALENT].lent_out, rows[PoolPurpose.TALENT].overdue) == (1, 1)
    assert rows[PoolPurpose.GENERAL].special == 1
    assert response.context["overdue"].paginator.count == 1
    html = response.content.decode()
    assert "引进临床医学博士" in html and reverse("staffing:loan_add") in html
    assert reverse("staffing:pool_list") in html  # reachable from the menu


def test_a_pool_page_lists_its_loans_and_history(client, world, scene):
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("staffing:pool_detail", args=[scene["talent"].pk]))
    html = response.content.decode()
    assert "引进临床医学博士" in html and "周转池借用" in html and "空编收回" in html
    assert reverse("staffing:loan_return", args=[scene["loan"].pk]) in html
    found = client.get(
        reverse("staffing:pool_detail", args=[scene["talent"].pk]), {"q": "没有这个"}
    )
    assert found.context["loans"].paginator.count == 0


def test_a_pool_of_another_region_is_not_found(client, world, scene):
    foreign = pool_of(world.other_region, PoolPurpose.TALENT, 1)
    client.force_login(world.users["office_staff"])
    assert client.get(reverse("staffing:pool_detail", args=[foreign.pk])).status_code == 404


def loan_data(world, scene, count):
    return {
        "pool": scene["talent"].pk,
        "institution": world.unit.pk,
        "funding_form": scene["line"].funding_form,
        "count": count,
        "purpose": "引进数据分析人才",
        "document": builders.document(region=world.region).number,
        "lent_on": TODAY.isoformat(),
        "returns_on_leave": "on",
        "due_on": (TODAY + datetime.timedelta(days=365)).isoformat(),
    }


def test_the_office_borrows_and_is_refused_beyond_the_pool(client, world, scene):
    client.force_login(world.users["office_staff"])
    with nothing_written():
        refused = client.post(reverse("staffing:loan_add"), loan_data(world, scene, 3))
    assert refused.status_code == 200
    pool = PoolBalance.objects.get(pk=scene["talent"].pk)
    message = LOAN_BEYOND_POOL % {"pool": pool, "balance": 2, "count": 3}
    assert message.split("（规则")[0] in refused.content.decode()  # the citation is a link
    done = client.post(reverse("staffing:loan_add"), loan_data(world, scene, 2))
    assert done.status_code == 302
    assert PoolLoan.objects.count() == 2


def test_the_office_takes_back_an_overdue_loan_after_confirming(client, world, scene):
    url = reverse("staffing:loan_return", args=[scene["loan"].pk])
    client.force_login(world.users["clerk"])
    assert client.post(url, {"count": 1}).status_code == 403
    client.force_login(world.users["office_staff"])
    assert "确认收回" in client.get(url).content.decode()
    response = client.post(url, {"count": 1})
    assert response.status_code == 302
    assert scene["loan"].returns.get().count == 1
    assert PoolBalance.objects.get(pk=scene["talent"].pk).balance == 3


def test_the_office_approves_a_special_quota_and_a_permit_on_it(client, world, scene):
    client.force_login(world.users["office_staff"])
    response = client.post(
        reverse("staffing:special_quota_add"),
        {
            "quota_line": scene["line"].pk,
            "talent": "花生育种博士",
            "count": 1,
            "source": scene["general"].pk,
            "document": builders.document(region=world.region).number,
            "approved_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    special = SpecialQuota.objects.get(talent="花生育种博士")
    url = reverse("staffing:special_permit_add", args=[special.pk])
    permit = {
        "count": 2,
        "issued_on": TODAY.isoformat(),
        "expires_on": (TODAY + datetime.timedelta(days=90)).isoformat(),
    }
    with nothing_written():
        refused = client.post(url, permit)
    message = SPECIAL_PERMIT_SHORT % {
        "talent": "花生育种博士",
        "in_force": 1,
        "holders": 0,
        "reserved": 0,
        "available": 1,
        "count": 2,
    }
    assert message.split("（规则")[0] in refused.content.decode()
    assert client.post(url, {**permit, "count": 1}).status_code == 302
    assert UsagePermit.objects.get(special_quota=special).count == 1


def test_the_clerk_sees_its_loans_and_special_quotas_read_only(client, world, scene):
    client.force_login(world.users["clerk"])
    html = client.get(
        reverse("staffing:institution_establishment", args=[world.unit.pk])
    ).content.decode()
    assert "小麦育种博士" in html and "引进临床医学博士" in html
    assert reverse("staffing:special_permit_add", args=[scene["special"].pk]) not in html
    listed = client.get(reverse("staffing:special_quota_list"))
    assert [row.record.pk for row in listed.context["table"].paginated_rows] == [
        scene["special"].pk
    ]
    assert reverse("staffing:special_permit_add", args=[scene["special"].pk]) not in (
        listed.content.decode()
    )


def test_the_region_totals_show_special_quotas_apart(client, world, scene):
    client.force_login(world.users["office_staff"])
    response = client.get(reverse("staffing:region_totals"))
    public = next(row for row in response.context["totals"] if row.establishment_type == PUBLIC)
    assert (public.approved, public.occupied, public.special) == (3, 2, 1)
    assert reverse("staffing:special_quota_list") in response.content.decode()


# --- ledgers ------------------------------------------------------------------------------------


def export(tmp_path, kind, user):
    path = tmp_path / f"{kind}.xlsx"
    ledgers.write_ledger(ledgers.get(kind), user=user, params={}, target=str(path))
    return read(path)


def test_the_pool_ledger_lists_each_loan_with_its_return_rule_and_state(world, scene, tmp_path):
    sheet = export(tmp_path, "pool_loans", world.users["office_staff"])
    assert sheet.headers() == [
        "序号", "周转池", "单位", "编制类型", "用途", "借出数", "借出日期", "归还条件", "到期日",
        "已归还", "状态",
    ]  # fmt: skip
    assert sheet.column("周转池") == ["急需紧缺人才周转池"]
    assert sheet.column("状态") == ["逾期未还"]
    assert "人走编回" in sheet.column("归还条件")[0]
    assert not ledgers.get("pool_loans").missing_table_columns()
    other = PublicInstitutionFactory(region=world.region, full_name="示例县另一单位")
    builders.quota(other, 1)
    assert export(tmp_path, "pool_loans", world.users["clerk"]).column("借出数") == [1]


def test_the_special_quota_ledger_shows_its_own_figures(world, scene, tmp_path):
    sheet = export(tmp_path, "special_quotas", world.users["office_staff"])
    assert sheet.column("引进人才及领域") == ["小麦育种博士"]
    assert (sheet.column("专项编制核定"), sheet.column("专项编制实有")) == ([1], [0])
    assert not ledgers.get("special_quotas").missing_table_columns()


def test_the_institutions_ledger_shows_special_quotas_apart(world, scene, tmp_path):
    sheet = export(tmp_path, "institutions", world.users["office_staff"])
    unit = next(row for row in sheet.data() if row[1] == world.unit.full_name)
    figures = dict(zip(sheet.headers(), unit, strict=True))
    assert (figures["专编核定"], figures["专编实有"]) == (1, 0)
    assert unit[21:25] == [3, 2, 1, 0]  # 事业编制（全额拨款） 核定 实有 空编 超编: the loan counts
