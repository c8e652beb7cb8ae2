"""学生数导入 on the shared pipeline: a good file writes every school's students with history, a
file with a bad row writes nothing and lists every error, a dry run writes nothing."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from schools.imports import (
    DUPLICATE_IN_FILE,
    NOT_A_COUNT,
    UNKNOWN_SCHOOL,
    StudentCountImporter,
    student_count_template,
)
from schools.models import STAGE_NOT_OFFERED, StudentCount

pytestmark = pytest.mark.django_db

HEADERS = ["学校名称", "学年", "高中学生数", "初中学生数", "小学学生数"]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["测试县中小学学生数"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def run(user, rows, dry_run=False):
    return StudentCountImporter(actor=user, dry_run=dry_run).run(workbook(rows))


def test_a_good_file_writes_every_schools_students(scene, this_year):
    result = run(
        scene.users["reviewer"],
        [
            [scene.senior.full_name, this_year, 2000, None, None],
            [scene.township.full_name, this_year, None, 480, "830"],
        ],
    )
    assert result.ok, result.errors
    assert result.written == {"学生数": 3}
    counts = StudentCount.objects.filter(school_year=this_year)
    assert sorted(counts.values_list("students", flat=True)) == [480, 830, 2000]
    record = counts.get(stage="senior").history.get()
    assert record.history_user == scene.users["reviewer"]
    assert result.batch in record.history_change_reason


def test_bad_rows_write_nothing_and_are_all_listed(scene, this_year):
    rows = [
        [scene.senior.full_name, this_year, 2000, None, None],
        [scene.senior.full_name, this_year, None, None, 300],
        [scene.other_school.full_name, this_year, None, 100, None],
        [scene.junior.full_name, "2026", None, "一百", None],
        [scene.junior.full_name, this_year, None, 1200, None],
        [scene.junior.full_name, this_year, None, 1300, None],
    ]
    result = run(scene.users["reviewer"], rows)
    messages = {(error.row, error.column): error.message for error in result.errors}
    assert messages[(4, "小学学生数")] == STAGE_NOT_OFFERED % {
        "school": scene.senior.full_name,
        "stage": "小学",
    }
    assert messages[(5, "学校名称")] == UNKNOWN_SCHOOL % {"name": scene.other_school.full_name}
    assert (6, "学年") in messages
    assert messages[(6, "初中学生数")] == NOT_A_COUNT % {"value": "一百"}
    assert not StudentCount.objects.exists()
    duplicate = run(scene.users["reviewer"], rows[:1] + rows[4:])
    assert [e.message for e in duplicate.errors] == [DUPLICATE_IN_FILE % {"row": 4}]
    assert [e.row for e in duplicate.errors] == [5]
    assert not StudentCount.objects.exists()


def test_a_dry_run_writes_nothing(scene, this_year):
    result = run(
        scene.users["office_staff"], [[scene.senior.full_name, this_year, 10, None, None]], True
    )
    assert result.ok and not StudentCount.objects.exists()


def test_the_template_has_the_columns_the_import_reads():
    book = load_workbook(io.BytesIO(student_count_template()))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert [header.strip("*") for header in headers if header] == HEADERS
