"""空编收回 scan (rule 25) on the generated city.

    DATABASE_URL=postgres://…/bz_city_copy DEBUG=1 \\
        .venv/bin/python benchmarks/bench_reclaim_scan.py [--repeat 3] [--keep]

Needs the city generated first (``python manage.py generate_city``) and migrated with the
reclaims app. Measures, over every quota line of the database:

- the first scan, which proposes every vacancy that stands or exceeds the share (bulk writes
  with history), and its queries;
- a rescan that changes nothing (the daily job on an ordinary day), ``--repeat`` times;

then rolls everything back unless ``--keep``. Target: the daily rescan of a city (about 6,700
units, 7,800 lines, 188,000 people) within 5 s and a constant number of queries.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import peak_rss_mb, print_table, setup_django, stopwatch, write_result


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the proposals written")
    args = parser.parse_args()
    setup_django()

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bianzhi.history import system_actor
    from orgs.models import Institution
    from people.models import EstablishmentRecord
    from reclaims.detection import reclaims_scan
    from staffing.models import QuotaLine

    today = timezone.localdate()
    actor = system_actor()
    figures = {
        "institutions": Institution.objects.count(),
        "quota_lines": QuotaLine.objects.count(),
        "records": EstablishmentRecord.objects.count(),
    }
    rows = []
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries, stopwatch() as elapsed:
                first = reclaims_scan(today=today, actor=actor)
            figures["first_scan_seconds"] = round(elapsed(), 3)
            figures["first_scan_queries"] = len(queries)
            figures["proposed"] = len(first.created)
            rows.append(
                ["首次检查", figures["first_scan_seconds"], len(queries), len(first.created)]
            )
            times = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries, stopwatch() as elapsed:
                    again = reclaims_scan(today=today, actor=actor)
                times.append(elapsed())
                rows.append(["重复检查", round(elapsed(), 3), len(queries), len(again.created)])
            figures["rescan_seconds_median"] = round(statistics.median(times), 3)
            figures["rescan_queries"] = len(queries)
            if not args.keep:
                raise Rollback
    except Rollback:
        pass
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print_table(
        f"空编收回检查：{figures['institutions']} 个机构，{figures['quota_lines']} 条编制，"
        f"{figures['records']} 条占编记录",
        ["检查", "秒", "查询数", "新增建议"],
        rows,
    )
    print(f"峰值内存 {figures['peak_rss_mb']} MB")
    print(f"结果：{write_result('reclaim_scan', figures)}")


if __name__ == "__main__":
    main()
