"""The payroll file (工资统发名单, .xlsx or CSV) read through the import pipeline: columns by
header text in any order, every row checked (Chinese errors, nothing stored when any), then the
comparison of rule 43 written in bulk as the pipeline's write step."""

from collections import Counter
from decimal import Decimal, InvalidOperation

from bianzhi.excel.headers import Column
from bianzhi.excel.reader import as_text
from bianzhi.imports.pipeline import Importer, SheetSpec
from people import idcrypto
from people.idnumbers import InvalidIdNumber, parse_id_number

from .csvbook import CsvWorkbook, is_csv
from .reconcile import CATEGORY_NAMES, FUNDING_NAMES, PayrollRow, compare, normal_name

NAME = "姓名"
ID_NUMBER = "身份证号"
UNIT = "单位"
CATEGORY = "编制类型"
FUNDING = "经费形式"
AMOUNT = "发放金额"
HEADERS = (NAME, ID_NUMBER, UNIT, CATEGORY, FUNDING, AMOUNT)
REQUIRED = frozenset({NAME, ID_NUMBER, UNIT, CATEGORY})

REQUIRED_CELL = "%(column)s不能为空。"
BAD_CATEGORY = (
    "编制类型“%(value)s”无法识别，应为行政编制、政法专项编制、机关工勤编制或事业编制（规则 44）。"
)
BAD_FUNDING = "经费形式“%(value)s”无法识别，应为全额拨款、差额拨款或自收自支（规则 44）。"
BAD_AMOUNT = "发放金额“%(value)s”不是有效的金额。"
NEGATIVE_AMOUNT = "发放金额不能为负数。"
REPEATED = "身份证号与第 %(first)d 行重复：同一人在一个月的工资表中只能出现一次。"
NO_ROWS = "工资表中没有数据行。"
COMPARING = "正在与 %(day)s 的实名制名册比对……"
SAVING = "正在保存核对结果……"


class PayrollImporter(Importer):
    kind = "工资统发名单"
    batch_prefix = "GZ"
    sheets = (
        SheetSpec(
            [
                Column(NAME, required=True),
                Column(
                    ID_NUMBER, required=True, aliases=("身份证号码", "公民身份号码", "证件号码")
                ),
                Column(
                    UNIT, required=True, aliases=("发放单位", "单位名称", "工作单位", "所在单位")
                ),
                Column(CATEGORY, required=True, aliases=("工资类别", "编制性质", "人员编制类型")),
                Column(FUNDING, aliases=("经费来源", "经费渠道", "经费类型")),
                Column(AMOUNT, aliases=("应发工资", "应发合计", "应发金额", "金额", "实发工资")),
            ]
        ),
    )

    def __init__(self, *, run, **kwargs):
        super().__init__(**kwargs)
        self.payroll_run = run
        self.findings = []

    def open_file(self, file):
        if is_csv(file):
            return CsvWorkbook(file, self.limits)
        return super().open_file(file)

    def validate_row(self, sheet, number, row):
        ok = True
        for header in (NAME, ID_NUMBER, UNIT, CATEGORY):
            if not as_text(row.get(header)):
                self.error(number, header, REQUIRED_CELL % {"column": header})
                ok = False
        id_number = ""
        if raw := as_text(row.get(ID_NUMBER)):
            try:
                id_number = parse_id_number(raw).number
            except InvalidIdNumber as error:
                self.error(number, ID_NUMBER, error.message)
                ok = False
        category_text = as_text(row.get(CATEGORY))
        category = CATEGORY_NAMES.get(normal_name(category_text), "")
        if category_text and not category:
            self.error(number, CATEGORY, BAD_CATEGORY % {"value": category_text})
            ok = False
        funding_text = as_text(row.get(FUNDING))
        funding = FUNDING_NAMES.get(normal_name(funding_text), "") if funding_text else ""
        if funding_text and not funding:
            self.error(number, FUNDING, BAD_FUNDING % {"value": funding_text})
            ok = False
        amount = None
        if (raw_amount := row.get(AMOUNT)) not in (None, ""):
            try:
                amount = Decimal(str(raw_amount).replace(",", "")).quantize(Decimal("0.01"))
            except InvalidOperation:
                self.error(number, AMOUNT, BAD_AMOUNT % {"value": as_text(raw_amount)})
                ok = False
            else:
                if amount < 0:
                    self.error(number, AMOUNT, NEGATIVE_AMOUNT)
                    ok = False
                elif amount >= Decimal("1e10"):
                    self.error(number, AMOUNT, BAD_AMOUNT % {"value": as_text(raw_amount)})
                    ok = False
        if not ok:
            return None
        return PayrollRow(
            number=number,
            name=as_text(row[NAME])[:50],
            id_number=id_number,
            index=idcrypto.blind_index(id_number),
            unit=as_text(row[UNIT]),
            category=category,
            funding=funding,
            category_text=category_text,
            funding_text=funding_text,
            amount=amount,
        )

    def check_file(self, valid):
        rows = valid[self.main]
        if not rows and not self.result.errors:
            self.error(0, "", NO_ROWS)
            return
        counts = Counter(row.index for row in rows)
        if len(counts) == len(rows):
            return
        first: dict[str, int] = {}
        for row in rows:
            if row.index in first:
                self.error(row.number, ID_NUMBER, REPEATED % {"first": first[row.index]})
            else:
                first[row.index] = row.number

    def write(self, valid):
        from .models import PayrollFinding

        rows = valid[self.main]
        day = self.payroll_run.day

        def compared(registry):
            self.step(1, COMPARING % {"day": day.isoformat()})

        findings = compare(self.payroll_run, rows, progress=compared)
        self.tick()
        self.step(2, SAVING)
        self.findings = PayrollFinding.objects.bulk_create(findings, batch_size=2000)
        return dict(Counter(finding.kind for finding in findings))

    def step(self, done: int, stage: str) -> None:
        if self.progress:
            self.progress(stage, done)
