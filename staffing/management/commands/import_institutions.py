"""python manage.py import_institutions FILE [--dry-run] [--region CODE] [--marked OUT.xlsx]"""

from django.core.management.base import CommandError

from bianzhi.imports.command import ImportCommand
from orgs.models import Region
from staffing.imports.institutions import InstitutionsImporter


class Command(ImportCommand):
    help = (
        "导入机构编制信息采集表（机构、编制、内设机构、领导职数）；有任何错误则不写入，"
        "错误输出到标准错误，退出码 1。"
    )
    importer = InstitutionsImporter

    def add_import_arguments(self, parser):
        parser.add_argument(
            "--region", help="机构所属的行政区划代码（表中未填“行政区划代码”时使用）"
        )

    def importer_options(self, options):
        code = options["region"]
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise CommandError(f"行政区划代码“{code}”不存在。")
            return {"region": region}
        roots = list(Region.objects.filter(parent__isnull=True)[:2])
        return {"region": roots[0] if len(roots) == 1 else None}
