from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from reclaims.detection import reclaims_scan


class Command(BaseCommand):
    help = (
        "检查全部编制的可用空编，对出编/调出后空编、长期空编和超比例空编生成空编收回建议"
        "（规则 25）；已有待处理建议的只更新空编数，空编已使用的建议自动消除。建议每日运行一次。"
    )

    def handle(self, *args, **options):
        result = reclaims_scan(today=timezone.localdate(), actor=system_actor())
        self.stdout.write(result.summary)
