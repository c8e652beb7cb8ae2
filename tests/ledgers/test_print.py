"""Every ledger prints readably (issue 16), checked on the PDF LibreOffice makes of it: the
ledger's paper and orientation, no text under 8 pt once fitted to the page's width, the header
rows repeated at the top of page 2, the 制表人/审核人 line, and an empty ledger's line.

On the demo county, so the ledgers have real content (the roster runs to dozens of pages). One
``soffice`` call converts every workbook; skipped where LibreOffice is not installed (Debian
libreoffice-calc-nogui, with fonts-noto-cjk and fonts-crosextra-carlito, as .ci/run installs)."""

import shutil
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command

from bianzhi import ledgers
from bianzhi.excel.writer import A3, A4
from orgs.management.commands.export_ledger import office_admin_of
from orgs.models import Region
from tests.kit.database import committed

pdfplumber = pytest.importorskip("pdfplumber")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
    ),
]

KINDS = sorted(ledger.kind for ledger in ledgers.every())
# Ledgers of the demo county long enough to have a page 2.
LONG = {"roster", "institutions", "adjustments", "permits", "leadership", "leadership_changes"}
MIN_POINTS = 8
# Too many columns for one sheet at 8 pt (seven establishment blocks and the leadership posts).
TWO_PAGES_WIDE = {"institutions"}
# PDF points: (landscape width, height).
PAGE_POINTS = {A4: (842, 595), A3: (1191, 842)}
EMPTY = "empty_roster"


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each ledger of the demo county, and an empty roster, as LibreOffice prints them."""
    folder = tmp_path_factory.mktemp("print")
    with committed(django_db_blocker):
        call_command("load_demo", stdout=StringIO())
        admin = office_admin_of(Region.objects.get(parent=None))
        for kind in KINDS:
            target = folder / f"{kind}.xlsx"
            ledgers.write_ledger(ledgers.get(kind), user=admin, params={}, target=str(target))
        ledgers.write_ledger(
            ledgers.get("roster"),
            user=admin,
            params={"q": "没有这个人"},
            target=str(folder / f"{EMPTY}.xlsx"),
        )
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *sorted(str(path) for path in folder.glob("*.xlsx")),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    opened = {path.stem: pdfplumber.open(path) for path in folder.glob("*.pdf")}
    yield opened
    for pdf in opened.values():
        pdf.close()


def header_texts(kind) -> list[str]:
    columns = ledgers.get(kind).columns_with_table_headers(None, {})
    return [columns[0].header, columns[-1].header]


@pytest.mark.parametrize("kind", KINDS)
def test_the_ledger_prints_on_its_paper_at_8_pt_or_more(pdfs, kind):
    ledger = ledgers.get(kind)
    pdf = pdfs[kind]
    wide, high = PAGE_POINTS[ledger.paper]
    expected = (wide, high) if ledger.landscape else (high, wide)
    first = pdf.pages[0]
    assert (round(first.width), round(first.height)) == expected
    sizes = [char["size"] for page in pdf.pages[:3] for char in page.chars if char["text"].strip()]
    assert min(sizes) >= MIN_POINTS - 0.05, (
        f"{ledger.title} prints at {min(sizes):.1f} pt: narrow its columns or print it on A3"
    )
    text = first.extract_text()
    assert text.startswith(f"示例市{ledger.title}")
    first_header, last_header = header_texts(kind)
    if kind in TWO_PAGES_WIDE:
        # Printed across: the right half is page 2, beginning again with 序号 and 单位.
        right = pdf.pages[1].extract_text()
        assert last_header in right.replace("\n", "")
        assert first_header.split()[0] in right
    else:
        # Fitted to the page's width: the last column is on the first page, not on its own page
        # (a narrow column wraps its header: its first characters open the cell).
        assert last_header[:4] in text.replace("\n", "")
    assert "制表人" in pdf.pages[-1].extract_text()


@pytest.mark.parametrize("kind", sorted(LONG))
def test_page_2_repeats_the_header_rows(pdfs, kind):
    pdf = pdfs[kind]
    # The next rows: page 2, or pages 3 (left half) and 4 (right half) printed two pages wide.
    below = [2, 3] if kind in TWO_PAGES_WIDE else [1]
    assert len(pdf.pages) > below[-1]
    tops = [pdf.pages[index].extract_text().split("\n")[:3] for index in below]
    first, last = header_texts(kind)
    assert all(any(line.startswith(first) for line in top) for top in tops), tops
    assert last in "".join(tops[-1])


def test_the_institutions_subtotals_are_labelled_on_both_halves(pdfs):
    """Printed two pages wide, both halves show the 小计 and 合计 rows' labels (merged within the
    columns repeated on every page)."""
    pages = [page.extract_text().split("\n") for page in pdfs["institutions"].pages]
    for half in (pages[0], pages[1]):
        assert any(line.startswith("党委系统小计 ") for line in half), half
    for half in (pages[-2], pages[-1]):
        assert any(line.startswith("合计 ") for line in half), half


def test_the_roster_runs_to_dozens_of_pages_of_readable_rows(pdfs):
    assert len(pdfs["roster"].pages) > 20


def test_an_empty_ledger_prints_a_line_saying_so(pdfs):
    pdf = pdfs[EMPTY]
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "无符合条件的在编人员" in text
    assert "合计：0 人" in text
    assert "制表人" in text and "审核人" in text
