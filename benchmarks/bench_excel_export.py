"""Roster export (实名制人员花名册) at county and city scale against two floors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_ledgers_bench \\
        .venv/bin/python benchmarks/bench_excel_export.py --make-rows 188000
    DATABASE_URL=postgres://root@127.0.0.1:5432/bz_city \\
        nice -n -15 .venv/bin/python benchmarks/bench_excel_export.py --region 990100

For each size (20,000 and 188,000 synthetic rows by default; with ``--region`` the whole roster
of that region and its subtree, e.g. the generated city), each in a forked child so that the
peak memory is its own:

- the database floor: the ledger's own query (``Prepared.query``) copied out of the database as
  CSV (``COPY (...) TO STDOUT``, what ``psql \\copy`` does) into a file;
- the Python floor: a plain CSV of the same cells from the same query through ``csv.writer``
  (query + the same column values, ID numbers decrypted);
- the roster ledger through ``bianzhi.ledgers.write_ledger`` (XlsxWriter ``constant_memory``).

``--make-rows N`` first bulk-creates synthetic institutions, quota lines, people and records in
the database DATABASE_URL points at, if it holds fewer than N records: only for a scratch
database (plain ``bulk_create``, no history rows). The first 20,000 records sit under one parent
institution, so the 20,000-row run is the same ledger filtered by institution subtree. Nothing
else is written. The 1-minute load average is recorded before and after every run.
Target (issue 21): the roster export within 8 × the database floor measured in the same run and
under 150 MB peak memory at 188,000 rows.
"""

import argparse
import csv
import datetime
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import in_child, print_table, setup_django, stopwatch, write_result

BENCH_REGION = "990800"
SMALL = 20_000
PER_INSTITUTION = 40
BATCH = 5_000


def make_rows(target: int) -> None:
    from django.db import transaction

    from orgs.choices import Category, InstitutionKind, Level, RegionLevel, System
    from orgs.models import Institution, Region
    from people.idnumbers import check_character
    from people.models import EstablishmentRecord, Person
    from staffing.models import QuotaLine

    have = EstablishmentRecord.objects.filter(
        quota_line__institution__region__code=BENCH_REGION
    ).count()
    if have >= target:
        print(f"{have} synthetic records already there")
        return
    if have:
        sys.exit(f"{have} synthetic records but {target} asked: use a fresh scratch database")
    started = datetime.datetime.now()
    with transaction.atomic():
        region = Region.objects.create(code=BENCH_REGION, name="基准市", level=RegionLevel.CITY)
        common = {
            "region": region,
            "kind": InstitutionKind.PUBLIC_INSTITUTION,
            "system": System.OTHER,
            "category": Category.SUBORDINATE_INSTITUTION,
            "level": Level.DEPUTY_SECTION,
        }
        small_parent = Institution.objects.create(full_name="基准甲局", **common)
        large_parent = Institution.objects.create(full_name="基准乙局", **common)
        count = -(-target // PER_INSTITUTION)
        small_count = SMALL // PER_INSTITUTION
        institutions = Institution.objects.bulk_create(
            Institution(
                full_name=f"基准单位{index:05d}",
                parent=small_parent if index < small_count else large_parent,
                sort_order=index,
                **common,
            )
            for index in range(count)
        )
        lines = QuotaLine.objects.bulk_create(
            QuotaLine(
                institution=institution,
                establishment_type="public",
                funding_form="full",
                approved=PER_INSTITUTION,
            )
            for institution in institutions
        )
        born = datetime.date(1965, 1, 1)
        serials = itertools.count()
        for start in range(0, target, BATCH):
            people = []
            for index in range(start, min(start + BATCH, target)):
                serial = next(serials)
                birth = born + datetime.timedelta(days=serial // 900)
                first17 = f"990800{birth:%Y%m%d}{serial % 900 + 100:03d}"
                people.append(
                    Person(
                        id_number=first17 + check_character(first17),
                        name=f"职工{index:06d}",
                        sex="M" if int(first17[16]) % 2 else "F",
                        birth_date=birth,
                        region=region,
                        work_started_on=datetime.date(2000, 9, 1),
                        education="bachelor",
                        professional_title="中级",
                    )
                )
            people = Person.objects.bulk_create(people)
            EstablishmentRecord.objects.bulk_create(
                EstablishmentRecord(
                    person=person,
                    quota_line=lines[(start + offset) // PER_INSTITUTION],
                    post_category="professional",
                    job_title="专业技术人员",
                    entry_way="recruitment",
                    entry_on=datetime.date(2020, 7, 1),
                )
                for offset, person in enumerate(people)
            )
            print(f"  {start + len(people)} rows", end="\r", flush=True)
    print(f"made {target} synthetic records in {datetime.datetime.now() - started}")


TARGET_RATIO = 8
TARGET_MB = 150
# The region whose office exports (synthetic rows unless ``--region`` names another).
REGION = {"code": BENCH_REGION}


def office_admin():
    from orgs.management.commands.export_ledger import office_admin_of
    from orgs.models import Region

    return office_admin_of(Region.objects.get(code=REGION["code"]))


def params_for(size: int | None) -> dict:
    from orgs.models import Institution

    if size is not None and size <= SMALL:
        return {"under": str(Institution.objects.get(full_name="基准甲局").pk)}
    return {}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def run_copy(size: int | None, out: Path) -> dict:
    """The database floor: the ledger's query, as the database writes it out as CSV."""
    from django.db import connection, connections

    from bianzhi import ledgers

    prepared = ledgers.get("roster").prepare(office_admin(), params_for(size))
    sql, params = prepared.query.query.sql_with_params()
    cpu = time.process_time()
    with stopwatch() as elapsed, connection.cursor() as cursor, open(out, "wb") as handle:
        query = cursor.mogrify(sql, params).decode()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)", handle)
    cpu = time.process_time() - cpu
    connections.close_all()
    with open(out, "rb") as handle:
        rows = sum(1 for _ in handle) - 1
    return {
        "rows": rows,
        "seconds": round(elapsed(), 2),
        "cpu_seconds": round(cpu, 2),
        "mb": round(out.stat().st_size / 2**20, 1),
    }


def run_excel(size: int | None, out: Path) -> dict:
    from django.db import connections

    from bianzhi import ledgers

    user = office_admin()
    cpu = time.process_time()
    with stopwatch() as elapsed:
        rows = ledgers.write_ledger(
            ledgers.get("roster"), user=user, params=params_for(size), target=str(out)
        )
    cpu = time.process_time() - cpu
    connections.close_all()
    return {
        "rows": rows,
        "seconds": round(elapsed(), 2),
        "cpu_seconds": round(cpu, 2),
        "mb": round(out.stat().st_size / 2**20, 1),
    }


def run_csv(size: int | None, out: Path) -> dict:
    from django.db import connections

    from bianzhi import ledgers

    user = office_admin()
    ledger = ledgers.get("roster")
    cpu = time.process_time()
    with stopwatch() as elapsed:
        params = params_for(size)
        prepared = ledger.prepare(user, params)
        columns = ledger.columns(user, params)
        values = [column.value for column in columns]
        rows = 0
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.header for column in columns])
            for row in prepared.rows:
                writer.writerow([value(row) for value in values])
                rows += 1
    cpu = time.process_time() - cpu
    connections.close_all()
    return {
        "rows": rows,
        "seconds": round(elapsed(), 2),
        "cpu_seconds": round(cpu, 2),
        "mb": round(out.stat().st_size / 2**20, 1),
    }


