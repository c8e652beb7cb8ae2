"""The blank 工资统发名单 template 财政 fills (or its own export, columns matched by header)."""

from bianzhi.excel.template import TemplateSheet, template_workbook

from .importer import AMOUNT, CATEGORY, FUNDING, HEADERS, ID_NUMBER, NAME, REQUIRED, UNIT

INSTRUCTIONS = [
    "工资统发名单填写说明",
    "1. 一行一人；表头文字不可修改，列的先后顺序可以调整，标 * 的列必须填写；也可以上传财政系统导出的 CSV 文件（列名相同或为常用别名，如身份证号码、发放单位、应发工资）。",
    f"2. {UNIT}填写发放工资的单位全称（也可为简称或统一社会信用代码），须与机构名录一致。",
    f"3. {ID_NUMBER}为 18 位（旧 15 位号码自动升级），请以文本格式填写；同一身份证号在一个月的名单中只能出现一次。",
    f"4. {CATEGORY}填写行政编制、政法专项编制、机关工勤编制或事业编制；事业编制人员的{FUNDING}填写全额拨款、差额拨款或自收自支（规则 44）。",
    f"5. {AMOUNT}可不填。",
    "6. 系统先校验整个文件，有任何错误则不进行核对，并列出全部错误；校验通过后与工资月份最后一天的实名制名册比对，列出发放工资但不在编、在编但未发放、发放单位不符、编制类型或经费形式不符、出编或退休后仍发放五类不符（规则 43）。",
    f"7. {NAME}与身份证号对应的人员按身份证号比对，姓名不作为比对依据。",
]


def payroll_template() -> bytes:
    sheet = TemplateSheet(
        title="工资统发名单",
        headers=list(HEADERS),
        required=REQUIRED,
        value_lists={
            CATEGORY: ["行政编制", "政法专项编制", "机关工勤编制", "事业编制"],
            FUNDING: ["全额拨款", "差额拨款", "自收自支"],
        },
        text_columns=frozenset({ID_NUMBER}),
        widths={UNIT: 30, ID_NUMBER: 22, NAME: 10},
    )
    return template_workbook([sheet], INSTRUCTIONS)
