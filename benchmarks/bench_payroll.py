"""工资统发核对 (rules 43–45) of a whole city's payroll.

    DATABASE_URL=postgres://…/payroll_city DEBUG=1 \\
        .venv/bin/python benchmarks/bench_payroll.py [--format csv xlsx] [--keep]

Needs the generated city (``python manage.py generate_city``) migrated with the payroll app (a
copy: the benchmark writes). Builds last month's payroll of the city's root region from the
registry on the month's last day — about 188,000 rows — with deliberate mismatches of every kind
(``--each`` rows of each: left out, unknown ID numbers, another unit, another funding form,
people who exited before the month), writes it as CSV and as .xlsx, then reconciles each file as
the task worker does (``payroll.jobs.execute``: read and check every row, load the registry, one
pass, findings stored in bulk) and checks that every deliberate mismatch was found. Rolls the
findings back unless ``--keep``. Target: each run within 60 s, a constant number of queries
(not counting the progress writes, one per ``IMPORT_PROGRESS_EVERY_ROWS`` rows).
"""

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import peak_rss_mb, print_table, setup_django, stopwatch, write_result

TARGET_SECONDS = 60
HEADERS = ["姓名", "身份证号", "单位", "编制类型", "经费形式", "发放金额"]


class Rollback(Exception):
    pass


