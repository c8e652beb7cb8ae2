"""学生数导入: students per school, school year and stage from a workbook, on the shared import
pipeline (dry run, all or nothing, error workbook), written through ``student_counts_set``."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from bianzhi.excel.reader import Column, as_text
from bianzhi.excel.template import TemplateSheet, template_workbook
from bianzhi.forms import NOT_HALF_WIDTH_DIGITS
from bianzhi.imports.pipeline import Importer, SheetSpec

from .choices import Stage
from .models import STAGE_NOT_OFFERED, SchoolProfile, check_school_year
from .selectors import schools
from .services import student_counts_set

KIND = "学生数"
SCHOOL = "学校名称"
SCHOOL_YEAR = "学年"
STAGE_HEADERS = {
    Stage.SENIOR: "高中学生数",
    Stage.JUNIOR: "初中学生数",
    Stage.PRIMARY: "小学学生数",
}
REQUIRED = "必须填写。"
UNKNOWN_SCHOOL = "“%(name)s”不是您范围内已登记的中小学校（请先在“中小学编制”中登记学段）。"
NOT_A_COUNT = "“%(value)s”不是学生人数，请填写 0 或正整数。"
NO_STUDENTS = "至少填写一个学段的学生数。"
DUPLICATE_IN_FILE = "本文件第 %(row)d 行已填写该学校该学年的学生数。"
TEMPLATE_NAME = "学生数导入模板.xlsx"
INSTRUCTIONS = [
    "中小学学生数导入填写说明",
    "1. 一行一所学校一个学年；学校名称须与系统中登记的中小学校全称一致，学年写作 2026-2027。",
    "2. 按学段填写在校学生数（半角数字）；学校未设的学段不填，空白表示不修改。",
    "3. 导入时先校验整个文件：有任何错误则不写入任何数据，并列出全部错误，可下载标出错误的工作簿。",
    "4. 已登记的学年再次导入时按表中数字更正，变更记入历史。",
]

SHEET = SheetSpec(
    [
        Column(SCHOOL, required=True, aliases=("学校", "学校全称")),
        Column(SCHOOL_YEAR, required=True),
        *(Column(header, aliases=(header[:-1],)) for header in STAGE_HEADERS.values()),
    ]
)


@dataclass
class StudentRow:
    number: int
    school: SchoolProfile
    school_year: str
    counts: dict[str, int | None]


class StudentCountImporter(Importer):
    kind = KIND
    sheets = (SHEET,)
    batch_prefix = "XS"

    def begin(self) -> None:
        self.schools = {
            school.institution.full_name: school
            for school in schools(self.actor).select_related("institution")
        }
        self.reason = "导入学生数"

    def validate_row(self, sheet, number, row):
        ok = True
        name = as_text(row.get(SCHOOL))
        school = self.schools.get(name)
        if not name:
            self.error(number, SCHOOL, REQUIRED)
            ok = False
        elif school is None:
            self.error(number, SCHOOL, UNKNOWN_SCHOOL % {"name": name})
            ok = False
        school_year = as_text(row.get(SCHOOL_YEAR))
        try:
            check_school_year(school_year)
        except ValidationError as error:
            self.error(number, SCHOOL_YEAR, error.messages[0])
            ok = False
        counts = {}
        for stage, header in STAGE_HEADERS.items():
            counts[stage] = self._count(number, header, row.get(header))
            if counts[stage] is False:
                ok = False
                counts[stage] = None
            elif counts[stage] is not None and school is not None and not getattr(school, stage):
                message = STAGE_NOT_OFFERED % {"school": school, "stage": Stage(stage).label}
                self.error(number, header, message)
                ok = False
        if ok and all(count is None for count in counts.values()):
            self.error(number, "", NO_STUDENTS)
            ok = False
        return StudentRow(number, school, school_year, counts) if ok else None

    def _count(self, number: int, header: str, value):
        text = as_text(value)
        if not text:
            return None
        if text.isdigit() and not text.isascii():
            self.error(number, header, NOT_HALF_WIDTH_DIGITS % {"value": text})
            return False
        if not (text.isascii() and text.isdigit()):
            self.error(number, header, NOT_A_COUNT % {"value": text})
            return False
        return int(text)

    def check_file(self, valid) -> None:
        seen: dict[tuple[int, str], int] = {}
        for row in valid[SHEET]:
            key = (row.school.pk, row.school_year)
            if key in seen:
                self.error(row.number, SCHOOL, DUPLICATE_IN_FILE % {"row": seen[key]})
            seen.setdefault(key, row.number)

    def write(self, valid) -> dict[str, int]:
        reason = f"{self.reason}（批次 {self.result.batch}）"
        written = 0
        for row in valid[SHEET]:
            self.tick()
            try:
                written += len(
                    student_counts_set(
                        school=row.school,
                        school_year=row.school_year,
                        counts=row.counts,
                        actor=self.actor,
                        reason=reason,
                    )
                )
            except ValidationError as error:
                self.service_errors(error, row.number, {})
        return {"学生数": written}


def student_count_template() -> bytes:
    sheet = TemplateSheet(
        title="学生数",
        headers=[SCHOOL, SCHOOL_YEAR, *STAGE_HEADERS.values()],
        required=frozenset({SCHOOL, SCHOOL_YEAR}),
        text_columns=frozenset({SCHOOL_YEAR}),
        count_columns=frozenset(STAGE_HEADERS.values()),
        widths={SCHOOL: 30, SCHOOL_YEAR: 12},
        rows=500,
    )
    return template_workbook([sheet], INSTRUCTIONS)
