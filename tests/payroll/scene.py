"""A registry with one person for each kind of mismatch of rule 43 (and clean ones), and the
payroll 财政 would send for June of the kit's year, as CSV or .xlsx."""

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook

from bianzhi.history import system_actor
from payroll.choices import FindingKind
from payroll.models import PayrollRun
from people import services as people_services
from people.models import EstablishmentRecord, Person
from tests.kit import builders
from tests.kit.clock import day

MONTH = day(6, 1)
HEADERS = ["姓名", "身份证号", "单位", "编制类型", "经费形式", "发放金额"]


@dataclass
class Scene:
    rows: list[list]
    expected: set[tuple[str, str]]  # (kind, name)
    people: dict[str, Person]


def _exit(record: EstablishmentRecord, on, reason="transfer_out"):
    return people_services.exit_register(
        record=record, ended_on=on, end_reason=reason, actor=system_actor()
    )


def build(world) -> Scene:
    unit_line = builders.quota(world.unit, 20)  # 事业编制（全额拨款）
    organ_line = builders.quota(world.sibling, 20)  # 行政编制
    unit, sibling = world.unit.full_name, world.sibling.full_name
    people = {}

    def held(name, line, **fields):
        person = builders.person(world.region, name, **fields)
        builders.enter(person, line)
        people[name] = person
        return person

    held("正常甲", unit_line)
    held("正常乙", organ_line)
    held("未发丙", unit_line)
    held("调单位丁", unit_line)
    held("差额戊", unit_line)
    held("行政己", unit_line)
    gone = held("出编庚", unit_line)
    _exit(gone.records.get(), day(4, 15))
    leaving = held("本月出编辛", unit_line)
    _exit(leaving.records.get(), day(6, 10), reason="retirement")
    retired = held("退休壬", organ_line)
    _exit(retired.records.get(), day(3, 31), reason="retirement")
    birth, _ = builders.first_retirement_from(day(3, 1))
    old = builders.person(world.region, "到龄癸", birth=birth)
    builders.enter_unchecked(old, organ_line)
    people["到龄癸"] = old
    late = builders.person(world.region, "后入编子")
    builders.enter(late, unit_line, entry_on=day(7, 1))
    people["后入编子"] = late
    ghost_number = builders.id_number()

    def row(name, unit_name, category, funding="", amount="5000.00", number=None):
        number = number or people[name].id_number
        return [name, number, unit_name, category, funding, amount]

    rows = [
        row("正常甲", unit, "事业编制", "全额拨款"),
        row("正常乙", sibling, "行政编制", amount=""),
        row("调单位丁", sibling, "事业编制", "全额拨款"),
        row("差额戊", unit, "事业编制", "差额拨款"),
        row("行政己", unit, "行政编制"),
        row("出编庚", unit, "事业编制", "全额拨款"),
        row("本月出编辛", unit, "事业编制", "全额拨款"),
        row("退休壬", sibling, "行政编制"),
        row("到龄癸", sibling, "行政编制"),
        row("后入编子", unit, "事业编制", "全额拨款"),
        row("空饷丑", sibling, "行政编制", number=ghost_number),
    ]
    expected = {
        (FindingKind.NOT_IN_REGISTRY, "空饷丑"),
        (FindingKind.NOT_IN_REGISTRY, "后入编子"),
        (FindingKind.NOT_PAID, "未发丙"),
        (FindingKind.OTHER_UNIT, "调单位丁"),
        (FindingKind.CATEGORY, "差额戊"),
        (FindingKind.CATEGORY, "行政己"),
        (FindingKind.AFTER_EXIT, "出编庚"),
        (FindingKind.AFTER_EXIT, "退休壬"),
        (FindingKind.AFTER_EXIT, "到龄癸"),
    }
    return Scene(rows, expected, people)


def csv_file(rows, headers=HEADERS, encoding="utf-8-sig") -> io.BytesIO:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def xlsx_file(rows, headers=HEADERS, title="2026年6月工资统发名单") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(headers)
    for values in rows:
        values = list(values)
        if values[5]:
            values[5] = float(values[5])
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def new_run(world, user="office_staff", month=MONTH, region=None) -> PayrollRun:
    return PayrollRun.objects.create(
        user=world.users[user], region=region or world.region, month=month, file_name="工资表.csv"
    )
