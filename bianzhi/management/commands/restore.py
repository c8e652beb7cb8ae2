"""python manage.py restore ARCHIVE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bianzhi.backup.archive import BackupError, restore


class Command(BaseCommand):
    help = "把 backup 写出的归档恢复到新建的空数据库与文件存储，并按清单核对行数与文件哈希。"

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            content = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(content["row_counts"].values())
        self.stdout.write(
            f"已恢复并核对：{rows} 行、{len(content['files'])} 个文件"
            f"（备份于 {content['created_at']}）。"
        )
