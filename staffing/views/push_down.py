"""编制下沉统计: quota pushed down per township, year and mode (rule 23), within the user's
scope; the same rows as its ledger (``staffing.ledgers.push_down``)."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from bianzhi import access
from bianzhi.views import table_pagination

from ..choices import PushDownMode
from ..ledgers.push_down import MODE, YEAR, mode_param, year_param
from ..push_down import push_down_totals, push_down_years
from ..tables import PushDownTable

PER_PAGE = 50
NO_ROLE = "您的账号没有角色，不能查看编制下沉统计。"


class PushDownTotalsView(TemplateView):
    template_name = "staffing/push_down_totals.html"

    def dispatch(self, request, *args, **kwargs):
        # Signing in is required by the middleware; a user without a role sees nothing.
        if not access.ANY_ROLE.allows(request.user):
            raise PermissionDenied(NO_ROLE)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        year = year_param(self.request.GET.get(YEAR))
        mode = mode_param(self.request.GET.get(MODE))
        rows = push_down_totals(user, year=year, mode=mode, as_of=today)
        table = PushDownTable(rows)
        RequestConfig(self.request, paginate=table_pagination(PER_PAGE)).configure(table)
        by_mode = dict.fromkeys(PushDownMode, 0)
        for row in rows:
            by_mode[PushDownMode(row.mode)] += row.quota
        context.update(
            today=today,
            table=table,
            years=push_down_years(user),
            modes=PushDownMode.choices,
            year=year,
            mode=mode,
            total=sum(row.quota for row in rows),
            townships=len({row.township_id for row in rows}),
            by_mode=[(choice.label, count) for choice, count in by_mode.items()],
        )
        return context
