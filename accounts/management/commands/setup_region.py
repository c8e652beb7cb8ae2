"""Start a real office from an empty database: its region (and, with --parent, below which
region it sits). Run once per region; a rerun with the same data changes nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bianzhi.history import save_tracked, system_actor
from orgs.choices import RegionLevel
from orgs.models import Region

REASON = "系统初始化：建立行政区划"


class Command(BaseCommand):
    help = "建立行政区划（例如：--code 371521 --name 莘县 --level county [--parent 371500]）"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="六位区划代码")
        parser.add_argument("--name", required=True, help="名称")
        parser.add_argument("--level", required=True, choices=RegionLevel.values, help="层级")
        parser.add_argument("--parent", help="上级区划代码（须已建立）")

    def handle(self, *args, code, name, level, parent=None, **options):
        parent_region = None
        if parent:
            parent_region = Region.objects.filter(code=parent).first()
            if parent_region is None:
                raise CommandError(f"上级区划 {parent} 尚未建立，请先建立上级区划。")
        existing = Region.objects.filter(code=code).first()
        if existing is not None:
            if (existing.name, existing.level, existing.parent) != (name, level, parent_region):
                raise CommandError(f"区划代码 {code} 已登记为“{existing.name}”，与所填不同。")
            self.stdout.write(f"行政区划 {code} {name} 已经存在，未作修改。")
            return
        region = Region(code=code, name=name, level=level, parent=parent_region)
        try:
            save_tracked(region, actor=system_actor(), reason=REASON)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"已建立行政区划 {code} {name}。"))
