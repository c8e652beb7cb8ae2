"""Workbooks built in the tests: rosters in the ledger's layout and hostile files."""

import io
import zipfile

from openpyxl import Workbook

from people.imports.roster_format import HEADERS

ROSTER_ROW = {
    "单位": "示例县本单位",
    "姓名": "张伟",
    "性别": "男",
    "民族": "汉族",
    "政治面貌": "中共党员",
    "人员类别": "非领导人员",
    "编制类型": "事业编制",
    "经费形式": "全额拨款",
    "岗位类别": "专业技术岗位",
    "职务": "教师",
    "进入方式": "事业单位招聘",
    "入编时间": "2015-09-01",
    "参加工作时间": "2015-08-01",
    "学历": "大学本科",
    "学位": "学士",
    "职称": "中级",
}


def roster_row(id_number: str, **changes) -> dict:
    return {**ROSTER_ROW, "身份证号": id_number, **changes}


def workbook_bytes(
    rows: list[dict], headers: list[str] | None = None, title_rows: list[str] = ()
) -> bytes:
    """A roster in the ledger's layout: title rows, then one header row, then the rows."""
    headers = headers or HEADERS
    book = Workbook()
    sheet = book.active
    sheet.title = "实名制人员花名册"
    for title in title_rows:
        sheet.append([title])
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append([number if h == "序号" else row.get(h) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "roster.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def rezip(content: bytes, replace: dict[str, bytes] = (), add: dict[str, bytes] = ()) -> bytes:
    """``content`` with some parts replaced or added."""
    replace, add = dict(replace), dict(add)
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replace.pop(info.filename, None)
            target.writestr(info.filename, data if data is not None else source.read(info))
        for name, data in {**replace, **add}.items():
            target.writestr(name, data)
    return buffer.getvalue()


def institutions_bytes(rows: list[dict], departments: list[dict] | None = None) -> bytes:
    from staffing.imports.institutions_format import DEPARTMENT_HEADERS, INSTITUTION_HEADERS

    book = Workbook()
    sheet = book.active
    sheet.title = "机构"
    sheet.append(["示例县机构编制信息采集表"])
    sheet.append(INSTITUTION_HEADERS)
    for row in rows:
        sheet.append([row.get(h) for h in INSTITUTION_HEADERS])
    if departments is not None:
        second = book.create_sheet("内设机构")
        second.append(DEPARTMENT_HEADERS)
        for row in departments:
            second.append([row.get(h) for h in DEPARTMENT_HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ORGAN_ROW = {
    "机构全称": "示例县教育局",
    "单位类型": "党政机关",
    "系统类别": "政府",
    "机构类别": "工作部门",
    "机构规格": "正科级",
    "批准文号": "示编发〔2019〕1号",
    "批准日期": "2019-03-01",
    "行政编制": 8,
    "机关工勤编制": 1,
    "单位正职职数": 1,
    "单位副职职数": 2,
}
SCHOOL_ROW = {
    "机构全称": "示例县实验小学",
    "主管部门": "示例县教育局",
    "隶属关系": "直属",
    "单位类型": "事业单位",
    "系统类别": "其他",
    "机构类别": "部门所属事业单位",
    "机构规格": "股级",
    "事业单位分类": "公益一类",
    "分类管理领域": "教育",
    "批准文号": "示编发〔2019〕2号",
    "批准日期": "2019-03-05",
    "事业编制（全额拨款）": 40,
    "单位正职职数": 1,
}
