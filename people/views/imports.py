"""人员信息采集表: the office's import page and blank template."""

from bianzhi.excel.views import ImportView, MarkedWorkbookView, TemplateDownloadView

from ..imports.roster import RosterImporter
from ..imports.templates import roster_template
from ..models import Person


class RosterImportView(ImportView):
    model = Person
    title = "人员信息采集表导入"
    intro = (
        "导入现有在编人员（列与实名制人员花名册相同，顺序不限）。先校验整个文件，有任何错误则不写入；"
        "现有超编情况如实导入并列出。导入不占用用编通知单；新进人员请办理入编登记或变动申报。"
    )
    importer = RosterImporter
    template_url_name = "people:roster_template"
    marked_url_name = "people:roster_import_marked"

    def importer_options(self):
        return {"region_ids": self.request.user.scope.region_ids()}


class RosterMarkedView(MarkedWorkbookView):
    model = Person


class RosterTemplateView(TemplateDownloadView):
    model = Person
    filename = "人员信息采集表（模板）.xlsx"

    def build(self) -> bytes:
        return roster_template()
