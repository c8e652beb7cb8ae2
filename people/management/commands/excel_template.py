"""python manage.py excel_template KIND --out FILE (KIND: roster 或 institutions)"""

from pathlib import Path

from django.core.management.base import BaseCommand

from people.imports.templates import roster_template
from staffing.imports.templates import institutions_template

TEMPLATES = {"roster": roster_template, "institutions": institutions_template}


class Command(BaseCommand):
    help = "生成空白采集模板（含下拉列表）：roster = 人员信息采集表，institutions = 机构编制信息采集表。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(TEMPLATES))
        parser.add_argument("--out", required=True, help="输出的 .xlsx 文件")

    def handle(self, *args, kind, out, **options):
        Path(out).write_bytes(TEMPLATES[kind]())
        self.stdout.write(f"已生成 {out}")
