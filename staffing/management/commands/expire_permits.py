from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from staffing.services import permits_expire


class Command(BaseCommand):
    help = "将已过有效期的用编通知单标记为已过期（建议每日运行一次）。"

    def handle(self, *args, **options):
        expired = permits_expire(today=timezone.localdate(), actor=system_actor())
        self.stdout.write(f"已将 {expired} 张过期的用编通知单标记为已过期。")
