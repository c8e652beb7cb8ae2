"""Round trip: a roster workbook in the ledger's layout (title rows, region and cut-off date, then
the header row of the roster columns) loads into an empty database with the same figures.

The first test builds the workbook in the roster ledger's layout by hand (what an office gets from
another system); the second exports the real ledger with ``export_ledger`` and imports it back.
"""

import collections
import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from bianzhi.history import system_actor
from people.choices import RecordStatus
from people.imports.roster import roster_import
from people.imports.roster_format import HEADERS
from people.models import EstablishmentRecord, Person
from staffing.imports.institutions import institutions_import
from staffing.models import QuotaLine
from staffing.selectors import with_figures
from tests.kit import builders
from tests.kit.factories import RegionFactory

from .books import ORGAN_ROW, SCHOOL_ROW, institutions_bytes

HOSPITAL_ROW = {
    **SCHOOL_ROW,
    "机构全称": "示例县人民医院",
    "主管部门": None,
    "隶属关系": None,
    "分类管理领域": "卫生",
    "事业单位分类": "公益二类",
    "批准文号": "示编发〔2019〕3号",
    "事业编制（全额拨款）": 5,
    "事业编制（差额拨款）": 30,
}

# The organ's worker line is over-established: the import needs the document and reason.
OVER = {"over_document": "示编〔2018〕5号", "over_reason": "机构改革前已在岗"}

# (unit, type, funding, post, people)
PLAN = [
    ("示例县教育局", "行政编制", None, "管理岗位", 7),
    ("示例县教育局", "机关工勤编制", None, "工勤技能岗位", 2),  # over-established by one
    ("示例县实验小学", "事业编制", "全额拨款", "专业技术岗位", 12),
    ("示例县人民医院", "事业编制", "全额拨款", "管理岗位", 3),
    ("示例县人民医院", "事业编制", "差额拨款", "专业技术岗位", 9),
]


def ledger_roster() -> tuple[bytes, collections.Counter]:
    """The roster ledger's layout: a title row, the region and cut-off date, a blank row, the
    header row, the data rows and a totals row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "实名制人员花名册"
    sheet.append(["示例县实名制人员花名册"])
    sheet.append(["行政区划：示例县", None, None, None, "截至日期：2026-12-01"])
    sheet.append([])
    sheet.append(HEADERS)
    expected = collections.Counter()
    serial = 0
    for unit, kind, funding, post, count in PLAN:
        for i in range(count):
            serial += 1
            birth = datetime.date(1970 + serial % 25, 1 + serial % 12, 1 + serial % 27)
            row = {
                "序号": serial,
                "单位": unit,
                "姓名": f"人员{serial}",
                "身份证号": builders.id_number(birth=birth, male=i % 2 == 0),
                "出生日期": birth,
                "民族": "汉族",
                "政治面貌": "群众",
                "人员类别": "非领导人员",
                "编制类型": kind,
                "经费形式": funding,
                "岗位类别": post,
                # Rule 6: the status is read from the file (issue 14, item 12).
                "公务员登记": "是" if kind == "行政编制" else None,
                "进入方式": "调入",
                "入编时间": datetime.datetime(2010 + i % 10, 9, 1),
                "参加工作时间": datetime.datetime(2010 + i % 10, 7, 1),
            }
            sheet.append([row.get(header) for header in HEADERS])
            expected[(unit, kind, funding or "")] += 1
    sheet.append(["合计", None, None, f"{serial} 人"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), expected


@pytest.fixture
def county(db):
    """示例县 with the organ, the school and the hospital the ledger roster fills, and no one."""
    region = RegionFactory(code="990121", name="示例县")
    institutions = institutions_import(
        file=io.BytesIO(institutions_bytes([ORGAN_ROW, SCHOOL_ROW, HOSPITAL_ROW])),
        actor=system_actor(),
        region=region,
    )
    assert institutions.ok, institutions.error_lines()
    builders.document(region=region, number=OVER["over_document"])
    return region


def test_a_ledger_layout_roster_loads_into_an_empty_database_with_the_same_figures(county):
    content, expected = ledger_roster()
    result = roster_import(file=io.BytesIO(content), actor=system_actor(), **OVER)
    assert result.ok, result.error_lines()
    assert result.header_row == 4
    assert result.rows == sum(expected.values())
    assert len(result.notices) == 1 and "超编 1 人" in result.notices[0]
    lines = with_figures(QuotaLine.objects.select_related("institution"))
    got = {
        (
            line.institution.full_name,
            line.get_establishment_type_display(),
            line.get_funding_form_display() if line.funding_form else "",
        ): line.occupied
        for line in lines
        if line.occupied
    }
    assert got == dict(expected)
    approved = {(line.institution.full_name, line.type_label): line.approved for line in lines}
    assert approved[("示例县人民医院", "事业编制（差额拨款）")] == 30


def roster_rows() -> set[tuple]:
    """Who sits where, on which line, since when: what a roster must carry over."""
    return set(
        EstablishmentRecord.objects.filter(status=RecordStatus.ACTIVE).values_list(
            "person__name",
            "person__id_number_index",
            "person__birth_date",
            "quota_line__institution__full_name",
            "quota_line__establishment_type",
            "quota_line__funding_form",
            "post_category",
            "entry_way",
            "entry_on",
        )
    )


def test_the_exported_roster_ledger_reimported_into_an_emptied_registry_gives_the_same_figures(
    county, tmp_path
):
    """export_ledger roster → remove every person → import_roster of the export: the same
    people on the same lines with the same figures."""
    content, _ = ledger_roster()
    assert roster_import(file=io.BytesIO(content), actor=system_actor(), **OVER).ok
    before_rows = roster_rows()
    before_figures = figures()

    exported = tmp_path / "花名册.xlsx"
    call_command("export_ledger", "roster", "--out", str(exported), stdout=io.StringIO())
    EstablishmentRecord.objects.all().delete()
    Person.objects.all().delete()
    assert figures() != before_figures

    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_roster",
        str(exported),
        "--over-document",
        OVER["over_document"],
        "--over-reason",
        OVER["over_reason"],
        stdout=out,
        stderr=err,
    )
    assert err.getvalue() == ""
    assert roster_rows() == before_rows
    assert figures() == before_figures


def figures() -> dict:
    return {
        (line.institution.full_name, line.type_label): (line.approved, line.occupied)
        for line in with_figures(QuotaLine.objects.select_related("institution"))
    }
