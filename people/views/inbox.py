"""消息提醒 (the page behind the bell); the home page's 我的待办 panel is people.home.Tasks."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from .. import inbox
from ..deadlines import warning_days

PER_PAGE = 25


class NotificationsView(TemplateView):
    """消息提醒: everything the bell counts, each entry linked to its request, paginated."""

    template_name = "people/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        notifications = inbox.notifications_for(self.request.user, today=today)
        page = Paginator(notifications.requests, PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            inbox=notifications,
            page=page,
            entries=inbox.entries(page.object_list, today=today),
            today=today,
            warning_days=warning_days(),
        )
        return context
