from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from staffing.pools import loans_return_due


class Command(BaseCommand):
    help = "将已到期的周转池借用编制收回周转池（规则 26，建议每日运行一次）。"

    def handle(self, *args, **options):
        returned, refused = loans_return_due(today=timezone.localdate(), actor=system_actor())
        self.stdout.write(f"已将 {returned} 名到期的借用编制收回周转池。")
        for message in refused:
            self.stdout.write(f"未能收回：{message}")
