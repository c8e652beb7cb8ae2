"""``python manage.py generate_city --institutions 6700 --people 188000 --seed 1``"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from bianzhi.history import system_actor
from sampledata.citygen import PASSWORD, CityExists, generate_city


class Command(BaseCommand):
    help = "生成示例市规模测试数据（机构、编制、人员、调整、申报及其历史记录），用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=6700, help="机构数（约数）")
        parser.add_argument("--people", type=int, default=188000, help="在编人员数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="以哪一天为“今天”生成（YYYY-MM-DD，默认今天）；种子和日期都相同时数据完全相同",
        )

    def handle(self, *args, institutions, people, seed, today, **options):
        if institutions < 60 or people < institutions:
            raise CommandError("机构数至少 60，且在编人员数不能少于机构数。")
        started = time.perf_counter()
        try:
            counts = generate_city(
                institutions=institutions,
                people=people,
                seed=seed,
                today=today,
                actor=system_actor(),
                log=self.stdout.write,
            )
        except CityExists as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成示例市：{counts['institutions']} 个机构，{counts['people_in_post']} 名在编人员，"
                f"{counts['history_rows']} 条历史记录，用时 {elapsed:.1f} 秒。"
            )
        )
        self.stdout.write(
            f"账号（密码均为 {PASSWORD}）：cityadmin、citystaff、citypartner（全市），"
            "staff<区划代码>（各县区编办），clerk<区划代码><序号>（各单位经办人）。"
        )
