"""python manage.py backup [--output DIR]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bianzhi.backup.archive import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与全部存储文件（扫描件、证书 PDF 等）为一个 .tar 归档，附核对清单。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="归档写入的目录（默认 var/backups）",
        )

    def handle(self, *args, output, **options):
        try:
            path = backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已写入备份：{path}")