def measure(size: int | None, scratch: Path) -> dict:
    """The three runs of one size, each in its own child, with the load before and after."""
    runs = {}
    for name, run, suffix in (
        ("copy", run_copy, "csv"),
        ("csv", run_csv, "csv"),
        ("xlsx", run_excel, "xlsx"),
    ):
        before = load()
        figures = in_child(lambda run=run, suffix=suffix: run(size, scratch / f"roster.{suffix}"))
        figures["load_average"] = [before, load()]
        runs[name] = figures
    xlsx = runs["xlsx"]
    return {
        **runs,
        "ratio_to_copy": round(xlsx["seconds"] / max(runs["copy"]["seconds"], 0.001), 1),
        "ratio_to_csv": round(xlsx["seconds"] / max(runs["csv"]["seconds"], 0.001), 1),
        "cpu_ratio_to_csv": round(xlsx["cpu_seconds"] / max(runs["csv"]["cpu_seconds"], 0.001), 1),
        "within_target": (
            xlsx["seconds"] <= TARGET_RATIO * runs["copy"]["seconds"]
            and xlsx["peak_rss_mb"] <= TARGET_MB
        ),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"{SMALL},188000")
    parser.add_argument("--make-rows", type=int, default=0, help="bulk-create N rows first")
    parser.add_argument(
        "--region", help="export this region's whole roster (e.g. the generated city's code)"
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection, connections

    connections.close_all()  # each child opens its own connection
    if args.make_rows:
        # In a child of its own: a forked child starts at its parent's resident size, so
        # building 188,000 rows here would count towards every peak measured below.
        in_child(lambda: make_rows(args.make_rows) or {})
        connections.close_all()
    if args.region:
        REGION["code"] = args.region
        sizes = [None]
    else:
        sizes = [int(size) for size in args.sizes.split(",")]
    figures = {"database": connection.vendor, "region": REGION["code"]}
    table = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            result = measure(size, Path(scratch))
            figures[str(result["xlsx"]["rows"])] = result
            copy, plain, xlsx = result["copy"], result["csv"], result["xlsx"]
            table.append(
                [
                    xlsx["rows"],
                    copy["seconds"],
                    plain["seconds"],
                    plain["peak_rss_mb"],
                    xlsx["seconds"],
                    xlsx["peak_rss_mb"],
                    xlsx["mb"],
                    result["ratio_to_copy"],
                    result["ratio_to_csv"],
                    "/".join(str(value) for value in xlsx["load_average"]),
                ]
            )
    print_table(
        f"roster export ({connection.vendor}, {os.cpu_count()} cpus; "
        f"target ≤ {TARGET_RATIO}× copy, ≤ {TARGET_MB} MB)",
        [
            "rows",
            "copy s",
            "csv s",
            "csv MB peak",
            "xlsx s",
            "xlsx MB peak",
            "xlsx file MB",
            "xlsx/copy",
            "xlsx/csv",
            "load before/after",
        ],
        table,
    )
    write_result("excel_export", figures)


if __name__ == "__main__":
    main()
