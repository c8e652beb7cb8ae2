"""The first 编办管理员 of a region, from the command line: it then creates every other account
in the application. The initial password is printed once and must be changed at first sign-in."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import create_office_admin
from bianzhi.history import system_actor
from orgs.models import Region

REASON = "系统初始化：创建编办管理员"


class Command(BaseCommand):
    help = "为行政区划创建编办管理员账号，打印一次初始密码（首次登录须修改）"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（须已用 setup_region 建立）")
        parser.add_argument("--username", required=True, help="用户名")
        parser.add_argument("--name", required=True, help="姓名")

    def handle(self, *args, region, username, name, **options):
        target = Region.objects.filter(code=region).first()
        if target is None:
            raise CommandError(f"行政区划 {region} 尚未建立，请先运行 setup_region。")
        try:
            user, password = create_office_admin(
                actor=system_actor(),
                username=username,
                full_name=name,
                region=target,
                reason=REASON,
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"已创建 {target} 编办管理员 {user.username}。"))
        self.stdout.write(f"初始密码（只显示这一次，首次登录须修改）：{password}")
