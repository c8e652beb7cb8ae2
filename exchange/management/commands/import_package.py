from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from exchange.choices import JobState
from exchange.jobs import command_import
from exchange.package import TABLE_LABELS


class Command(BaseCommand):
    help = (
        "导入下级数据包：先核对清单中每个文件的 SHA-256，再按区划在一个事务中写入（规则 49–50）。"
        "重复导入同一数据包不产生任何变更。"
    )

    def add_arguments(self, parser):
        parser.add_argument("package", help="数据包 zip 文件")

    def handle(self, *args, package, **options):
        path = Path(package)
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。")
        try:
            job = command_import(path.resolve())
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        if job.status != JobState.DONE:
            raise CommandError(job.error)
        result = job.result
        for word, key in (
            ("新增", "created"),
            ("更新", "updated"),
            ("终止", "ended"),
            ("删除", "deleted"),
        ):
            parts = "，".join(
                f"{TABLE_LABELS[t]} {n}" for t, n in (result.get(key) or {}).items() if n
            )
            if parts:
                self.stdout.write(f"{word}：{parts}")
        for kept in result.get("kept", []):
            self.stdout.write(f"未能删除（仍被引用）：{kept}")
        self.stdout.write(f"已导入 {job.region.name} 截至 {job.as_of} 的数据包。")
