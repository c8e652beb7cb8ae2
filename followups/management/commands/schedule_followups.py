from django.core.management.base import BaseCommand
from django.utils import timezone

from bianzhi.history import system_actor
from followups.scheduling import followups_schedule


class Command(BaseCommand):
    help = (
        "为批复的编制调整和新设机构安排批复6个月、1年的跟踪问效（规则 40）；"
        "已安排的不重复安排。建议每日运行一次。"
    )

    def handle(self, *args, **options):
        result = followups_schedule(today=timezone.localdate(), actor=system_actor())
        self.stdout.write(result.summary)
