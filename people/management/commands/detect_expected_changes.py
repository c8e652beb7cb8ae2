from django.core.management.base import BaseCommand
from django.utils import timezone

from people.services import expected_exits_create

REPORT = "已生成 %d 件系统预警的出编申报（超过退休时间仍在编的人员）。"


class Command(BaseCommand):
    help = (
        "找出超过退休时间仍在编的人员，为其单位生成系统预警的出编申报草稿（规则 9）；"
        "已有未办结申报的人员不重复生成。建议每日运行一次。"
    )

    def handle(self, *args, **options):
        created = expected_exits_create(today=timezone.localdate())
        self.stdout.write(REPORT % len(created))
