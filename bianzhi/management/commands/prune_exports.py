"""python manage.py prune_exports [--days N]: delete exported ledger files older than N days (7 by
default) and mark their jobs as expired, so BIANZHI_VAR_DIR/exports does not grow without end;
and the files of imports (BIANZHI_VAR_DIR/imports: marked error workbooks, uploads a worker never
read) older than that, which hold the uploaded rows with full ID numbers; and delete access-log entries (访问日志) older than
``ACCESS_LOG_KEEP_DAYS`` — never one younger than 180 days, whatever ``--days`` says."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi import access_log
from bianzhi.models import ExportJob, ExportStatus, ImportJob

EXPIRED = "文件已过保存期限，已删除；请重新导出。"


class Command(BaseCommand):
    help = "删除过期的台账导出文件 / delete old ledger export files"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="保留天数 / days to keep")

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=options["days"])
        old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(path="")
        removed = 0
        for job in old:
            Path(job.path).unlink(missing_ok=True)
            job.path = ""
            job.status = ExportStatus.FAILED
            job.error = EXPIRED
            job.save(update_fields=["path", "status", "error"])
            removed += 1
        self.stdout.write(f"已删除 {removed} 个过期导出文件。")
        marked = 0
        for path in (Path(settings.VAR_DIR) / "imports").glob("*.xlsx"):
            if path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
                marked += 1
        ImportJob.objects.filter(created_at__lt=cutoff).exclude(marked_path="").update(
            marked_path=""
        )
        self.stdout.write(f"已删除 {marked} 个过期的导入错误清单。")
        entries = access_log.prune()
        self.stdout.write(f"已删除 {entries} 条保存满 {access_log.keep_days()} 天的访问日志。")
