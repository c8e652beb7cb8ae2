"""The PDF engine process: WeasyPrint and its fonts live here, never in a web or task worker.

Started by ``bianzhi.pdf.renderer`` as ``python -m bianzhi.pdf.engine``; it imports neither Django
nor the project's apps, so it holds only the engine (about 110 MB with the CJK font) and the
document being laid out, and the worker keeps its own memory whatever the size of the document.
It reads (html, base_url) requests from stdin and answers each on stdout, both pickled, until stdin
closes: when its worker ends or dies, so does the engine.
"""

import os
import pickle
import resource
import sys
import time
from dataclasses import dataclass
from functools import cache

WARM_UP = "<p style=\"font-family: 'Noto Serif CJK SC', serif\">示例 1</p>"


class EngineMissing(Exception):
    """WeasyPrint or its system libraries cannot be loaded; the message says why."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    pages: int
    # For the benchmark: the engine's CPU time for this document, and its peak memory so far.
    cpu_seconds: float
    peak_rss_kib: int


@cache
def _weasyprint():
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:
        raise EngineMissing(str(error)) from None
    # Building a FontConfiguration reads every font on the machine: one per process.
    return weasyprint, FontConfiguration()


def render(html: str, base_url: str | None = None) -> Rendered:
    """One HTML document as PDF. The document carries no dates: the same HTML gives the same
    bytes."""
    started = time.process_time()
    weasyprint, fonts = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url).render(font_config=fonts)
    pages = len(document.pages)
    data = document.write_pdf()
    return Rendered(
        data,
        pages,
        time.process_time() - started,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


def _answer(html: str, base_url: str | None) -> tuple:
    """Plain values only: run as ``__main__``, this module's classes would not unpickle."""
    try:
        rendered = render(html, base_url)
        return "ok", (rendered.data, rendered.pages, rendered.cpu_seconds, rendered.peak_rss_kib)
    except EngineMissing as error:
        return "missing", str(error)
    except Exception as error:  # the worker reports it; the engine keeps serving
        return "error", f"{type(error).__name__}: {error}"


def _answers_channel():
    """The pipe to the worker, kept for answers alone: anything else written to standard output,
    by Python or by a C library, goes to standard error instead of corrupting the answers."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    return answers


def serve(requests=None, answers=None) -> None:
    requests = requests or sys.stdin.buffer
    answers = answers or _answers_channel()
    try:
        _weasyprint()
        render(WARM_UP)  # the CJK font loaded before the first real document needs it
    except EngineMissing:
        pass  # said in the answer to every request
    while True:
        try:
            html, base_url = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(_answer(html, base_url), answers)
        answers.flush()


if __name__ == "__main__":
    serve()
