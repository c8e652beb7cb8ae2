"""The certificate roster is broken into pages before the engine lays it out
(certificates.roster_pages): the estimate never lets a page overflow, whatever the length of the
wrapping texts, and does not waste pages on plain rows."""

import pytest
from django.template.loader import render_to_string

from bianzhi.pdf import renderer
from certificates.roster_pages import roster_pages

PLAIN = {
    "department": "办公室",
    "job_title": "主任",
    "type": "事业编制（全额拨款）",
    "post": "管理岗位",
}
LONG = {
    "department": "示例县人民医院急诊医学与重症监护综合管理办公室",
    "job_title": "副主任（主持工作）兼党支部书记",
    "type": "事业编制（差额拨款）",
    "post": "专业技术岗位 Senior ICU Nurse",
}
LATIN = {
    "department": "ICU-CCU Intensive Care Unit Ward 3",
    "job_title": "RN",
    "type": "",
    "post": "",
}


def person(number: int, kind: dict) -> dict:
    return {
        "no": number,
        "name": "欧阳明华",
        "sex": "男",
        "ethnicity": "汉族",
        "birth": "1980-01",
        "id_number": "110101198001011234",
        "entry_on": "2004-07-01",
        **kind,
    }


def laid_out_pages(pages: list[list[dict]]) -> int:
    html = render_to_string(
        "certificates/certificate_pdf_body.html",
        {
            "certificate": {"number": "示编证〔2026〕第0001号"},
            "snapshot": {"basic": {"full_name": "示例县人民医院"}},
            "front": False,
            "back": False,
            "total": sum(len(rows) for rows in pages),
            "roster_pages": [{"rows": rows, "first": i == 0} for i, rows in enumerate(pages)],
        },
    )
    return renderer.render(html).pages


@pytest.mark.parametrize(
    "kinds",
    [[PLAIN], [LONG], [LATIN], [PLAIN, LONG, PLAIN, LATIN, LONG, LONG]],
    ids=["plain", "long", "latin", "mixed"],
)
def test_no_roster_page_overflows(kinds):
    rows = [person(n, kinds[n % len(kinds)]) for n in range(1, 121)]
    pages = roster_pages(rows)
    assert [row["no"] for page in pages for row in page] == list(range(1, 121))
    assert laid_out_pages(pages) == len(pages)


def test_plain_rows_fill_their_pages():
    pages = roster_pages([person(n, PLAIN) for n in range(1, 251)])
    assert [len(page) for page in pages] == [40, 43, 43, 43, 43, 38]


def test_an_empty_roster_is_one_page():
    assert roster_pages([]) == [[]]
