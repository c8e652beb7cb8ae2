"""python manage.py import_roster FILE [--dry-run] [--region CODE] [--marked OUT.xlsx]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bianzhi.excel.reader import rows_of
from bianzhi.excel.report import marked_workbook
from bianzhi.excel.safety import Limits
from bianzhi.history import system_actor
from orgs.models import Region
from people.imports import roster_format
from people.imports.roster import roster_import


def report(command, result, marked: str | None, file_path: str, columns) -> None:
    """Print the outcome: errors on stderr (and exit code 1), the summary on stdout."""
    for notice in result.notices:
        command.stdout.write(f"提示：{notice}")
    if not result.ok:
        for line in result.error_lines():
            command.stderr.write(line)
        if marked:
            with open(file_path, "rb") as source:
                rows = list(rows_of(source, columns, limits=Limits.command()))
            Path(marked).write_bytes(marked_workbook(result, rows))
            command.stderr.write(f"已将标出错误的工作簿写入 {marked}")
        raise CommandError(
            f"{result.kind}有 {len(result.errors)} 处错误，未写入任何数据。", returncode=1
        )
    figures = "，".join(f"{name} {count}" for name, count in result.written.items())
    if result.dry_run:
        command.stdout.write(f"校验通过：{result.rows} 行，未写入（仅校验）。")
    else:
        command.stdout.write(f"已导入 {result.rows} 行（批次 {result.batch}）：{figures}。")


def region_ids(code: str | None):
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise CommandError(f"行政区划代码“{code}”不存在。")
    return region, region.subtree_ids()


class Command(BaseCommand):
    help = "导入人员信息采集表（实名制花名册）；有任何错误则不写入，错误输出到标准错误，退出码 1。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="仅校验，不写入")
        parser.add_argument("--region", help="只在该区划（含下级）的机构中查找单位")
        parser.add_argument("--marked", help="有错误时把标出错误单元格的工作簿写到此文件")

    def handle(self, *args, file, dry_run, region, marked, **options):
        scope = region_ids(region)
        with open(file, "rb") as source:
            result = roster_import(
                file=source,
                actor=system_actor(),
                dry_run=dry_run,
                limits=Limits.command(),
                region_ids=scope[1] if scope else None,
            )
        report(self, result, marked, file, roster_format.COLUMNS)
