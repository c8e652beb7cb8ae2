"""违规案件 on the office's home page (bianzhi.home): open cases and the overdue ones among
them, each linked to the filtered list (one query)."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Section, register

from .selectors import figures_for


@register
class OpenCases(Section):
    roles = access.OFFICE_ROLES
    order = 47

    def counters(self, user, today):
        figures = figures_for(user, today)
        if figures is None:
            return []
        url = reverse("cases:case_list")
        return [
            Counter(
                "未办结违规案件",
                figures.open,
                url + "?open=1",
                hint="已受理、尚未办结的12310举报案件（举报必查、事后反馈，规则 34）",
            ),
            Counter(
                "逾期未办结违规案件",
                figures.overdue,
                url + "?overdue=1",
                hint="超过办理期限仍未办结的举报案件",
                alert=True,
            ),
        ]
