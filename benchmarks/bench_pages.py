"""Page speed on the generated city (issue 7): p50/p95 server time and query count of each
measured page, as the city's office staff and as the clerk of its largest unit.

    DATABASE_URL=postgres://…/bz_city python benchmarks/bench_pages.py [--repeat 20]

Needs the city generated first (``python manage.py generate_city``). Runs in production mode
(DEBUG=0) with the Django test client in-process, so the time is the server's: URL routing,
middleware, views, queries and templates, no network. Targets: p95 ≤ 300 ms for every page and
the region overview ≤ 1 s; the pages of cached region figures are also measured cold (``*_cold``:
the cache cleared before each request, as on the first read after a change), where they sum over
every unit like the overview and share its 1 s. The query count must not depend on the data size
(the guard in tests/citygen checks that).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    development_id_keys,
    percentile,
    print_table,
    setup_django,
    write_result,
)

TARGET_MS = 300
OVERVIEW_TARGET_MS = 1000
# Pages of cached region figures, measured warm and cold.
CACHED_PAGES = {
    "region_overview",
    "region_overview_duplicates",
    "region_overview_breaches",
    "region_overview_charts",
    "region_totals",
    "retirement_forecast",
    "funding",
    "funding_last_year",
}


def production_environment() -> None:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("HTTPS", "0")
    for key, value in development_id_keys().items():
        os.environ.setdefault(key, value)


def target_of(name: str) -> int:
    """The overview, and any page of region figures computed afresh, sums over every unit of
    the city: the issue's 1 s for the region overview; every other page 300 ms."""
    if name.startswith("region_overview") or name.endswith("_cold"):
        return OVERVIEW_TARGET_MS
    return TARGET_MS


def timed_requests(client, url: str, repeat: int, before=None) -> list[float]:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(page, name: str, status: int, queries: int, times: list[float]) -> dict:
    p95 = percentile(times, 0.95)
    return {
        "page": name,
        "role": page.role,
        "url": page.url,
        "status": status,
        "queries": queries,
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(p95, 1),
        "target_ms": target_of(name),
        "meets_target": p95 <= target_of(name),
    }


def measure(repeat: int, warmup: int, only: str = "") -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from sampledata.citygen.pages import QueryCounter, city_pages

    users, pages = city_pages()
    if only:
        pages = [page for page in pages if any(part in page.name for part in only.split(","))]
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    rows = []
    for page in pages:
        client = clients[page.role]
        for _ in range(warmup):
            client.get(page.url)
        with QueryCounter(connection) as queries:
            response = client.get(page.url)
        assert response.status_code in (200, 302), (page, response.status_code)
        measured = [(page.name, timed_requests(client, page.url, repeat), queries.count)]
        if page.name in CACHED_PAGES:
            # The first read after any change to the data behind it computes every figure afresh.
            cache.clear()
            with QueryCounter(connection) as cold_queries:
                client.get(page.url)
            cold = timed_requests(client, page.url, max(repeat // 2, 5), before=cache.clear)
            measured.append((f"{page.name}_cold", cold, cold_queries.count))
        for name, times, count in measured:
            rows.append(row(page, name, response.status_code, count, times))
            print(f"  {page.role:5} {name:28} p95 {rows[-1]['p95_ms']:7.1f} ms  {count} queries")
    return rows


def login_page_floor(repeat: int) -> float:
    """p50 of the anonymous login page: the cost of any request on this machine right now."""
    from django.test import Client

    client = Client()
    client.get("/login/")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get("/login/")
        times.append((time.perf_counter() - started) * 1000)
    return round(percentile(times, 0.5), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--only", default="", help="only the pages whose name has one of these (comma-separated)"
    )
    args = parser.parse_args()
    production_environment()
    setup_django()
    from django.db import connection

    from orgs.models import Institution
    from people.models import EstablishmentRecord

    load_before = os.getloadavg()
    floor = login_page_floor(args.repeat)
    rows = measure(args.repeat, args.warmup, args.only)
    load_after = os.getloadavg()
    headers = ["role", "page", "queries", "p50 ms", "p95 ms", "target", "ok"]
    table = [
        [
            r["role"],
            r["page"],
            r["queries"],
            r["p50_ms"],
            r["p95_ms"],
            r["target_ms"],
            "yes" if r["meets_target"] else "NO",
        ]
        for r in rows
    ]
    print_table("Pages on the generated city", headers, table)
    print(
        f"\nfloor (login page p50): {floor} ms; load average {load_before[0]:.1f} → {load_after[0]:.1f}"
    )
    write_result(
        "pages",
        {
            "database": connection.vendor,
            "institutions": Institution.objects.count(),
            "records": EstablishmentRecord.objects.count(),
            "repeat": args.repeat,
            # The machine is shared: its load and a trivial page's time put the figures in scale.
            "load_average_before": [round(v, 2) for v in load_before],
            "load_average_after": [round(v, 2) for v in load_after],
            "floor_login_page_p50_ms": floor,
            "pages": rows,
            "all_targets_met": all(r["meets_target"] for r in rows),
        },
    )


if __name__ == "__main__":
    main()
