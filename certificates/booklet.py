"""The certificate's PDF: both copies from one layout of the inner pages.

The two copies differ only by their covers, the copy mark and the page footers, so the inner pages
are laid out once (a long roster a few pages per document, to bound the engine's memory) and a
second, light document carries the covers and, for each copy, a page of marks to lay over every
inner page. pypdf puts the pages together. Rendering the same snapshot gives the same bytes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from bianzhi.pdf import compose, renderer
from bianzhi.privacy import FULL, IdPolicy

from .choices import COPIES
from .roster_pages import roster_pages
from .selectors import print_context

# Roster pages per engine document (about 130 people): the engine stays under 150 MB.
ROSTER_PAGES_PER_RENDER = 3


@dataclass(frozen=True)
class MarkSheet:
    """A page of the marks document: a copy's cover, the marks laid over inner page ``number``,
    or the blank back side that ends a copy with an odd page count."""

    kind: str
    copy: str
    number: int | None = None


def _parts(context: dict) -> list[dict]:
    """The body documents: the roster pages in runs, the first run with the pages before the
    roster, the last with the pages after it."""
    pages = roster_pages(context["snapshot"]["roster"])
    runs = [
        pages[start : start + ROSTER_PAGES_PER_RENDER]
        for start in range(0, len(pages), ROSTER_PAGES_PER_RENDER)
    ]
    first = 0
    parts = []
    for index, run in enumerate(runs):
        parts.append(
            {
                "front": index == 0,
                "back": index == len(runs) - 1,
                "roster_pages": [
                    {"rows": rows, "first": first + offset == 0} for offset, rows in enumerate(run)
                ],
            }
        )
        first += len(run)
    return parts


def mark_sheets(inner_pages: int) -> tuple[list[MarkSheet], list[compose.Sheet]]:
    """The marks document's pages and the booklet's sheets: per copy a cover, the inner pages
    numbered from 1, and a blank back side when cover and inner pages are odd in number, so the
    next copy starts on a front side."""
    marks: list[MarkSheet] = []
    sheets: list[compose.Sheet] = []
    for copy in COPIES:
        marks.append(MarkSheet("cover", copy))
        sheets.append(compose.Sheet(len(marks) - 1))
        for number in range(1, inner_pages + 1):
            marks.append(MarkSheet("marks", copy, number))
            sheets.append(compose.Sheet(len(marks) - 1, under=number - 1))
        if (inner_pages + 1) % 2:
            marks.append(MarkSheet("blank", copy))
            sheets.append(compose.Sheet(len(marks) - 1))
    return marks, sheets


def booklet_pdf(certificate, *, policy: IdPolicy = FULL, progress=None) -> bytes:
    """``progress(pages)`` is called as the booklet's pages are laid out."""
    context = print_context(certificate, policy=policy, as_issued=True)
    context["total"] = len(context["snapshot"]["roster"])
    base_url = str(settings.BASE_DIR)
    bodies = []
    for part in _parts(context):
        html = render_to_string("certificates/certificate_pdf_body.html", {**context, **part})
        bodies.append(renderer.render(html, base_url))
        if progress is not None:
            progress(len(COPIES) * sum(body.pages for body in bodies))
    marks, sheets = mark_sheets(sum(body.pages for body in bodies))
    html = render_to_string("certificates/certificate_pdf_marks.html", {**context, "sheets": marks})
    top = renderer.render(html, base_url)
    if progress is not None:
        progress(len(sheets))
    title = f"{certificate.number} · {context['snapshot']['basic']['full_name']} · 机构编制管理证"
    return compose.combine(top.data, [body.data for body in bodies], sheets, title)


def expected_pages(certificate) -> int:
    """The booklet's pages, for the progress bar before the render: the roster's pages are known,
    the pages before and after it are about six."""
    roster = certificate.snapshot.get("roster") or []  # sealed ID numbers do not matter here
    inner = 6 + len(roster_pages(roster))
    return len(COPIES) * (inner + 1 + inner % 2)
