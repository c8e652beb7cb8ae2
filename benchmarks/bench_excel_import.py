"""Roster import (人员信息采集表) at county and city scale against a CSV-read floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bz_imports_bench \
        .venv/bin/python benchmarks/bench_excel_import.py [--sizes 20000 188000]

For each size it builds the institutions and quota lines the roster needs (bulk, outside the
timing), writes a roster workbook in the ledger's layout and the same rows as CSV, then times in
separate child processes (so each peak memory is its own):

- ``csv floor``: reading the CSV rows with the csv module (the least any import must spend);
- ``validate``: ``roster_import(dry_run=True)`` — hostile-file checks, header matching, every
  row checked, the database look-ups;
- ``validate + write``: the full import, rolled back at the end so the next run starts empty.

The database is created if missing and migrated. Results go to benchmarks/results/.
"""

import argparse
import csv
import datetime
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bz_imports_bench"
PEOPLE_PER_UNIT = 28


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare_units(count: int) -> list[str]:
    """``count`` public institutions, each with a 事业编制（全额拨款） line of 30 (bulk, with
    history, so the setup takes seconds; the import itself is what is measured)."""
    from simple_history.utils import bulk_create_with_history

    from bianzhi.history import system_actor
    from orgs.models import Institution, Region
    from staffing.models import QuotaLine

    actor = system_actor()
    region, _ = Region.objects.get_or_create(
        code="990999", defaults={"name": "基准市", "level": "city"}
    )
    names = [f"基准市第{i + 1:05d}事业单位" for i in range(count)]
    existing = set(
        Institution.objects.filter(region=region, full_name__in=names).values_list(
            "full_name", flat=True
        )
    )
    missing = [
        Institution(
            full_name=name,
            region=region,
            kind="public",
            system="other",
            category="subordinate_public",
            level="unit",
            public_service_class="class_one",
        )
        for name in names
        if name not in existing
    ]
    created = bulk_create_with_history(
        missing, Institution, 2000, default_user=actor, default_change_reason="基准数据"
    )
    lines = [
        QuotaLine(institution=i, establishment_type="public", funding_form="full", approved=30)
        for i in created
    ]
    bulk_create_with_history(
        lines, QuotaLine, 2000, default_user=actor, default_change_reason="基准数据"
    )
    return names


def roster_rows(size: int, units: list[str]):
    from people.idnumbers import check_character

    for serial in range(size):
        birth = datetime.date(1965 + serial % 35, 1 + serial % 12, 1 + serial % 28)
        first17 = f"{110101 + serial // 20000:06d}{birth:%Y%m%d}{serial % 1000:03d}"
        yield {
            "序号": serial + 1,
            "单位": units[serial // PEOPLE_PER_UNIT % len(units)],
            "内设机构": None,
            "姓名": f"人员{serial}",
            "性别": None,
            "民族": "汉族",
            "身份证号": first17 + check_character(first17),
            "出生日期": None,
            "政治面貌": "群众",
            "人员类别": "非领导人员",
            "编制类型": "事业编制",
            "经费形式": "全额拨款",
            "岗位类别": "专业技术岗位",
            "职务": "职员",
            "进入方式": "事业单位招聘",
            "入编时间": datetime.date(2000 + serial % 25, 9, 1),
            "入编文号": None,
            "参加工作时间": datetime.date(2000 + serial % 25, 7, 1),
            "学历": "大学本科",
            "学位": "学士",
            "职称": "中级",
            "备注": None,
        }


def write_files(size: int, units: list[str], folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from people.imports.roster_format import HEADERS

    # ID numbers must be unique: vary the region prefix and the sequence with the serial.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("实名制人员花名册")
    sheet.append(["基准市实名制人员花名册"])
    sheet.append(["行政区划：基准市", None, None, None, "截至日期：2026-12-01"])
    sheet.append(HEADERS)
    csv_path = folder / f"roster-{size}.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in roster_rows(size, units):
            values = [row[h] for h in HEADERS]
            sheet.append(values)
            writer.writerow(["" if v is None else v for v in values])
    xlsx_path = folder / f"roster-{size}.xlsx"
    book.save(xlsx_path)
    return xlsx_path, csv_path


def csv_floor(path: Path) -> dict:
    with common.stopwatch() as elapsed, open(path, newline="", encoding="utf-8") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    return {"seconds": round(elapsed(), 2), "rows": rows}


def import_run(path: Path, dry_run: bool) -> dict:
    from django.db import transaction

    from bianzhi.excel.safety import Limits
    from bianzhi.history import system_actor
    from people.imports.roster import roster_import

    class RollBack(Exception):
        pass

    actor = system_actor()
    figures = {}
    try:
        with transaction.atomic():
            with common.stopwatch() as elapsed, open(path, "rb") as handle:
                result = roster_import(
                    file=handle, actor=actor, dry_run=dry_run, limits=Limits.command()
                )
            figures = {
                "seconds": round(elapsed(), 2),
                "rows": result.rows,
                "errors": len(result.errors),
                "first_errors": result.error_lines()[:3],
                "written": result.written,
                "notices": len(result.notices),
            }
            raise RollBack
    except RollBack:
        pass
    return figures


def prepare_files(size: int, folder: Path) -> dict:
    units = prepare_units(-(-size // PEOPLE_PER_UNIT))
    with common.stopwatch() as made:
        xlsx_path, csv_path = write_files(size, units, folder)
    return {"xlsx": str(xlsx_path), "csv": str(csv_path), "seconds": round(made())}


def child(function, *args):
    from django.db import connections

    connections.close_all()

    def run():
        figures = function(*args)
        connections.close_all()
        return figures

    return common.in_child(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 188_000])
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    ensure_database(os.environ["DATABASE_URL"])
    common.setup_django()
    from django.conf import settings
    from django.core.management import call_command

    # As in production: with DEBUG on, Django keeps every bulk INSERT's SQL in memory.
    settings.DEBUG = False

    call_command("migrate", verbosity=0)
    results, table = {}, []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            # Prepared in a child too: a forked child starts at its parent's resident size.
            prepared = child(prepare_files, size, Path(folder))
            xlsx_path, csv_path = Path(prepared["xlsx"]), Path(prepared["csv"])
            print(
                f"{size} rows: workbook {xlsx_path.stat().st_size / 2**20:.1f} MB "
                f"written in {prepared['seconds']} s",
                flush=True,
            )
            runs = {
                "csv floor": child(csv_floor, csv_path),
                "validate": child(import_run, xlsx_path, True),
                "validate + write": child(import_run, xlsx_path, False),
            }
            results[str(size)] = {
                "workbook_mb": round(xlsx_path.stat().st_size / 2**20, 1),
                **runs,
            }
            for name, figures in runs.items():
                rate = round(size / figures["seconds"]) if figures.get("seconds") else ""
                table.append(
                    [
                        size,
                        name,
                        figures.get("seconds"),
                        rate,
                        figures.get("peak_rss_mb"),
                        figures.get("errors", ""),
                    ]
                )
                print(name, figures, flush=True)
    common.print_table(
        "roster import (人员信息采集表)",
        ["rows", "run", "seconds", "rows/s", "peak MB", "errors"],
        table,
    )
    common.write_result("excel_import", results)


if __name__ == "__main__":
    main()
