import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bianzhi import access_log
from bianzhi.history import system_actor
from bianzhi.models import AccessAction, IdNumbers
from exchange import export
from exchange.jobs import EXPORT_LABEL, package_file_name
from orgs.models import Region


class Command(BaseCommand):
    help = (
        "导出上报数据包：某区划（含下级区划）截至某日的机构、编制、人员等数据，"
        "打包为含清单和校验和的 zip 文件（docs/exchange.md）。数据包含完整身份证号，导出记入访问日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("region", help="区划代码，如 990121")
        parser.add_argument("--as-of", help="数据截止日期（YYYY-MM-DD），默认今天")
        parser.add_argument("--output", help="输出文件或目录，默认当前目录")

    def handle(self, *args, region, as_of=None, output=None, **options):
        found = Region.objects.filter(code=region).first()
        if found is None:
            raise CommandError(f"没有代码为 {region} 的行政区划。")
        day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
        target = Path(output or ".")
        if target.is_dir():
            target = target / package_file_name(found, day)
        try:
            manifest = export.write_package(found, day, target)
        except ValueError as error:
            raise CommandError(str(error)) from None
        access_log.record(
            system_actor(),
            action=AccessAction.EXPORT,
            label=EXPORT_LABEL,
            scope=f"命令行导出；区划：{found.name}；截至：{day}",
            id_numbers=IdNumbers.FULL,
        )
        rows = sum(entry["rows"] for entry in manifest["files"])
        self.stdout.write(f"已导出 {found.name} 截至 {day} 的数据包：{target}（{rows} 行）")
