"""机构编制信息采集表: the office's import page and blank template."""

from bianzhi.excel.views import BackgroundImportView, TemplateDownloadView
from orgs.models import Institution

from ..imports.institutions import InstitutionsImporter
from ..imports.templates import institutions_template


class InstitutionsImportView(BackgroundImportView):
    model = Institution
    title = "机构编制信息采集表导入"
    intro = (
        "按模板填写“机构”表（一行一个机构及其编制、单位领导职数）和“内设机构”表，上传后先校验整个文件，"
        "有任何错误则不写入；机构、编制和职数均按表中的批准文号登记。"
    )
    importer = InstitutionsImporter
    template_url_name = "staffing:institutions_template"


class InstitutionsTemplateView(TemplateDownloadView):
    model = Institution
    filename = "机构编制信息采集表（模板）.xlsx"

    def build(self) -> bytes:
        return institutions_template()
