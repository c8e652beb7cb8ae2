"""What every benchmark script shares: Django set-up, timing, peak memory, and the JSON result
(figures, machine, date, commit) written to ``benchmarks/results/``."""

import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup_django() -> None:
    """Import Django with the project's settings, from any working directory."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bianzhi.settings")
    import django

    django.setup()


def development_id_keys() -> dict[str, str]:
    """The ID-number keys (``BIANZHI_ID_KEY``, ``BIANZHI_ID_INDEX_KEY``) of development mode, which
    ``generate_city`` (run with DEBUG=1) encrypted the city's numbers with: a benchmark in
    production mode must read them with the same keys."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'BIANZHI_ID_KEY': settings.ID_KEY, "
        "'BIANZHI_ID_INDEX_KEY': settings.ID_INDEX_KEY}))"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("BIANZHI_ID_")
    }
    environment.update(DEBUG="1", DJANGO_SETTINGS_MODULE="bianzhi.settings")
    environment.pop("SECRET_KEY", None)
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> dict:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0.5, 0.95, 0.99) by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def stopwatch():
    """``with stopwatch() as elapsed: ...`` then ``elapsed()`` gives the seconds taken."""
    started = time.perf_counter()
    finished = None

    def elapsed() -> float:
        return (finished or time.perf_counter()) - started

    try:
        yield elapsed
    finally:
        finished = time.perf_counter()


def in_child(function: Callable[[], dict]) -> dict:
    """Run ``function`` in a forked child so its peak memory is its own, and return its figures
    with ``peak_rss_mb`` added."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        figures = function()
        figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
        with os.fdopen(write_end, "w") as pipe:
            json.dump(figures, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(payload)


def print_table(title: str, headers: list[str], rows: list[list]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def write_result(name: str, figures: dict) -> Path:
    """Write ``benchmarks/results/<name>-<timestamp>.json`` and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    path = RESULTS / f"{name}-{now:%Y%m%dT%H%M%S}.json"
    payload = {
        "benchmark": name,
        "date": now.isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "figures": figures,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nresult: {path.relative_to(ROOT)}")
    return path
