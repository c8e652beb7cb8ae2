"""我的待办 (the home page's panel, loaded with htmx) and 消息提醒 (the page behind the bell)."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.views.generic import TemplateView

from .. import inbox
from ..deadlines import warning_days

# The home page panel shows the most urgent few; the rest are one click away.
TASKS_SHOWN = 8
PER_PAGE = 25


class MyTasksView(TemplateView):
    """A fragment for the home page (``orgs:home`` loads it with ``hx-get``, since orgs may not
    import people): a clerk's drafts with their deadlines and its returned requests, a
    reviewer's submissions to review, the office's submissions to approve. Roles without such
    work (partners) get an empty panel. Three queries whatever the number of requests: the
    first few, their people, the total."""

    template_name = "people/includes/my_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        tasks = inbox.tasks_for(self.request.user)
        shown = list(tasks.requests[:TASKS_SHOWN]) if tasks else []
        total = tasks.requests.count() if tasks else 0
        context.update(
            inbox=tasks,
            entries=inbox.entries(shown, today=today),
            total=total,
            more=total - len(shown),
            today=today,
        )
        return context


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
