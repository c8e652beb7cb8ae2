"""``generate_city``: the whole city, region by region, in one transaction per region."""

import datetime
import random
import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from bianzhi.access import Role
from orgs.models import Region, UserScope

from .bulk import HistoryWriter, create
from .hospitals import HospitalBuilder
from .lines import plan_lines
from .names import CITY, COUNTIES, UNITS_PER_COUNTY
from .plans import add_plans
from .pools import PoolBuilder
from .quotas import EstablishmentBuilder
from .requests import RequestBuilder
from .schools import SchoolBuilder
from .staff import StaffBuilder
from .tree import TreeBuilder

REASON = "生成示例市规模测试数据"
PASSWORD = "city-demo-2026"
ALREADY_GENERATED = "区划 %(code)s 已存在，不能重复生成示例市；请使用空数据库或另一个市级区划代码。"


class CityExists(Exception):
    pass


def generate_city(
    *,
    institutions: int,
    people: int,
    seed: int,
    actor,
    today=None,
    city_code: str = CITY[0],
    log=print,
) -> dict:
    """Build the city: about ``institutions`` units and exactly ``people`` people in post.
    Deterministic for a seed and a day. ``city_code`` (a city-level code, ``????00``) lets a
    second city share the database, as the query-count guard does. Returns counts and seconds."""
    today = today or timezone.localdate()
    if Region.objects.filter(code__startswith=city_code[:4]).exists():
        raise CityExists(ALREADY_GENERATED % {"code": city_code})
    started = time.perf_counter()
    rng = random.Random(seed)
    history = HistoryWriter(actor=actor, reason=REASON)
    tree = TreeBuilder(rng, history, city_code)
    counties = max(1, min(len(COUNTIES), round(institutions / UNITS_PER_COUNTY) - 1))
    with transaction.atomic():
        city, below = tree.regions(counties)
        history.flush()
    regions = [city, *below]
    # The city level keeps a smaller share than a county; counties split the rest.
    share = institutions / (counties + 0.5)
    unit_counts = [round(share * 0.5)] + [round(share)] * counties
    unit_counts[-1] += institutions - sum(unit_counts)
    people_share = [count / institutions for count in unit_counts]
    people_counts = [round(people * s) for s in people_share]
    people_counts[-1] += people - sum(people_counts)
    establishment = EstablishmentBuilder(rng, history, tree, actor, today)
    staffing = StaffBuilder(
        rng, history, tree, actor, today, career_rng=random.Random(f"careers-{seed}")
    )
    requests = RequestBuilder(rng, history, today)
    # Their own streams, so schools and hospitals leave the rest of the city as the seed made it.
    schools = SchoolBuilder(random.Random(f"schools-{seed}"), history, today)
    hospitals = HospitalBuilder(
        random.Random(f"hospitals-{seed}"), history, tree, staffing.maker, today
    )
    pools = PoolBuilder(rng, history, tree, actor, today, staffing._permit_number)
    password = make_password(PASSWORD)
    totals = Counter()
    for region, unit_count, people_count in zip(regions, unit_counts, people_counts, strict=True):
        region_started = time.perf_counter()
        with transaction.atomic():
            units = tree.save_units(region, tree.county(region, unit_count))
            lines = plan_lines(rng, units, people_count)
            establishment.build(region, lines)
            totals["schools"] += schools.build(region, lines)
            seated = staffing.build(region, lines, establishment.quotas)
            clerks, staff = _accounts(region, units, password, history)
            requests.build(seated, clerks, staff)
            totals.update(hospitals.build(region, units, lines))
            history.flush()
            totals.update(pools.build(region, lines))
        totals["institutions"] += len(units)
        totals["people_in_post"] += sum(line.occupied for line in lines)
        log(
            f"  {region.name}: {len(units)} 个机构, {sum(line.occupied for line in lines)} 名在编人员, "
            f"{time.perf_counter() - region_started:.1f} 秒"
        )
    with transaction.atomic():
        _city_accounts(city, password, history)
        history.flush()
    totals["plan_lines"] = add_plans(regions=regions, rng=rng, actor=actor, today=today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    totals["history_rows"] = history.written
    totals["seconds"] = round(time.perf_counter() - started, 1)
    return dict(totals)


def _user(username, password, name, **extra):
    return get_user_model()(username=username, password=password, first_name=name, **extra)


def _accounts(region: Region, units, password, history):
    """One clerk per unit (clerk<region code><serial>), one office staff per region."""
    User = get_user_model()
    staff = _user(f"staff{region.code}", password, f"{region.name}编办工作人员")
    clerks = [
        _user(
            f"clerk{region.code}{index:04d}",
            password,
            f"{unit.institution.short_name or unit.institution.full_name[:20]}经办人",
        )
        for index, unit in enumerate(units, start=1)
    ]
    User.objects.bulk_create([staff, *clerks], batch_size=5000)
    scopes = [UserScope(user=staff, role=Role.OFFICE_STAFF, region=region)] + [
        UserScope(user=clerk, role=Role.CLERK, institution=unit.institution)
        for clerk, unit in zip(clerks, units, strict=True)
    ]
    create(UserScope, scopes, history=history, day=datetime.date(2020, 1, 1))
    by_institution = {unit.institution.pk: clerk for unit, clerk in zip(units, clerks, strict=True)}
    return by_institution, staff


def _city_accounts(city: Region, password, history) -> None:
    User = get_user_model()
    suffix = "" if city.code == CITY[0] else city.code
    users = [
        _user(f"cityadmin{suffix}", password, "示例市编办管理员", is_staff=True),
        _user(f"citystaff{suffix}", password, "示例市编办工作人员"),
        _user(f"citypartner{suffix}", password, "示例市财政局查询人员"),
    ]
    User.objects.bulk_create(users)
    roles = (Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.PARTNER)
    scopes = [UserScope(user=u, role=r, region=city) for u, r in zip(users, roles, strict=True)]
    create(UserScope, scopes, history=history, day=datetime.date(2020, 1, 1))
