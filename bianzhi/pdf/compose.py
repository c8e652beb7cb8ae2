"""Pages of several PDFs combined into one, with pikepdf (qpdf): a page may be laid over another,
so a body laid out once prints in several copies, each copy's pages carrying their own marks while
the body's content is stored once."""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from pikepdf import Dictionary, Name, Pdf, Stream


@dataclass(frozen=True)
class Sheet:
    """One page of the result: page ``top`` of the top document, with page ``under`` of the
    underlying pages (when given) beneath it."""

    top: int
    under: int | None = None


def combine(top: bytes, underneath: Iterable[bytes], sheets: Iterable[Sheet], title: str) -> bytes:
    """The pages listed in ``sheets``; ``underneath`` is read as one run of pages. Each
    underlying page becomes one form drawn on every sheet that uses it. The result carries no
    dates or random identifiers: the same inputs give the same bytes."""
    output = Pdf.new()
    upper = Pdf.open(io.BytesIO(top))
    sources = [Pdf.open(io.BytesIO(data)) for data in underneath]
    lower = [(source, page) for source in sources for page in source.pages]
    forms = {}
    for sheet in sheets:
        output.pages.append(upper.pages[sheet.top])
        if sheet.under is None:
            continue
        if sheet.under not in forms:
            source, page = lower[sheet.under]
            form = source.make_indirect(page.as_form_xobject())
            forms[sheet.under] = output.copy_foreign(form)
        page = output.pages[-1]
        # One name per underlying page: pages of one document may share their resources.
        name = f"/BzUnder{sheet.under}"
        page.add_resource(forms[sheet.under], Name.XObject, Name(name))
        page.contents_add(Stream(output, f"q {name} Do Q\n".encode()), prepend=True)
    output.trailer.Info = output.make_indirect(Dictionary(Title=title, Producer="bianzhi"))
    data = io.BytesIO()
    output.save(data, deterministic_id=True, compress_streams=True)
    return data.getvalue()
