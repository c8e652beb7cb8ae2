"""python manage.py prune_exports [--days N]: delete exported ledger files older than N days (7 by
default) and mark their jobs as expired, so the generated files' storage (bianzhi.files:
BIANZHI_VAR_DIR, a shared directory or the S3 bucket) does not grow without end under exports/;
and the files of imports (imports/: marked error workbooks, uploads a worker never read) and of
registry packages (exchange/: exported packages, uploads never confirmed) older than that, which
hold full ID numbers; and delete access-log entries (访问日志) older than
``ACCESS_LOG_KEEP_DAYS`` — never one younger than 180 days, whatever ``--days`` says."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi import access_log, files
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
            files.delete(job.path)
            job.path = ""
            job.status = ExportStatus.FAILED
            job.error = EXPIRED
            job.save(update_fields=["path", "status", "error"])
            removed += 1
        self.stdout.write(f"已删除 {removed} 个过期导出文件。")
        marked = 0
        storage = files.generated()
        for name in [*files.names_in("imports"), *files.names_in("exchange")]:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                marked += 1
        ImportJob.objects.filter(created_at__lt=cutoff).exclude(marked_path="").update(
            marked_path=""
        )
        self.stdout.write(f"已删除 {marked} 个过期的导入文件和数据包。")
        entries = access_log.prune()
        self.stdout.write(f"已删除 {entries} 条保存满 {access_log.keep_days()} 天的访问日志。")
