"""How long the frozen snapshot and the PDF of a certificate take, and the peak memory, for the
largest units of the loaded database and for a synthetic roster of 1,000 people (a large city
hospital). Nothing is written to the database.

    DATABASE_URL=... .venv/bin/python benchmarks/certificate_pdf.py [--units 3] [--rows 1000]
"""

import argparse
import copy

from common import in_child, print_table, setup_django, stopwatch, write_result


def measure(institution_id: int, rows: int | None) -> dict:
    from django.utils import timezone

    from certificates import printing
    from certificates.models import Certificate
    from certificates.snapshot import unit_snapshot
    from orgs.models import Institution

    institution = Institution.objects.get(pk=institution_id)
    with stopwatch() as snapshot_time:
        snapshot = unit_snapshot(institution, full_id_numbers=True)
    if rows:
        base = snapshot["roster"] or [{"no": 1, "name": "示例", "id_number": "", "type": ""}]
        snapshot["roster"] = [
            {**copy.deepcopy(base[i % len(base)]), "no": i + 1} for i in range(rows)
        ]
    certificate = Certificate(
        institution=institution,
        region=institution.region,
        year=timezone.localdate().year,
        serial=1,
        number="示编证〔2026〕第0001号",
        edition=1,
        issued_on=timezone.localdate(),
        issuing_office="示例县机构编制委员会办公室",
        snapshot=snapshot,
        code="BENCH234",
    )
    printing.certificate_pdf(certificate)  # warm up fonts, as a running server would be
    with stopwatch() as pdf_time:
        data, _ = printing.certificate_pdf(certificate)
    return {
        "unit": institution.full_name,
        "roster": len(snapshot["roster"]),
        "snapshot_s": round(snapshot_time(), 3),
        "pdf_s": round(pdf_time(), 2),
        "pdf_kb": round(len(data) / 1024),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1000)
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
    results = [in_child(lambda pk=pk: measure(pk, None)) for pk in largest]
    results.append(in_child(lambda: measure(largest[0], args.rows)))
    print_table(
        "Certificate snapshot and PDF (two copies)",
        ["unit", "roster", "snapshot_s", "pdf_s", "pdf_kb", "peak_rss_mb"],
        [
            [r[k] for k in ("unit", "roster", "snapshot_s", "pdf_s", "pdf_kb", "peak_rss_mb")]
            for r in results
        ],
    )
    write_result("certificate_pdf", {"runs": results})


if __name__ == "__main__":
    main()
