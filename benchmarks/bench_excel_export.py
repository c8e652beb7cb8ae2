"""Roster export (实名制人员花名册) at county and city scale against a plain-CSV floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_ledgers_bench \\
        .venv/bin/python benchmarks/bench_excel_export.py --make-rows 188000

For each size (20,000 and 188,000 rows by default) it writes, each in a forked child so that the
peak memory is its own:

- the roster ledger through ``bianzhi.ledgers.write_ledger`` (XlsxWriter ``constant_memory``);
- a plain CSV of the same cells from the same query (the floor: query + the same column values).

``--make-rows N`` first bulk-creates synthetic institutions, quota lines, people and records in
the database DATABASE_URL points at, if it holds fewer than N records: only for a scratch
database (plain ``bulk_create``, no history rows). The first 20,000 records sit under one parent
institution, so the 20,000-row run is the same ledger filtered by institution subtree.
Target: the roster export within 12 × the CSV floor and under 150 MB peak memory at 188,000 rows.
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


def office_admin():
    from orgs.management.commands.export_ledger import office_admin_of
    from orgs.models import Region

    return office_admin_of(Region.objects.get(code=BENCH_REGION))


def params_for(size: int) -> dict:
    from orgs.models import Institution

    if size <= SMALL:
        return {"under": str(Institution.objects.get(full_name="基准甲局").pk)}
    return {}


def run_excel(size: int, out: Path) -> dict:
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


def run_csv(size: int, out: Path) -> dict:
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"{SMALL},188000")
    parser.add_argument("--make-rows", type=int, default=0, help="bulk-create N rows first")
    args = parser.parse_args()
    setup_django()
    from django.db import connection, connections

    connections.close_all()  # each child opens its own connection
    if args.make_rows:
        # In a child of its own: a forked child starts at its parent's resident size, so
        # building 188,000 rows here would count towards every peak measured below.
        in_child(lambda: make_rows(args.make_rows) or {})
        connections.close_all()
    sizes = [int(size) for size in args.sizes.split(",")]
    figures, table = {"database": connection.vendor}, []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            csv_figures = in_child(lambda size=size: run_csv(size, Path(scratch) / "roster.csv"))
            excel = in_child(lambda size=size: run_excel(size, Path(scratch) / "roster.xlsx"))
            ratio = round(excel["seconds"] / max(csv_figures["seconds"], 0.001), 1)
            cpu_ratio = round(excel["cpu_seconds"] / max(csv_figures["cpu_seconds"], 0.001), 1)
            figures[str(size)] = {
                "xlsx": excel,
                "csv": csv_figures,
                "ratio": ratio,
                "cpu_ratio": cpu_ratio,
                "load_average": os.getloadavg()[0],
            }
            table.append(
                [
                    excel["rows"],
                    csv_figures["seconds"],
                    csv_figures["peak_rss_mb"],
                    excel["seconds"],
                    excel["peak_rss_mb"],
                    excel["mb"],
                    ratio,
                    cpu_ratio,
                    round(os.getloadavg()[0], 1),
                ]
            )
    print_table(
        f"roster export ({connection.vendor}, {os.cpu_count()} cpus)",
        [
            "rows",
            "csv s",
            "csv MB peak",
            "xlsx s",
            "xlsx MB peak",
            "xlsx file MB",
            "xlsx/csv",
            "cpu xlsx/csv",
            "load",
        ],
        table,
    )
    write_result("excel_export", figures)


if __name__ == "__main__":
    main()
