"""The blank 机构编制信息采集表 template (sheets 机构 and 内设机构, drop-down lists)."""

from bianzhi.excel.template import TemplateSheet, template_workbook

from . import institutions_format as f

INSTITUTION_INSTRUCTIONS = [
    "机构编制信息采集表填写说明",
    "1. “机构”表一行一个机构；表头文字不可修改，列的先后顺序可以调整，标 * 的列必须填写。",
    "2. 主管部门须为系统中已登记的在用机构，或本表中的另一行（顺序不限）。",
    "3. 编制按类型分列填写核定数（空白为 0）：党政机关可核定行政编制、政法专项编制、机关工勤编制；群团机关可核定行政编制、机关工勤编制；事业单位和参公单位只核定事业编制，按经费形式分列（不得混编）。",
    "4. 批准文号、批准日期为核定该机构编制的文件；文号未登记的将登记为批准文件，已登记的须与发文日期一致。",
    "5. 事业单位须填写事业单位分类；只有事业单位和参公单位才填写事业单位法人证书号；统一社会信用代码须通过校验。",
    "6. “内设机构”表可不填；填写时一行一个内设机构，单位须为“机构”表中的一行或已登记的机构，核定内设机构领导职数时须填写批准文号。",
    "7. 导入时先校验整个文件：有任何错误则不写入任何数据，并列出全部错误（第N行 列名：说明）。",
]


def institutions_template() -> bytes:
    quota_headers = frozenset(f.QUOTA_HEADERS.values()) | frozenset(f.LEADERSHIP_COLUMNS)
    institutions = TemplateSheet(
        title=f.INSTITUTION_SHEET,
        headers=list(f.INSTITUTION_HEADERS),
        required=f.REQUIRED,
        value_lists={
            header: list(values)
            for header, values in f.VALUE_LISTS.items()
            if header != f.DEPARTMENT_LEVEL
        },
        text_columns=frozenset({f.CREDIT_CODE, f.LEGAL_PERSON_CERT, f.REGION, f.DOCUMENT}),
        date_columns=frozenset({f.DOCUMENT_DATE}),
        count_columns=quota_headers,
        widths={f.FULL_NAME: 30, f.PARENT: 24, f.CREDIT_CODE: 22, f.DOCUMENT: 22},
        rows=1000,
    )
    departments = TemplateSheet(
        title=f.DEPARTMENT_SHEET,
        headers=list(f.DEPARTMENT_HEADERS),
        required=f.DEPARTMENT_REQUIRED,
        value_lists={f.DEPARTMENT_LEVEL: list(f.VALUE_LISTS[f.DEPARTMENT_LEVEL])},
        text_columns=frozenset({f.DOCUMENT}),
        date_columns=frozenset({f.DOCUMENT_DATE}),
        count_columns=frozenset(f.DEPARTMENT_LEADERSHIP),
        widths={f.DEPARTMENT_UNIT: 30, f.DEPARTMENT_NAME: 20, f.DOCUMENT: 22},
        rows=1000,
    )
    return template_workbook([institutions, departments], INSTITUTION_INSTRUCTIONS)
