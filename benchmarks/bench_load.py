"""Load test (issue 7): gunicorn with 2 workers on loopback and PostgreSQL, 20 logged-in users
for 60 s over a mix of the measured pages and change-request submissions; then a check that no
quota line is over-allocated. The task worker runs beside the server, as in a deployment (it
keeps region figures warm); ``--no-worker`` measures without it.

    DATABASE_URL=postgres://…/bz_city python benchmarks/bench_load.py [--users 20 --seconds 60]

Users: office staff browse the region pages and approve what the units submitted; unit clerks
browse their unit and, every few requests, draft a 用编申请 (permit request) for one vacancy of
their unit and submit it. Approval issues the permit in one transaction that locks the line, so
two clerks or two approvals racing for the last vacancy cannot both win (rule 2). A client of
our own (a bounded thread pool over urllib) is enough: no locust needed. Only 127.0.0.1, bounded
in users and seconds.
"""

import argparse
import datetime
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, percentile, print_table, setup_django, write_result
from benchmarks.loadclient import HOST, Browser, Stats

PORT = int(os.environ.get("BENCH_PORT", "8104"))
MAX_USERS = 50
MAX_SECONDS = 300
P95_TARGET_MS = 500
THINK_SECONDS = [1.0, 3.0]


def beijing_today() -> datetime.date:
    """The server's idea of today (timezone.localdate()), without Django in the client."""
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()


def _request_pk(location):
    match = re.search(r"/requests/(\d+)/", location or "")
    return int(match.group(1)) if match else None


def think(rng, deadline):
    """A user reads the page before the next click (like locust's ``between(1, 3)``)."""
    time.sleep(max(0.0, min(rng.uniform(*THINK_SECONDS), deadline - time.monotonic())))


def clerk_session(browser, plan, deadline, rng, stats):
    pages = plan["pages"]
    while time.monotonic() < deadline:
        if rng.random() < 0.25 and plan["lines"]:
            submit_permit_request(browser, plan, rng, stats)
        else:
            browser.request(rng.choice(pages), label=None)
        think(rng, deadline)


def submit_permit_request(browser, plan, rng, stats):
    """Draft a 用编申请 for one slot of the unit's line, add it, submit it."""
    status, fields, _ = browser.form("/people/requests/add/", "request_add")
    fields.update(
        kind="permit",
        occurred_on=beijing_today().isoformat(),
        reason="负载测试：申请使用空编一名",
    )
    status, _, location = browser.request("/people/requests/add/", fields, label="request_add")
    pk = _request_pk(location)
    if status != 302 or pk is None:
        stats.count("request_not_created")
        return
    item_path = f"/people/requests/{pk}/items/add/"
    _, fields, _ = browser.form(item_path, "request_item_add")
    fields.update(
        quota_line=str(rng.choice(plan["lines"])),
        count="1",
        purpose="examination",
        posts="专业技术岗位一名",
        fill_method="examination",
    )
    status, _, _ = browser.request(item_path, fields, label="request_item_add")
    if status != 302:
        stats.count("item_refused")
        return
    submit_path = f"/people/requests/{pk}/submit/"
    _, fields, _ = browser.form(submit_path, "request_submit")
    status, _, _ = browser.request(submit_path, fields, label="request_submit")
    stats.count("submitted" if status == 302 else "submit_refused")


def staff_session(browser, plan, deadline, rng, stats):
    while time.monotonic() < deadline:
        if rng.random() < 0.2:
            approve_one(browser, plan, stats)
        else:
            browser.request(rng.choice(plan["pages"]))
        think(rng, deadline)


def approve_one(browser, plan, stats):
    _, text, _ = browser.request(
        "/people/requests/?state=submitted&kind=permit", label="request_list"
    )
    pks = re.findall(r'href="/people/requests/(\d+)/"', text)
    if not pks:
        return
    path = f"/people/requests/{pks[0]}/approve/"
    status, fields, _ = browser.form(path, "request_approve")
    if status != 200 or not fields:
        return
    fields["document"] = plan["document"]
    status, _, _ = browser.request(path, fields, label="request_approve")
    stats.count("approved" if status == 302 else "approval_refused")


