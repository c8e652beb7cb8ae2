"""The blank 人员信息采集表 template (drop-down lists for every value list)."""

from bianzhi.excel.template import TemplateSheet, template_workbook

from . import roster_format as f

ROSTER_INSTRUCTIONS = [
    "人员信息采集表填写说明",
    "1. 一行一人；表头文字不可修改，列的先后顺序可以调整，标 * 的列必须填写。",
    "2. 单位、内设机构须与系统中登记的机构全称、内设机构名称完全一致（可先导入机构编制信息采集表）。",
    "3. 身份证号为 18 位（旧 15 位号码自动升级），请以文本格式填写；性别、出生日期可不填，由身份证号得出，填写时须与之相符。",
    "4. 编制类型为事业编制时须填写经费形式；机关工勤编制只能由工勤技能岗位人员占用；行政编制、政法专项编制只用于党政机关和群团机关，事业编制只用于事业单位和参公单位（不得混编）。",
    "5. 日期填写为 2024-03-01 形式（也可只填到月，如 2024-03）；不能晚于今天，不能早于出生日期，入编时间不能早于参加工作时间。",
    "6. 同一身份证号只能出现一次，也不能是系统中已登记的人员。",
    "7. 导入时先校验整个文件：有任何错误则不写入任何数据，并列出全部错误（第N行 列名：说明），可下载标出错误单元格的工作簿。",
    "8. 公务员登记填写是或否：党政机关、群团机关和参公单位的非工勤岗位人员必须填写，且须为“是”（规则 6）；入编时须年满 16 周岁且未过退休时间（规则 19）。",
    "9. 现有超编情况会如实导入并在结果中列出。导入的是现有在编人员，不占用用编通知单。",
]


def roster_sheet(title_row: str = "") -> TemplateSheet:
    return TemplateSheet(
        title="人员信息采集表",
        headers=list(f.HEADERS),
        required=f.REQUIRED,
        value_lists={header: list(values) for header, values in f.VALUE_LISTS.items()},
        text_columns=frozenset({f.ID_NUMBER, f.ENTRY_DOCUMENT}),
        date_columns=frozenset(f.DATE_HEADERS),
        widths={f.UNIT: 30, f.ID_NUMBER: 22, f.ENTRY_DOCUMENT: 22, f.NOTES: 24},
        title_row=title_row,
    )


def roster_template() -> bytes:
    return template_workbook([roster_sheet()], ROSTER_INSTRUCTIONS)
