"""python manage.py import_institutions FILE [--dry-run] [--region CODE] [--marked OUT.xlsx]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bianzhi.excel.reader import rows_of
from bianzhi.excel.report import marked_workbook
from bianzhi.excel.safety import Limits
from bianzhi.history import system_actor
from orgs.models import Region
from staffing.imports import institutions_format
from staffing.imports.institutions import institutions_import


class Command(BaseCommand):
    help = (
        "导入机构编制信息采集表（机构、编制、内设机构、领导职数）；有任何错误则不写入，"
        "错误输出到标准错误，退出码 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="仅校验，不写入")
        parser.add_argument(
            "--region", help="机构所属的行政区划代码（表中未填“行政区划代码”时使用）"
        )
        parser.add_argument("--marked", help="有错误时把标出错误单元格的工作簿写到此文件")

    def handle(self, *args, file, dry_run, region, marked, **options):
        target = None
        if region:
            target = Region.objects.filter(code=region).first()
            if target is None:
                raise CommandError(f"行政区划代码“{region}”不存在。")
        else:
            roots = list(Region.objects.filter(parent__isnull=True)[:2])
            target = roots[0] if len(roots) == 1 else None
        with open(file, "rb") as source:
            result = institutions_import(
                file=source,
                actor=system_actor(),
                region=target,
                dry_run=dry_run,
                limits=Limits.command(),
            )
        for notice in result.notices:
            self.stdout.write(f"提示：{notice}")
        if not result.ok:
            for line in result.error_lines():
                self.stderr.write(line)
            if marked:
                with open(file, "rb") as source:
                    rows = list(
                        rows_of(
                            source,
                            institutions_format.INSTITUTION_COLUMNS,
                            institutions_format.INSTITUTION_SHEET,
                            Limits.command(),
                        )
                    )
                Path(marked).write_bytes(marked_workbook(result, rows))
                self.stderr.write(f"已将标出错误的工作簿写入 {marked}")
            raise CommandError(
                f"{result.kind}有 {len(result.errors)} 处错误，未写入任何数据。", returncode=1
            )
        figures = "，".join(f"{name} {count}" for name, count in result.written.items())
        if dry_run:
            self.stdout.write(f"校验通过：{result.rows} 行，未写入（仅校验）。将写入：{figures}。")
        else:
            self.stdout.write(f"已导入（批次 {result.batch}）：{figures}。")
