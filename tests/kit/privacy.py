"""Rule 14 as an attacker reads it: can full ID numbers be rebuilt from a masked output?

The eight hidden characters of ``990121********7025`` are the birth date. A reader holding the
masked number and a printed birth date (or year and month) tries every day that fits; the check
character leaves on average one day in eleven, so a full date, or a month with a single fitting
day, gives the number back. A year alone leaves about thirty candidates.

``rebuilt_numbers(rows, real)`` runs that attack over the rows of a page (table rows, and the
whole page where it is about one person), a workbook (sheet rows) or a PDF's text (lines), and
returns the real numbers it pinned down; ``assert_no_rebuild`` fails on any, and on any full real
number printed outright.
"""

import calendar
import datetime
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable

from openpyxl import load_workbook

from people.idnumbers import check_character

MASKED = re.compile(r"(\d{6})\*{8}(\d{3})([0-9X])")
FULL_DATE = re.compile(r"(\d{4})(?:-|/|年|\.)(\d{1,2})(?:-|/|月|\.)(\d{1,2})日?")
YEAR_MONTH = re.compile(r"(\d{4})(?:-|/|年|\.)(\d{1,2})(?!\d|-\d|/\d|月\d|\.\d)月?")
COMPACT_DATE = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(\d{2})(\d{2})(?!\d)")


def _days(text: str) -> list[list[datetime.date]]:
    """Each birth-date fragment in ``text`` as the days it allows."""
    fragments = []
    for match in [*FULL_DATE.finditer(text), *COMPACT_DATE.finditer(text)]:
        try:
            fragments.append([datetime.date(*map(int, match.groups()))])
        except ValueError:
            continue
    for match in YEAR_MONTH.finditer(text):
        year, month = map(int, match.groups())
        if 1 <= month <= 12 and 1900 <= year <= 2100:
            last = calendar.monthrange(year, month)[1]
            fragments.append([datetime.date(year, month, d) for d in range(1, last + 1)])
    return fragments


def _candidates(prefix: str, sequence: str, check: str, days) -> set[str]:
    found = set()
    for day in days:
        first17 = f"{prefix}{day:%Y%m%d}{sequence}"
        if check_character(first17) == check:
            found.add(first17 + check)
    return found


def rebuilt_numbers(rows: Iterable[str], real: Iterable[str]) -> set[str]:
    """The real numbers a reader pins down from one row's masked number and birth fragment."""
    real = set(real)
    rebuilt = set()
    for row in rows:
        fragments = _days(row)
        for prefix, sequence, check in MASKED.findall(row):
            for days in fragments:
                candidates = _candidates(prefix, sequence, check, days)
                if len(candidates) == 1 and candidates <= real:
                    rebuilt |= candidates
    return rebuilt


def html_rows(html: str) -> list[str]:
    """A page's table rows as text, and the whole page where it masks one number only."""
    text = re.sub(r"<[^>]+>", " ", html)
    rows = [re.sub(r"<[^>]+>", " ", chunk) for chunk in re.split(r"<tr[\s>]", html)]
    if len(set(MASKED.findall(text))) <= 1:
        rows.append(text)
    return rows


def workbook_rows(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = []
    for sheet in workbook.worksheets:
        for values in sheet.iter_rows(values_only=True):
            cells = [
                v.date().isoformat() if isinstance(v, datetime.datetime) else str(v)
                for v in values
                if v is not None
            ]
            rows.append(" ".join(cells))
    return rows


def pdf_rows(data: bytes) -> list[str]:
    """A PDF's text lines (pdftotext -layout keeps a table row on one line)."""
    assert shutil.which("pdftotext"), "需要 poppler-utils（pdftotext）"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", file.name, "-"], check=True, capture_output=True, text=True
        ).stdout
    return text.splitlines()


def assert_no_rebuild(rows: list[str], real: Iterable[str], where: str = "") -> None:
    real = set(real)
    joined = "\n".join(rows)
    printed = {number for number in real if number in joined}
    assert not printed, (where, "full numbers printed", printed)
    rebuilt = rebuilt_numbers(rows, real)
    assert not rebuilt, (where, "rebuilt from masked number and birth date", rebuilt)
