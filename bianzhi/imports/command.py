"""The base of the import commands: ``manage.py import_x FILE [--dry-run] [--marked OUT.xlsx]``.

Errors go to standard error with exit code 1 and nothing written; the summary goes to standard
output. Commands take the command-line limits (very large files) and act as the system user.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bianzhi.excel.report import ImportResult
from bianzhi.excel.safety import Limits
from bianzhi.history import system_actor

from .pipeline import Importer


class ImportCommand(BaseCommand):
    """Subclasses set ``importer`` and may add options (``add_import_arguments``) that become
    the importer's keywords (``importer_options``)."""

    importer: type[Importer]

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="仅校验，不写入")
        parser.add_argument("--marked", help="有错误时把标出错误单元格的工作簿写到此文件")
        self.add_import_arguments(parser)

    def add_import_arguments(self, parser) -> None:
        pass

    def importer_options(self, options: dict) -> dict:
        return {}

    def handle(self, *args, file, dry_run, marked, **options):
        importer = self.importer(
            actor=system_actor(),
            dry_run=dry_run,
            limits=Limits.command(),
            progress=self.stdout.write,
            **self.importer_options(options),
        )
        with open(file, "rb") as source:
            result = importer.run(source)
        self.report(result, marked, file)

    def report(self, result: ImportResult, marked: str | None, file: str) -> None:
        for notice in result.notices:
            self.stdout.write(f"提示：{notice}")
        if not result.ok:
            for line in result.error_lines():
                self.stderr.write(line)
            if marked:
                with open(file, "rb") as source:
                    content = self.importer.error_workbook(source, result, Limits.command())
                Path(marked).write_bytes(content)
                self.stderr.write(f"已将标出错误的工作簿写入 {marked}")
            raise CommandError(
                f"{result.kind}有 {len(result.errors)} 处错误，未写入任何数据。", returncode=1
            )
        figures = "，".join(f"{name} {count}" for name, count in result.written.items())
        if result.dry_run:
            would = f"将写入：{figures}。" if figures else ""
            self.stdout.write(f"校验通过：{result.rows} 行，未写入（仅校验）。{would}")
        else:
            self.stdout.write(f"已导入 {result.rows} 行（批次 {result.batch}）：{figures}。")
