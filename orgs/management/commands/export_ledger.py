"""python manage.py export_ledger KIND --out FILE [--region CODE] [--institution ID] [--as-of DATE]
[--user USERNAME]

Writes one ledger (台账) to an .xlsx file. Without --user it is written as the office admin of the
region (--region, or the only top-level region), so with every unit and full ID numbers; with
--user it is that user's view: their scope, and ID numbers masked where their role requires.
Every export is in the 访问日志 (as the user, or without --user as the system account).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bianzhi import access, exports, ledgers
from bianzhi.history import system_actor
from orgs.ledgers import AS_OF, REGION_CODE, UNDER
from orgs.models import Region, UserScope

COMMAND_URL = "manage.py export_ledger"
NO_SUCH_USER = "没有用户名为“%(username)s”的在用账号。"
WHICH_REGION = "数据库中有多个顶级行政区划，请用 --region 指定区划代码。"
NO_REGION = "数据库中没有行政区划。"


def office_admin_of(region: Region):
    """An unsaved office-admin account scoped to ``region``: the command line sees what the
    region's office sees, and nothing is written for it."""
    user = get_user_model()(username="export_ledger", is_active=True)
    user.scope = UserScope(user=user, role=access.Role.OFFICE_ADMIN, region=region)
    return user


class Command(BaseCommand):
    help = "导出 Excel 台账 / write a ledger to an .xlsx file"

    def add_arguments(self, parser):
        kinds = ", ".join(ledger.kind for ledger in ledgers.every())
        parser.add_argument("kind", help=f"台账种类 / ledger: {kinds}")
        parser.add_argument("--out", required=True, help="输出文件 / the .xlsx to write")
        parser.add_argument("--region", help="区划代码（含下级）/ region code, with its subtree")
        parser.add_argument(
            "--institution", help="机构编号（含下属单位）/ institution id, with its subtree"
        )
        parser.add_argument("--as-of", dest="as_of", help="截至日期 YYYY-MM-DD / cut-off date")
        parser.add_argument("--user", help="以该用户的范围导出 / export as this user sees it")

    def handle(self, *args, **options):
        try:
            ledger = ledgers.get(options["kind"])
        except ledgers.LedgerError as error:
            raise CommandError(str(error)) from None
        user = self.user(options)
        params = {
            REGION_CODE: options["region"] or "",
            UNDER: options["institution"] or "",
            AS_OF: options["as_of"] or "",
        }
        try:
            rows = ledgers.write_ledger(ledger, user=user, params=params, target=options["out"])
        except ledgers.LedgerError as error:
            raise CommandError(str(error)) from None
        logged_as = user if user.pk is not None else system_actor()
        exports.log_export(logged_as, ledger, params, COMMAND_URL, user=user)
        self.stdout.write(f"已导出{ledger.title} {rows} 行：{options['out']}")

    def user(self, options):
        if options["user"]:
            user = (
                get_user_model()
                .objects.filter(username=options["user"], is_active=True)
                .select_related("scope")
                .first()
            )
            if user is None:
                raise CommandError(NO_SUCH_USER % {"username": options["user"]})
            return user
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"没有区划代码为“{options['region']}”的行政区划。")
            return office_admin_of(region)
        roots = list(Region.objects.filter(parent__isnull=True)[:2])
        if not roots:
            raise CommandError(NO_REGION)
        if len(roots) > 1:
            raise CommandError(WHICH_REGION)
        return office_admin_of(roots[0])
