"""python manage.py import_roster FILE [--dry-run] [--region CODE] [--marked OUT.xlsx]
[--over-document NUMBER --over-reason TEXT]"""

from django.core.management.base import CommandError

from bianzhi.imports.command import ImportCommand
from orgs.models import Region
from people.imports.roster import RosterImporter


class Command(ImportCommand):
    help = "导入人员信息采集表（实名制花名册）；有任何错误则不写入，错误输出到标准错误，退出码 1。"
    importer = RosterImporter

    def add_import_arguments(self, parser):
        parser.add_argument("--region", help="只在该区划（含下级）的机构中查找单位")
        parser.add_argument(
            "--over-document", default="", help="超编依据文件文号（超出核定数时必填）"
        )
        parser.add_argument("--over-reason", default="", help="超编原因（超出核定数时必填）")

    def importer_options(self, options):
        over = {"over_document": options["over_document"], "over_reason": options["over_reason"]}
        code = options["region"]
        if not code:
            return over
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"行政区划代码“{code}”不存在。")
        return {"region_ids": region.subtree_ids(), **over}
