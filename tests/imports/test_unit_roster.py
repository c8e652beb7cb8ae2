"""A unit clerk's roster round trip: download, edit offline, upload → one roster batch request."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from people import idcrypto
from people.imports import unit_roster
from people.imports.unit_roster import unit_roster_upload, unit_roster_workbook
from people.models import ChangeRequest, EstablishmentRecord, Person
from tests.kit import builders
from tests.kit.clock import day
from tests.kit.privacy import assert_no_rebuild, workbook_rows


@pytest.fixture
def unit_staff(world):
    line = builders.quota(world.unit, 5)
    records = builders.staff(line, 2)
    return line, records


def download(world, user=None):
    content = unit_roster_workbook(world.unit, user or world.users["clerk"])
    book = load_workbook(io.BytesIO(content))
    return book, book.active


def header_index(sheet):
    return {cell.value: cell.column for cell in sheet[3]}


def upload(world, book, dry_run=False):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return unit_roster_upload(
        file=buffer, institution=world.unit, actor=world.users["clerk"], dry_run=dry_run
    )


def test_the_clerks_download_has_the_roster_columns_and_masked_ids(world, unit_staff):
    _, records = unit_staff
    _book, sheet = download(world)
    assert sheet["A1"].value == "示例县本单位实名制人员花名册"
    columns = header_index(sheet)
    assert list(columns)[:4] == ["序号", "单位", "内设机构", "姓名"]
    ids = {sheet.cell(row=r, column=columns["身份证号"]).value for r in (4, 5)}
    assert ids == {record.person.masked_id_number for record in records}
    _office_book, office_sheet = download(world, world.users["office_staff"])
    full = {office_sheet.cell(row=r, column=columns["身份证号"]).value for r in (4, 5)}
    assert full == {record.person.id_number for record in records}


def test_the_clerks_download_cannot_rebuild_the_masked_numbers(world, unit_staff):
    _, records = unit_staff
    content = unit_roster_workbook(world.unit, world.users["clerk"])
    real = [record.person.id_number for record in records]
    assert_no_rebuild(workbook_rows(content), real, "本单位花名册")


def test_an_unchanged_upload_drafts_nothing(world, unit_staff):
    book, _ = download(world)
    result = upload(world, book)
    assert result.ok, result.error_lines()
    assert unit_roster.NOTHING_CHANGED in result.notices
    assert ChangeRequest.objects.count() == 0


def test_adds_edits_and_exits_become_one_roster_batch_and_nothing_else_changes(world, unit_staff):
    _, (first, second) = unit_staff
    book, sheet = download(world)
    columns = header_index(sheet)
    rows = {sheet.cell(row=r, column=columns["姓名"]).value: r for r in (4, 5)}
    edited_row = rows[first.person.name]
    sheet.cell(row=edited_row, column=columns["职务"], value="教研组长")
    sheet.cell(row=edited_row, column=columns["学历"], value="硕士研究生")
    sheet.delete_rows(rows[second.person.name])
    newcomer = builders.id_number(male=False)
    values = {
        "序号": 3,
        "单位": "示例县本单位",
        "姓名": "新同事",
        "身份证号": newcomer,
        "编制类型": "事业编制",
        "经费形式": "全额拨款",
        "岗位类别": "专业技术岗位",
        "进入方式": "事业单位招聘",
        "入编时间": day(3, 1).isoformat(),
    }
    new_row = sheet.max_row + 1
    for header, value in values.items():
        sheet.cell(row=new_row, column=columns[header], value=value)
    result = upload(world, book)
    assert result.ok, result.error_lines()
    request = ChangeRequest.objects.get()
    assert result.requests == [request]
    assert (request.kind, request.state) == ("roster", "draft")
    assert result.batch in request.reason and "入编 1 人" in request.reason
    assert "信息更正 1 人" in request.reason and "出编 1 人" in request.reason
    assert str(request.occurred_on) == day(3, 1).isoformat()  # the earliest entry, as for an entry
    items = {item.kind: item for item in request.items.all()}
    assert len(items) == request.items.count() == 3
    entry = items["entry"]
    assert (entry.id_number, entry.person_name, entry.person) == (newcomer, "新同事", None)
    assert entry.data["new_person"]["id_number"] != newcomer  # sealed at rest
    assert idcrypto.open_part(entry.data, "new_person")["id_number"] == newcomer
    correction = items["correction"]
    assert correction.record == first
    assert correction.data == {
        "person": {"education": "master"},
        "record": {"job_title": "教研组长"},
    }
    exit_item = items["exit"]
    assert exit_item.record == second
    # The exit is found today, not on the newcomer's entry date.
    today = timezone.localdate().isoformat()
    assert exit_item.data == {"end_reason": "other", "ended_on": today}
    assert [i.effective_kind for i in request.items.order_by("pk")] == [
        "entry",
        "correction",
        "exit",
    ]
    # Never a silent overwrite: the registry is as before.
    first.refresh_from_db()
    assert first.job_title == "" and first.person.education == ""
    assert EstablishmentRecord.objects.filter(status="active").count() == 2
    assert not Person.objects.by_id_number(newcomer).exists()


def test_an_error_drafts_nothing(world, unit_staff):
    book, sheet = download(world)
    columns = header_index(sheet)
    sheet.cell(row=4, column=columns["职务"], value="组长")
    sheet.cell(row=5, column=columns["岗位类别"], value="不存在的岗位")
    result = upload(world, book)
    assert [(e.row, e.column) for e in result.errors] == [(5, "岗位类别")]
    assert ChangeRequest.objects.count() == 0


def test_rows_of_another_unit_are_refused(world, unit_staff):
    book, sheet = download(world)
    columns = header_index(sheet)
    sheet.cell(row=4, column=columns["单位"], value="示例县兄弟单位")
    result = upload(world, book)
    assert result.errors[0].message == unit_roster.OTHER_UNIT % {
        "name": "示例县兄弟单位",
        "unit": "示例县本单位",
    }


def test_dry_run_counts_without_drafting(world, unit_staff):
    book, sheet = download(world)
    sheet.delete_rows(5)
    result = upload(world, book, dry_run=True)
    assert result.ok and result.written == {"入编": 0, "信息更正": 0, "出编": 1}
    assert ChangeRequest.objects.count() == 0


def test_only_the_units_clerk_may_upload(world, unit_staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        unit_roster_upload(
            file=io.BytesIO(b""), institution=world.unit, actor=world.users["office_staff"]
        )


def test_the_download_query_count_does_not_grow_with_rows(world, unit_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    line, _ = unit_staff
    with CaptureQueriesContext(connection) as few:
        unit_roster_workbook(world.unit, world.users["clerk"])
    builders.staff(line, 3, name_prefix="新人")
    with CaptureQueriesContext(connection) as many:
        unit_roster_workbook(world.unit, world.users["clerk"])
    assert len(many) == len(few)


def test_formulas_in_the_clerks_download_are_text_not_live(world):
    line = builders.quota(world.unit, 2)
    hyperlink = '=HYPERLINK("http://x","y")'
    who = builders.person(world.region, "王芳", professional_title=hyperlink)
    builders.enter(who, line, job_title="=1+1")
    _book, sheet = download(world, world.users["office_staff"])
    columns = header_index(sheet)
    title = sheet.cell(row=4, column=columns["职称"])
    job = sheet.cell(row=4, column=columns["职务"])
    id_number = sheet.cell(row=4, column=columns["身份证号"])
    assert (title.data_type, title.value) == ("s", hyperlink)
    assert (job.data_type, job.value) == ("s", "=1+1")
    assert (id_number.data_type, id_number.value) == ("s", who.id_number)


def test_the_clerks_download_offers_drop_downs_and_a_frozen_header(world, unit_staff):
    book, sheet = download(world)
    columns = header_index(sheet)
    assert sheet.freeze_panes == "E4"
    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    sex = f"{get_column_letter(columns['性别'])}4"
    assert sex in lists and lists[sex].startswith("'可选值'!")
    assert book["可选值"].sheet_state == "hidden"
