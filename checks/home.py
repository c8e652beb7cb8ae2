"""The 自查 count on the office's home page (bianzhi.home), from the cached report the 自查 page
reads."""

from django.urls import reverse

from bianzhi import access
from bianzhi.home import Counter, Section, register

from . import figures


@register
class SelfCheck(Section):
    roles = access.OFFICE_ROLES
    order = 40

    def counters(self, user, today):
        if not access.SELF_CHECK.allows(user):
            return []
        return [
            Counter(
                "自查发现问题",
                figures.TOTALS.for_user(user)["breach_total"],
                reverse("checks:breach_list"),
                hint="可能因后续变化而被打破的规则（规则 22）",
                alert=True,
            )
        ]
