"""The web and task workers' side of the PDF engine: one engine process per worker process
(``bianzhi.pdf.engine``), started on first use and fed one document at a time. A crash of the
engine fails that document, not the worker; the next document starts a fresh engine."""

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from .engine import WARM_UP, Rendered

PDF_ENGINE_MISSING = (
    "无法生成 PDF：未能加载 PDF 引擎 WeasyPrint（%(error)s）。请在服务器上执行 "
    "“pip install 'weasyprint>=70,<71'”，并安装系统软件包 libpango-1.0-0、libpangoft2-1.0-0、"
    "libharfbuzz-subset0、中文字体 fonts-noto-cjk 和 fonts-dejavu-core（Debian/Ubuntu：apt-get "
    "install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk "
    "fonts-dejavu-core），然后重启服务。"
)
PDF_ENGINE_CRASHED = "PDF 引擎进程意外退出，本次生成失败；请重试，如仍失败请联系系统管理员。"
PDF_ENGINE_ERROR = "PDF 生成出错（%(error)s），请联系系统管理员。"
# A fresh engine now and then returns the memory a long run of documents fragments.
DOCUMENTS_PER_ENGINE = 200
PROJECT_ROOT = Path(__file__).resolve().parents[2]

__all__ = ["PdfEngineFailed", "PdfEngineMissing", "Rendered", "engine_problem", "render"]


class PdfEngineFailed(RuntimeError):
    pass


class PdfEngineMissing(PdfEngineFailed):
    pass


class _Engine:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bianzhi.pdf.engine"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=PROJECT_ROOT,
        )
        self.pid = os.getpid()
        self.documents = 0
        self.rendered = False  # has laid out a document: the engine loads

    def ask(self, html: str, base_url: str | None):
        self.documents += 1
        pickle.dump((html, base_url), self.process.stdin)
        self.process.stdin.flush()
        return pickle.load(self.process.stdout)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


_lock = threading.Lock()
_engine: _Engine | None = None
_figures = {"peak_rss_kib": 0, "cpu_seconds": 0.0}


def _current() -> _Engine:
    global _engine
    # A forked worker (gunicorn, the benchmarks) must not share its parent's engine.
    if _engine is None or _engine.pid != os.getpid() or _engine.documents >= DOCUMENTS_PER_ENGINE:
        if _engine is not None and _engine.pid == os.getpid():
            _engine.close()
        _engine = _Engine()
    return _engine


def render(html: str, base_url: str | None = None) -> Rendered:
    """``html`` as PDF, laid out in the engine process; one document at a time per worker."""
    global _engine
    with _lock:
        engine = _current()
        try:
            outcome, value = engine.ask(html, base_url)
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            engine.process.kill()
            _engine = None
            raise PdfEngineFailed(PDF_ENGINE_CRASHED) from error
    if outcome == "missing":
        raise PdfEngineMissing(PDF_ENGINE_MISSING % {"error": value})
    if outcome == "error":
        raise PdfEngineFailed(PDF_ENGINE_ERROR % {"error": value})
    rendered = Rendered(*value)
    engine.rendered = True
    _figures["peak_rss_kib"] = max(_figures["peak_rss_kib"], rendered.peak_rss_kib)
    _figures["cpu_seconds"] += rendered.cpu_seconds
    return rendered


def engine_problem() -> str | None:
    """What to install when the engine cannot load, or None when it renders. Once an engine of
    this worker has rendered, the pages asking need not wait for another test document."""
    engine = _engine
    if engine is not None and engine.pid == os.getpid() and engine.rendered:
        return None
    try:
        render(WARM_UP)
    except PdfEngineMissing as error:
        return str(error)
    return None


def shutdown() -> None:
    """Stop this worker's engine process (a new one starts with the next document)."""
    global _engine
    with _lock:
        if _engine is not None and _engine.pid == os.getpid():
            _engine.close()
        _engine = None


def engine_figures() -> dict:
    """What this worker's engines reported: peak memory (MB) and CPU time (s) of all documents."""
    return {
        "engine_peak_rss_mb": round(_figures["peak_rss_kib"] / 1024, 1),
        "engine_cpu_s": round(_figures["cpu_seconds"], 2),
    }