def build_payroll(region, month, each: int, folder: Path) -> tuple[dict, dict]:
    """Write payroll.csv and payroll.xlsx; return the planted mismatches and the timings."""
    import xlsxwriter

    from payroll.models import month_end
    from people import idcrypto
    from people.idnumbers import check_character
    from people.models import EstablishmentRecord
    from staffing.choices import EstablishmentType, FundingForm
    from staffing.occupancy import record_held_on

    category = {
        EstablishmentType.ADMINISTRATIVE: "行政编制",
        EstablishmentType.POLITICAL_LEGAL: "政法专项编制",
        EstablishmentType.ORGAN_WORKER: "机关工勤编制",
        EstablishmentType.PUBLIC: "事业编制",
    }
    funding = {
        FundingForm.FULL: "全额拨款",
        FundingForm.PARTIAL: "差额拨款",
        FundingForm.SELF: "自收自支",
    }
    day = month_end(month)
    regions = region.subtree_ids()
    held = list(
        EstablishmentRecord.objects.filter(
            record_held_on(day), quota_line__institution__region__in=regions
        )
        .order_by("pk")
        .values_list(
            "person_id",
            "person__name",
            "person__id_number_encrypted",
            "quota_line__institution__full_name",
            "quota_line__establishment_type",
            "quota_line__funding_form",
        )
    )
    numbers = idcrypto.decrypt_many([row[2] for row in held])
    rng = random.Random(1)
    picks = rng.sample(range(len(held)), 3 * each)
    left_out, moved = set(picks[:each]), set(picks[each : 2 * each])
    public = [i for i in picks[2 * each :] if held[i][4] == EstablishmentType.PUBLIC]
    changed = set(public)
    units = sorted({row[3] for row in held})
    held_people = {row[0] for row in held}
    exited = []
    for person_id, name, token, unit, kind, form in (
        EstablishmentRecord.objects.filter(
            quota_line__institution__region__in=regions, ended_on__lt=month
        )
        .order_by("-ended_on", "pk")
        .values_list(
            "person_id",
            "person__name",
            "person__id_number_encrypted",
            "quota_line__institution__full_name",
            "quota_line__establishment_type",
            "quota_line__funding_form",
        )[: each * 3]
    ):
        if person_id not in held_people and len(exited) < each:
            held_people.add(person_id)
            exited.append((name, idcrypto.decrypt(token), unit, kind, form))
    rows = []
    for i, (_, name, _, unit, kind, form) in enumerate(held):
        if i in left_out:
            continue
        if i in moved:
            unit = units[(units.index(unit) + 1) % len(units)]
        if i in changed:
            form = FundingForm.PARTIAL if form != FundingForm.PARTIAL else FundingForm.FULL
        rows.append([name, numbers[i], unit, category[kind], funding.get(form, ""), "6300.00"])
    for name, number, unit, kind, form in exited:
        rows.append([name, number, unit, category[kind], funding.get(form, ""), "6300.00"])
    for serial in range(each):
        first17 = f"{990100 + serial % 90}{19700101 + serial % 28:08d}{serial % 1000:03d}"
        ghost = first17 + check_character(first17)
        rows.append([f"虚构{serial}", ghost, units[serial % len(units)], "行政编制", "", "5000.00"])
    csv_path = folder / "payroll.csv"
    with stopwatch() as elapsed, csv_path.open("w", encoding="utf-8-sig", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    csv_seconds = elapsed()
    with stopwatch() as elapsed:
        book = xlsxwriter.Workbook(str(folder / "payroll.xlsx"), {"constant_memory": True})
        sheet = book.add_worksheet("工资统发名单")
        sheet.write_row(0, 0, HEADERS)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)
        book.close()
    planted = {
        "not_paid": len(left_out),
        "other_unit": len(moved),
        "category": len(changed),
        "after_exit": len(exited),
        "not_in_registry": each,
    }
    return planted, {
        "payroll_rows": len(rows),
        "registry_held": len(held),
        "write_csv_seconds": round(csv_seconds, 2),
        "write_xlsx_seconds": round(elapsed(), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    parser.add_argument("--each", type=int, default=300, help="planted mismatches of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the runs and findings")
    args = parser.parse_args()
    setup_django()

    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bianzhi.access import Role
    from bianzhi.excel.safety import Limits
    from bianzhi.history import system_actor
    from orgs.models import Region
    from payroll import jobs
    from payroll.models import PayrollRun

    region = Region.objects.filter(parent__isnull=True).order_by("code").first()
    user = (
        get_user_model()
        .objects.filter(scope__role=Role.OFFICE_ADMIN, scope__region__in=region.subtree_ids())
        .order_by("scope__region__code", "pk")
        .first()
    ) or system_actor()
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    folder = Path(tempfile.mkdtemp(prefix="bench-payroll-"))
    with stopwatch() as elapsed:
        planted, figures = build_payroll(region, month, args.each, folder)
    figures.update(
        region=region.name, month=month.isoformat(), build_payroll_seconds=round(elapsed(), 1)
    )
    figures["planted"] = planted
    figures["target_seconds"] = TARGET_SECONDS
    rows = []
    for kind in args.format:
        path = folder / f"payroll.{kind}"
        figures[f"{kind}_bytes"] = path.stat().st_size
        try:
            with transaction.atomic():
                run = PayrollRun.objects.create(
                    region=region, month=month, user=user, file_name=path.name
                )
                with (
                    CaptureQueriesContext(connection) as queries,
                    stopwatch() as elapsed,
                    path.open("rb") as file,
                ):
                    result = jobs.execute(run, file, limits=Limits.web())
                seconds = elapsed()
                assert not result.errors, result.errors[:5]
                progress = sum(
                    1 for q in queries if q["sql"].startswith('UPDATE "payroll_payrollrun"')
                )
                found = dict(run.counts)
                missed = {k: n for k, n in planted.items() if found.get(k, 0) < n}
                figures[kind] = {
                    "seconds": round(seconds, 2),
                    "queries": len(queries) - progress,
                    "progress_writes": progress,
                    "findings": found,
                    "finding_count": run.finding_count,
                    "registry_count": run.registry_count,
                    "planted_all_found": not missed,
                    "within_target": seconds <= TARGET_SECONDS,
                }
                rows.append(
                    [
                        kind,
                        round(seconds, 2),
                        len(queries) - progress,
                        run.finding_count,
                        not missed,
                    ]
                )
                if not args.keep:
                    raise Rollback
        except Rollback:
            pass
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print_table(
        f"工资统发核对：{figures['region']} {month:%Y年%m月}，工资表 {figures['payroll_rows']} 行，"
        f"在编 {figures['registry_held']} 人（目标 {TARGET_SECONDS} 秒）",
        ["文件", "秒", "查询数", "不符条数", "预置不符全部找到"],
        rows,
    )
    print(f"峰值内存 {figures['peak_rss_mb']} MB")
    print(f"结果：{write_result('payroll', figures)}")


if __name__ == "__main__":
    main()
