from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from staffing.services import quotas_bring_into_force


class Command(BaseCommand):
    help = "使到期生效的编制调整计入各编制的核定数（建议每日运行一次，规则 15）。"

    def handle(self, *args, **options):
        moved = quotas_bring_into_force(today=timezone.localdate(), actor=system_actor())
        self.stdout.write(f"已有 {moved} 条编制的核定数按今日生效的调整更新。")
