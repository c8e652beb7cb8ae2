"""How long the task worker takes to render a certificate's PDF (both copies, from the sealed
snapshot, then encrypted for storage, as certificates.rendering does), with CPU time beside the
wall clock (a shared machine's load shows in the wall clock only; the CPU time is the worker's and
its PDF engine process's), and the peak memory of the worker and of its PDF engine process, for the
largest units of the loaded database and for synthetic rosters of 250 and 1,000 people (a large
city hospital). Each run is a fresh process that first renders a one-person certificate, as a
worker whose engine has loaded its fonts would have. Nothing is written to the database.

    DATABASE_URL=... .venv/bin/python benchmarks/certificate_pdf.py [--units 3] [--rows 250 1000]

On the generated city (``DATABASE_URL=.../bz_city``, run under ``nice -n -15``) the first
unit is the city's largest (issue 21: ≤ 2 s in the worker for about 250 people). The 1-minute
load average before and after each run stands beside its figures.

Targets (issue 16): ≤ 2 s for 250 people and ≤ 150 MB peak for 1,000.
"""

import argparse
import copy
import os
import time

from common import in_child, print_table, setup_django, stopwatch, write_result

COLUMNS = ["unit", "roster", "pages", "snapshot_s", "render_s", "render_cpu_s", "pdf_kb"]
TARGET_SECONDS_250 = 2.0


def load() -> float:
    return round(os.getloadavg()[0], 2)


def measured(function) -> dict:
    """``function``'s figures from a child of its own, with the load before and after."""
    before = load()
    figures = in_child(function)
    figures["load_average"] = f"{before}/{load()}"
    return figures


def _certificate(institution, snapshot):
    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.sealing import seal

    return Certificate(
        institution=institution,
        region=institution.region,
        year=timezone.localdate().year,
        serial=1,
        number="示编证〔2026〕第0001号",
        edition=1,
        issued_on=timezone.localdate(),
        issuing_office="示例县机构编制委员会办公室",
        snapshot=seal(snapshot),
        code="BENCH234",
    )


def _resized(snapshot: dict, rows: int) -> dict:
    base = snapshot["roster"] or [{"no": 1, "name": "示例", "id_number": "", "type": ""}]
    resized = dict(snapshot)
    resized["roster"] = [{**copy.deepcopy(base[i % len(base)]), "no": i + 1} for i in range(rows)]
    return resized


def measure(institution_id: int, rows: int | None) -> dict:
    from bianzhi.pdf import renderer
    from certificates import printing, sealing
    from certificates.snapshot import unit_snapshot
    from orgs.models import Institution

    institution = Institution.objects.get(pk=institution_id)
    with stopwatch() as snapshot_time:
        snapshot = unit_snapshot(institution, full_id_numbers=True)
    printing.certificate_pdf(_certificate(institution, _resized(snapshot, 1)))  # fonts loaded
    if rows:
        snapshot = _resized(snapshot, rows)
    certificate = _certificate(institution, snapshot)
    pages = []
    engine_cpu = renderer.engine_figures()["engine_cpu_s"]
    cpu = time.process_time()
    with stopwatch() as render_time:
        data, _ = printing.certificate_pdf(certificate, progress=pages.append)
        sealing.seal_pdf(data)
    worker_cpu = time.process_time() - cpu
    figures = renderer.engine_figures()
    renderer.shutdown()
    return {
        "unit": institution.full_name,
        "roster": len(snapshot["roster"]),
        "pages": pages[-1] if pages else 0,
        "snapshot_s": round(snapshot_time(), 3),
        "render_s": round(render_time(), 2),
        "render_cpu_s": round(worker_cpu + figures["engine_cpu_s"] - engine_cpu, 2),
        "pdf_kb": round(len(data) / 1024),
        "engine_peak_rss_mb": figures["engine_peak_rss_mb"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=3)
    parser.add_argument("--rows", type=int, nargs="*", default=[250, 1000])
    args = parser.parse_args()
    setup_django()
    from django.db.models import Count, Q

    from orgs.models import Institution

    largest = list(
        Institution.objects.filter(status="active")
        .annotate(n=Count("quota_lines__records", filter=Q(quota_lines__records__status="active")))
        .order_by("-n")
        .values_list("pk", flat=True)[: args.units]
    )
    if not largest:
        raise SystemExit("数据库中没有机构：请先运行 manage.py load_demo。")
    results = [measured(lambda pk=pk: measure(pk, None)) for pk in largest]
    results += [measured(lambda n=n: measure(largest[0], n)) for n in args.rows]
    headers = [*COLUMNS, "peak_rss_mb", "engine_peak_rss_mb", "load_average"]
    print_table(
        "Certificate PDF rendered by the task (two copies, sealed for storage)",
        headers,
        [[r[k] for k in headers] for r in results],
    )
    largest_run = results[0]
    per_250 = largest_run["render_s"] * 250 / max(largest_run["roster"], 1)
    print(
        f"largest unit: {largest_run['roster']} people, {largest_run['pages']} pages, "
        f"{largest_run['render_s']} s (≈ {per_250:.2f} s per 250 people; "
        f"target ≤ {TARGET_SECONDS_250} s), load {largest_run['load_average']}"
    )
    write_result(
        "certificate_pdf",
        {
            "runs": results,
            "largest_unit_seconds_per_250": round(per_250, 2),
            "within_target": per_250 <= TARGET_SECONDS_250,
        },
    )


if __name__ == "__main__":
    main()