def plans(users: int) -> list[tuple[str, dict]]:
    """(username, plan) for each simulated user: a third office staff, the rest clerks of the
    units with the most vacancies (so their permit requests can be approved)."""
    from django.db.models import F

    from bianzhi.access import Role
    from orgs.models import ApprovalDocument, UserScope
    from sampledata.citygen.pages import city_pages
    from staffing.models import QuotaLine
    from staffing.selectors import with_figures

    accounts, pages = city_pages()
    staff_pages = [p.url for p in pages if p.role == "staff"]
    lines = (
        with_figures(QuotaLine.objects.all())
        .filter(available__gt=0)
        .order_by(-F("available"), "pk")
        .values_list("pk", "institution_id")
    )
    by_unit: dict[int, list[int]] = {}
    for pk, institution_id in lines[:2000]:
        by_unit.setdefault(institution_id, []).append(pk)
    staff_count = max(1, users // 3)
    document = ApprovalDocument.objects.filter(region=accounts["staff"].scope.region).first()
    staff_plan = {"role": "staff", "pages": staff_pages, "document": document.number}
    result = [(accounts["staff"].username, staff_plan)] * staff_count
    clerks = UserScope.objects.filter(
        role=Role.CLERK, institution_id__in=list(by_unit)
    ).select_related("user")
    for scope in clerks.order_by("institution_id")[: users - staff_count]:
        unit = scope.institution_id
        unit_pages = [
            "/people/?" + urllib.parse.urlencode({"institution": unit}),
            f"/institutions/{unit}/",
            f"/staffing/institutions/{unit}/",
            "/people/tasks/",
            "/people/requests/",
        ]
        result.append(
            (scope.user.username, {"role": "clerk", "pages": unit_pages, "lines": by_unit[unit]})
        )
    return result


def over_allocated() -> dict:
    """Lines whose permits reserve more than their vacancy, and undocumented over-establishment."""
    from staffing.models import QuotaLine
    from staffing.selectors import with_figures

    lines = with_figures(QuotaLine.objects.all())
    return {
        "negative_available_lines": lines.filter(available__lt=0, over=0).count(),
        "undocumented_over_lines": lines.filter(over__gt=0, over_establishment_reason="").count(),
    }


def server_environment() -> dict:
    from django.conf import settings

    return dict(
        os.environ,
        DEBUG="0",
        HTTPS="0",
        ALLOWED_HOSTS=HOST,
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 50),
        # The keys the generated city's ID numbers were encrypted with (this process's).
        BIANZHI_ID_KEY=settings.ID_KEY,
        BIANZHI_ID_INDEX_KEY=settings.ID_INDEX_KEY,
    )


def start_worker() -> subprocess.Popen:
    """The task worker a deployment runs beside the server: it keeps region figures warm."""
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "db_worker"],
        cwd=ROOT,
        env=server_environment(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )


def start_server(workers: int, threads: int) -> subprocess.Popen:
    env = server_environment()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bianzhi.wsgi",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK_SECONDS,
        metavar=("MIN", "MAX"),
        help="seconds a user waits between requests (0 0: none, a stress test)",
    )
    parser.add_argument(
        "--no-worker", action="store_true", help="without the task worker that warms figures"
    )
    args = parser.parse_args()
    THINK_SECONDS[:] = args.think
    users, seconds = min(args.users, MAX_USERS), min(args.seconds, MAX_SECONDS)
    setup_django()
    from sampledata.citygen import PASSWORD

    before = over_allocated()
    accounts = plans(users)
    server = start_server(args.workers, args.threads)
    processes = [server] if args.no_worker else [server, start_worker()]
    stats = Stats()
    try:
        browsers = []
        for index, (username, plan) in enumerate(accounts):
            browser = Browser(stats, PORT)
            browser.login(username, PASSWORD)
            browsers.append((browser, plan, random.Random(index)))
        stats.recording = True
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=staff_session if plan["role"] == "staff" else clerk_session,
                args=(browser, plan, deadline, rng, stats),
                daemon=True,
            )
            for browser, plan, rng in browsers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
        stats.recording = False
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    after = over_allocated()
    times = stats.times
    figures = {
        "users": len(accounts),
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "task_worker": not args.no_worker,
        "think_seconds": list(THINK_SECONDS),
        "requests": len(times),
        "requests_per_second": round(len(times) / elapsed, 1),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p99_ms": round(percentile(times, 0.99), 1),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:20],
        "events": stats.events,
        "over_allocation_before": before,
        "over_allocation_after": after,
        "p95_target_ms": P95_TARGET_MS,
        "meets_target": percentile(times, 0.95) <= P95_TARGET_MS
        and not stats.errors
        and not after["negative_available_lines"]
        and not after["undocumented_over_lines"],
        "by_page": {
            label: {
                "n": len(v),
                "p50_ms": round(percentile(v, 0.5), 1),
                "p95_ms": round(percentile(v, 0.95), 1),
            }
            for label, v in sorted(stats.by_label.items())
        },
    }
    print_table(
        "Load test",
        ["users", "seconds", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
        [
            [
                figures[k]
                for k in (
                    "users",
                    "seconds",
                    "requests",
                    "requests_per_second",
                    "p50_ms",
                    "p95_ms",
                    "p99_ms",
                    "errors",
                )
            ]
        ],
    )
    print_table(
        "By page",
        ["page", "n", "p50 ms", "p95 ms"],
        [[label, v["n"], v["p50_ms"], v["p95_ms"]] for label, v in figures["by_page"].items()],
    )
    print(f"\nevents: {stats.events}")
    print(f"over-allocation before: {before}, after: {after}")
    write_result("load", figures)


if __name__ == "__main__":
    main()
